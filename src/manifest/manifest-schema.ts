/**
 * The manifest's JSON Schema, assembled from the shared part (schema-base.ts) and each kind's part
 * (KindDescriptor.schema): org kinds' sections at the top level, project kinds' sections in a project. galctl
 * validates with it; schemas/galileo.schema.json (shipped for editors) must equal it (test/manifest/schema.test.ts).
 */
import { KIND_LIST } from '../kinds/registry.js';
import { SCHEMA_BASE } from './schema-base.js';

type SchemaObject = Record<string, unknown> & { properties: Record<string, unknown>; $defs: Record<string, unknown> };

export function assembleManifestSchema(): Record<string, unknown> {
  const schema = structuredClone(SCHEMA_BASE) as SchemaObject;
  for (const kind of KIND_LIST) {
    if (kind.schema === undefined || kind.manifestKey === undefined) continue;
    Object.assign(schema.$defs, structuredClone(kind.schema.defs));
    if (kind.scope === 'org') schema.properties[kind.manifestKey] = structuredClone(kind.schema.section);
  }
  // a project holds each project kind's section
  const project = schema.$defs['project'] as { properties: Record<string, unknown> } | undefined;
  for (const kind of KIND_LIST) {
    if (kind.scope !== 'project' || kind.schema === undefined || kind.manifestKey === undefined || project === undefined) continue;
    project.properties[kind.manifestKey] = structuredClone(kind.schema.section);
  }
  return schema;
}
