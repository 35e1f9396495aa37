import type { ValidateFunction } from 'ajv';

/**
 * The manifest's validator compiled ahead of time. In the sources it is undefined (validate-schema.ts then compiles
 * the schema at first use); `npm run build` replaces this module's output, dist/manifest/prebuilt-validator.js, with
 * ajv's standalone code for the same schema and options (scripts/build-cli.mjs), and the CLI bundle carries that.
 */
export const prebuiltValidator: ValidateFunction | undefined = undefined;
