import { addressOf } from '../../core/address.js';
import { seedRunIds } from '../run-sub-steps.js';
import { renameLogStream } from './api.js';
import { classifyByDiff } from '../../core/classify-base.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { runSubSteps } from '../run-sub-steps.js';
import { stepBase } from '../step-base.js';
import { applyLogStream } from './apply.js';
import { logStreamFromManifest } from './from-manifest.js';
import { logStreamCaution, logStreamLive } from './live.js';
import { logStreamSchema } from './schema.js';

/** log stream: inside a project, by name; create; its scorers and traces are sub-steps of the run. */
export const logStreamKind: KindDescriptor<'log_stream'> = {
  id: 'log_stream',
  label: 'log stream',
  plural: 'log streams',
  scope: 'project',
  manifestKey: 'log_streams',
  fromManifest: logStreamFromManifest,
  schema: logStreamSchema,
  deleteRank: 0,
  owned: true,
  diff: {},
  desiredSteps: (r, ctx) => [
    { ...stepBase(r, ctx), kind: 'log_stream', address: r.address, resource: r, state: { name: r.name }, dependsOn: [addressOf('project', r.project)] },
    ...runSubSteps(r, ctx),
  ],
  classify: (step, live, _ctx, base) => classifyByDiff(step.state, live, logStreamKind.diff, base),
  rename: ({ client, id, name, projectId }) => renameLogStream(client, projectId(), id, name).then(() => undefined),
  seedIds: seedRunIds,
  live: logStreamLive,
  caution: logStreamCaution,
  apply: applyLogStream,
};
