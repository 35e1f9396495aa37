import { describe, expect, it } from 'vitest';
import { bundleModules, moduleAt } from '../../bench/cpu-profile.js';

// The CLI runs as one bundle (scripts/build-cli.mjs): the bench's profile notes attribute its lines to the modules
// esbuild marks in it, or every note would say "dist/cli-bundle".

describe('bundle modules in a CPU profile', () => {
  const text = ['import x;', '// src/core/errors.ts', 'class E {}', '', '// node_modules/yaml/dist/index.js', 'var y;', '// src/manifest/yaml-source.ts', 'function p() {}'].join('\n');

  it('finds the module markers, with their 0-based lines', () => {
    expect(bundleModules(text)).toEqual([
      { line: 1, module: 'src/core/errors.ts' },
      { line: 4, module: 'node_modules/yaml/dist/index.js' },
      { line: 6, module: 'src/manifest/yaml-source.ts' },
    ]);
    expect(bundleModules('const a = 1; // src/not-a-marker.ts\n')).toEqual([]);
  });

  it('gives a line the last module marked at or before it, none before the first', () => {
    const modules = bundleModules(text);
    expect(moduleAt(modules, 0)).toBeUndefined();
    expect(moduleAt(modules, 2)).toBe('src/core/errors.ts');
    expect(moduleAt(modules, 5)).toBe('node_modules/yaml/dist/index.js');
    expect(moduleAt(modules, 7)).toBe('src/manifest/yaml-source.ts');
    expect(moduleAt(modules, 100)).toBe('src/manifest/yaml-source.ts');
  });
});
