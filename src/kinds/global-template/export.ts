import type { GalileoClient } from '../../galileo/create-client.js';
import { explicitTemplateSettings, normalizeTemplate } from '../../engine/normalize-live.js';
import type { OrgExport, OrgExportContext } from '../live-read.js';
import { listProjects } from '../project/api.js';
import { listProjectTemplates, queryTemplates } from '../template/api.js';

/**
 * The org's global templates as manifest entries: every template no project lists (those are exported with their
 * project), its selected version's text (a message list as `messages`) and settings (but Galileo's defaults), `adopt: true`; `keysById` lets
 * an experiment's export name the one it runs (`template: {global: key}`).
 */
export async function exportGlobalTemplates(client: GalileoClient, { key }: OrgExportContext): Promise<OrgExport> {
  const [all, projects] = await Promise.all([queryTemplates(client), listProjects(client)]);
  const inProjects = new Set((await Promise.all(projects.map((p) => listProjectTemplates(client, p.id)))).flat().map((t) => t.id));
  const entries: OrgExport['entries'] = {};
  const keysById: Record<string, string> = {};
  for (const t of all.filter((x) => !inProjects.has(x.id)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const { template, settings: all } = normalizeTemplate(t, '').state;
    const settings = explicitTemplateSettings(all);
    const k = key(t.name);
    keysById[t.id] = k;
    entries[k] = {
      ...(k === t.name ? {} : { name: t.name }),
      ...(template.startsWith('[{') ? { messages: JSON.parse(template) as unknown } : { template }),
      ...(Object.keys(settings).length === 0 ? {} : { settings }),
      adopt: true,
    };
  }
  return { entries, warnings: [], keysById };
}
