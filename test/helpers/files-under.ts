import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file below `dir`, at any depth: what a command wrote, for tests that check no file holds a secret. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
