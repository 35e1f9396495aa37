import { readFile } from 'node:fs/promises';
import { SCHEMA_URL } from '../../manifest/validate-schema.js';
import type { Command } from '../command.js';

const HELP = `Usage: galctl schema

Prints the JSON Schema of the manifest (galileo.yaml), the file galctl validates against. Editors use it for
completion and inline errors; the installed package also ships it as node_modules/galctl/schemas/galileo.schema.json.
See docs/editor.md.
`;

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the manifest\'s JSON Schema (for editors)',
  help: HELP,
  options: {},
  run: async (_args, io) => {
    io.stdout(await readFile(SCHEMA_URL, 'utf8'));
    return 0;
  },
};
