// typescript-eslint resolved from this package, so it runs on this package's TypeScript 5.9 (the root's
// TypeScript 7 has no JS compiler API), and the project's own rules. eslint.config.js imports 'galctl-lint'.
export { default as tseslint } from 'typescript-eslint';
export { default as galctl } from './layers.js';
