import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A temp directory holding a copy of galileo.yaml.example (as galileo.yaml) and the examples/ it references, so a
 * test can edit the manifest and its files. The caller removes it.
 */
export async function copyExampleWorkspace(prefix: string): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), `galctl-${prefix}-`));
  await cp(path.join(ROOT, 'examples'), path.join(work, 'examples'), { recursive: true });
  await cp(path.join(ROOT, 'galileo.yaml.example'), path.join(work, 'galileo.yaml'));
  return work;
}
