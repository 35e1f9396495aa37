// ESLint: type-aware rules over src, test and bench, and the layer rules (which folder may import which).
// typescript-eslint comes from the tools/lint workspace, which pins the TypeScript 5.9 it needs: the project
// builds with TypeScript 7, which has no JS compiler API. Run with `npm run lint`.
import { galctl, tseslint } from 'galctl-lint';

/** Modules that do I/O: the pure layers (core, plan, render) import none of them. */
const ioModules = [
  'fs',
  'fs/promises',
  'node:fs',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'http2',
  'node:http2',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
  'undici',
].map((name) => ({ name, message: 'this layer is pure: do the I/O in the caller and pass the data in' }));

/** Layer rules: the import directions CONTRIBUTING.md describes ("Layers"). */
const layers = [
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ioModules }],
      'galctl/pure-layers': ['error', { forbid: ['src'], allow: ['src/core'], why: 'core is pure and imports nothing else of ours' }],
    },
  },
  {
    files: ['src/render/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ioModules }],
      'galctl/pure-layers': [
        'error',
        {
          forbid: ['src/galileo', 'src/cli', 'src/sim', 'src/pipeline', 'src/action', 'src/manifest', 'src/traces', 'src/runner'],
          allow: ['src/galileo/request-stats.ts'],
          why: 'render is pure: it formats data it is given, with no transport, CLI or simulator',
        },
      ],
    },
  },
  {
    files: ['src/galileo/**/*.ts'],
    rules: {
      'galctl/transport-only': [
        'error',
        { forbid: ['src'], allow: ['src/galileo', 'src/core'], why: 'galileo is the HTTP transport: it knows nothing of manifests, kinds, plans or exports' },
      ],
    },
  },
  {
    files: ['src/traces/**/*.ts'],
    rules: {
      'galctl/transport-only': ['error', { forbid: ['src'], allow: ['src/traces', 'src/core', 'src/galileo'], why: 'traces reads trace files and ingests them over the transport, nothing more' }],
    },
  },
  {
    files: ['src/manifest/**/*.ts', 'src/kinds/**/*.ts', 'src/engine/**/*.ts', 'src/check/**/*.ts', 'src/runs/**/*.ts', 'src/runner/**/*.ts'],
    rules: {
      'galctl/transport-only': ['error', { forbid: ['src/pipeline', 'src/render', 'src/sim', 'src/action'], allow: ['src/render/escape-control.ts'], why: 'the pipeline composes these layers, not the other way round' }],
    },
  },
  {
    // src/action runs the CLI in-process (main, Io); src/index.ts re-exports main and Io as the public API
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/action/**', 'src/index.ts', 'src/sim/**'],
    rules: {
      'galctl/cli-on-top': ['error', { forbid: ['src/cli'], why: 'nothing imports the CLI; it sits on top' }],
    },
  },
  {
    files: ['src/sim/**/*.ts'],
    rules: {
      'galctl/sim-apart': [
        'error',
        {
          forbid: ['src'],
          allow: ['src/sim', 'src/core/append-all.ts', 'src/core/model-providers.ts', 'src/galileo/preset-names.ts'],
          why: 'the simulator stands for Galileo: it shares only append-all, the model aliases and the preset names with galctl',
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'action/dist/**', 'bench/out/**', 'node_modules/**', 'tools/**/node_modules/**', 'test/fixtures/**'],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    // src keeps a directive for core's no-control-regex, which is not on here (control-character regexes are deliberate)
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { galctl },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // String(x) on unknown wire values is deliberate (ids, filter values, CSV cells): ~30 sites, all intended
      '@typescript-eslint/no-base-to-string': 'off',
      // wire enums list the known values and stay open on purpose ('pending' | 'completed' | string)
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // DEFERRED until after the src/ restructure (a fix now would conflict with every moved file):
      //   no-unnecessary-type-assertion: 21 sites, `npx eslint --fix --rule '{"@typescript-eslint/no-unnecessary-type-assertion":"error"}' src test bench`
      //   require-await: 15 sites (async callbacks that satisfy a Promise-returning type), fix by hand
      //   unbound-method: 5 sites in src/cli (io.write passed as a callback), fix by hand
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // tests read JSON bodies and CLI output as `any` on purpose; the assertions check their shape
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  ...layers,
);
