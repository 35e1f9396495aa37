// ESLint rules for the layers: a file may not import from the folders its layer forbids. One implementation
// under one name per layer, so that the layers' options do not replace each other where their files overlap.
// Options: { forbid: ['src/galileo', ...], allow?: ['src/append-all.ts', ...], why: '...' }.
// A relative import is resolved against the importing file, so '../galileo/x.js' and '../../galileo/x.js'
// both count, whatever the file's depth; bare package names are left to no-restricted-imports.
import { dirname, relative, resolve, sep } from 'node:path';

const root = process.cwd();

/** 'src/plan/x.ts' style path of an absolute file, with forward slashes. */
function fromRoot(file) {
  return relative(root, file).split(sep).join('/');
}

function inside(path, folder) {
  return path === folder || path.startsWith(`${folder}/`) || path === `${folder}.ts` || path === `${folder}.js`;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports that cross the layers described in CONTRIBUTING.md' },
    schema: [
      {
        type: 'object',
        properties: {
          forbid: { type: 'array', items: { type: 'string' } },
          allow: { type: 'array', items: { type: 'string' } },
          why: { type: 'string' },
        },
        required: ['forbid', 'why'],
        additionalProperties: false,
      },
    ],
    messages: { crosses: "'{{target}}' is in {{folder}}: {{why}}" },
  },
  create(context) {
    const { forbid, allow = [], why } = context.options[0];
    const here = dirname(context.filename);
    function check(node) {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = fromRoot(resolve(here, spec)).replace(/\.js$/, '.ts');
      if (allow.some((a) => inside(target, a.replace(/\.js$/, '.ts')))) return;
      const folder = forbid.find((f) => inside(target, f));
      if (folder !== undefined) context.report({ node: node.source, messageId: 'crosses', data: { target, folder, why } });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default {
  meta: { name: 'galctl' },
  rules: { 'pure-layers': rule, 'transport-only': rule, 'cli-on-top': rule, 'sim-apart': rule },
};
