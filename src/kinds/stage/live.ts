import type { ProjectLiveRead } from '../live-read.js';
import { getStageByName, type StageDB } from './api.js';
import { liveRulesets } from './rulesets-digest.js';
import type { StageState } from './types.js';

/**
 * A project's stages: Galileo cannot list them, so the reader gets each stage the manifest names (one GET by name
 * each) and finds no strays. The rulesets are what galctl recorded, not what Galileo holds (rulesets-digest.ts).
 */
export const stageLive: ProjectLiveRead<StageState> = {
  list: async (client, projectId, names) => (await Promise.all(names.map((n) => getStageByName(client, projectId, n)))).filter((s) => s !== undefined),
  normalize: (found: StageDB, { projectId, recorded }) => ({
    state: {
      name: found.name,
      description: found.description ?? null,
      type: found.type ?? 'local',
      paused: found.paused === true,
      rulesets: liveRulesets(recorded, found.version),
    },
    refs: { projectId, stageVersion: found.version ?? null },
  }),
};
