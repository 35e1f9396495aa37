import type { UnmanagedResource } from '../../core/plan-types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import type { ProjectDB } from '../../galileo/types.js';
import type { ListedObject } from '../../kinds/live-read.js';
import { kindOf } from '../../kinds/registry.js';

/**
 * What deleting the stack's undeclared objects would lose, written on them as `caution` by their kind
 * (KindDescriptor.caution: a run's traces, the listed experiments that use a dataset); only the stack's own
 * orphans are asked about. The plan shows it on the delete (markdown: a [!CAUTION] block).
 */
export async function addCautions(client: GalileoClient, unmanaged: UnmanagedResource[], projects: readonly ProjectDB[], listed: readonly ListedObject[]): Promise<void> {
  const projectId = new Map(projects.map((p) => [p.name, p.id]));
  await Promise.all(
    unmanaged.map(async (u) => {
      const caution = kindOf(u.kind).caution;
      if (!u.owned || u.protected === true || caution === undefined) return;
      const pid = u.project === undefined ? undefined : projectId.get(u.project);
      const text = await caution(client, u, { ...(pid === undefined ? {} : { projectId: pid }), listed });
      if (text !== undefined) u.caution = text;
    }),
  );
}
