import { addressOf } from '../../core/address.js';
import type { DesiredLogStream } from '../../core/desired-types.js';
import { runScorerSettings, toScorerRef } from '../../manifest/build-desired.js';
import type { LogStreamSpec } from '../../manifest/manifest-v1.js';
import type { ManifestEntry } from '../manifest-entry.js';

/** `projects.<p>.log_streams.<key>` → a desired log stream with its scorers and trace file. */
export function logStreamFromManifest({ key, spec: l, path, project, base, traces }: ManifestEntry<LogStreamSpec>): DesiredLogStream {
    const t = traces([...path, 'traces']);
  return {
    kind: 'log_stream',
    address: addressOf('log_stream', key, project),
    ...base,
    project,
    scorers: (l.scorers ?? []).map(toScorerRef),
    ...runScorerSettings(l),
    ...(t !== undefined ? { traces: t } : {}),
  };
}
