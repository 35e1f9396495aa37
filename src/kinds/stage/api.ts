import type { GalileoClient } from '../../galileo/create-client.js';
import { isNotFound } from '../../galileo/api-error.js';
import { apiPath } from '../../galileo/api-path.js';
import { requestObject } from '../../galileo/request-object.js';
import type { InventoryRow } from '../../core/plan-types.js';
import type { StageRuleset } from './types.js';

/** `StageDB` [SPEC]: a stage as Galileo answers it, without its rulesets. */
export interface StageDB {
  id: string;
  name: string;
  project_id: string;
  description?: string | null;
  type?: 'local' | 'central';
  paused?: boolean;
  version?: number | null;
  created_at?: string;
}

/**
 * A project's stage by name (`GET …/stages?stage_name=`), or undefined. Galileo has no list of a project's stages:
 * a stage is only found by its name or id.
 */
export async function getStageByName(client: GalileoClient, projectId: string, name: string): Promise<StageDB | undefined> {
  try {
    return await requestObject<StageDB>(client, 'GET', apiPath`/projects/${projectId}/stages`, { query: { stage_name: name } });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A project's stage by id (`GET …/stages?stage_id=`), or undefined when it is gone. */
export async function getStageById(client: GalileoClient, projectId: string, id: string): Promise<StageDB | undefined> {
  try {
    return await requestObject<StageDB>(client, 'GET', apiPath`/projects/${projectId}/stages`, { query: { stage_id: id } });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The stages of a project that inventory rows name (Galileo cannot list them), by name; the ones still there. */
export async function inventoryStages(client: GalileoClient, project: { id: string; name: string }, rows: readonly InventoryRow[]): Promise<StageDB[]> {
  const ids = [...new Set(rows.filter((r) => r.kind === 'stage' && r.id !== '' && r.project === project.name).map((r) => r.id))];
  const stages = (await Promise.all(ids.map((id) => getStageById(client, project.id, id)))).filter((s) => s !== undefined);
  return stages.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export async function createStage(
  client: GalileoClient,
  projectId: string,
  body: { name: string; description?: string; type?: string; paused: boolean; prioritized_rulesets: StageRuleset[] },
): Promise<StageDB> {
  return requestObject<StageDB>(client, 'POST', apiPath`/projects/${projectId}/stages`, { body: { ...body, project_id: projectId } });
}

/** A new version of the stage with these rulesets (`POST …/stages/{id}`, `RulesetsMixin`). */
export async function updateStageRulesets(client: GalileoClient, projectId: string, id: string, rulesets: StageRuleset[]): Promise<StageDB> {
  return requestObject<StageDB>(client, 'POST', apiPath`/projects/${projectId}/stages/${id}`, { body: { prioritized_rulesets: rulesets } });
}

/** Pauses or resumes the stage (`PUT …/stages/{id}?pause=`): no new version. */
export async function pauseStage(client: GalileoClient, projectId: string, id: string, pause: boolean): Promise<StageDB> {
  return requestObject<StageDB>(client, 'PUT', apiPath`/projects/${projectId}/stages/${id}`, { query: { pause } });
}
