import type { GalileoClient } from '../../galileo/create-client.js';
import { normalizeTemplate } from '../../engine/normalize-live.js';
import type { OrgExport, OrgExportContext } from '../live-read.js';
import { listProjects } from '../project/api.js';
import { listProjectTemplates, queryTemplates } from '../template/api.js';

/**
 * The org's global templates as manifest entries: every template no project lists (those are exported with their
 * project), its selected version's text (a message list as `messages`) and settings, `adopt: true`.
 */
export async function exportGlobalTemplates(client: GalileoClient, { key }: OrgExportContext): Promise<OrgExport> {
  const [all, projects] = await Promise.all([queryTemplates(client), listProjects(client)]);
  const inProjects = new Set((await Promise.all(projects.map((p) => listProjectTemplates(client, p.id)))).flat().map((t) => t.id));
  const entries: OrgExport['entries'] = {};
  for (const t of all.filter((x) => !inProjects.has(x.id)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const { template, settings } = normalizeTemplate(t, '').state;
    const k = key(t.name);
    entries[k] = {
      ...(k === t.name ? {} : { name: t.name }),
      ...(template.startsWith('[{') ? { messages: JSON.parse(template) as unknown } : { template }),
      ...(Object.keys(settings).length === 0 ? {} : { settings }),
      adopt: true,
    };
  }
  return { entries, warnings: [] };
}
