import type { GalileoClient } from '../../galileo/create-client.js';
import type { OrgExport, OrgExportContext } from '../live-read.js';
import { queryAnnotationQueues } from './api.js';
import { annotationQueueLive } from './live.js';

/** The org's annotation queues as manifest entries: description, annotators, rubrics as they are live, `adopt: true`. */
export async function exportAnnotationQueues(client: GalileoClient, { key }: OrgExportContext): Promise<OrgExport> {
  const queues = (await queryAnnotationQueues(client)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const states = await Promise.all(queues.map(async (q) => (await annotationQueueLive.normalize(q, { client })).state));
  const entries: OrgExport['entries'] = {};
  for (const s of states) {
    const k = key(s.name);
    const templates = Object.fromEntries(
      Object.entries(s.templates).map(([name, t]) => [
        name,
        {
          ...(t.criteria === null ? {} : { criteria: t.criteria }),
          constraints: t.constraints,
          ...(t.include_explanation ? { include_explanation: true } : {}),
        },
      ]),
    );
    entries[k] = {
      ...(k === s.name ? {} : { name: s.name }),
      ...(s.description == null || s.description === '' ? {} : { description: s.description }),
      ...((s.annotators ?? []).length === 0 ? {} : { annotators: s.annotators }),
      ...(Object.keys(templates).length === 0 ? {} : { templates }),
      adopt: true,
    };
  }
  return { entries, warnings: [] };
}
