import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import { displayPath } from '../../manifest/read-referenced-file.js';
import { renderPlanJson } from '../../render/render-plan-json.js';
import { renderPlanMarkdown } from '../../render/render-plan-markdown.js';
import { renderPlanText } from '../../render/render-plan-text.js';
import { renderStats } from '../../render/render-stats.js';
import { orphansOf } from '../../engine/plan-prune.js';
import { hasChanges } from '../../render/summary-line.js';
import type { Command } from '../command.js';
import { useColor } from '../io.js';
import { checkOutputTarget, writeFileAtomic } from '../write-file-atomic.js';
import { connectAfterLoad, loadDesired, makePlanLoaded, parseConcurrency } from '../make-plan.js';
import { REQUEST_TIMEOUT_HELP } from '../request-timeout-option.js';
import { parseDuration } from '../../core/parse-duration.js';
import { DEFAULT_PREVIEW_MAX_AGE, previewLeftovers } from '../../preview/preview-leftovers.js';

const HELP = `Usage: galctl plan [-f FILE] [--format text|json|markdown] [--out PLAN.json] [--detailed-exitcode]
                   [--target ADDRESS]... [--prune] [--no-color] [--concurrency N] [--api-url URL] [--stats] [--insecure]
                   [--allow-outside-files] [--preview-max-age DUR]

Reads the live state from Galileo (a few list calls per kind), diffs it against the manifest and prints what
apply would do, in dependency order: + create, ~ update, ± new version, -/+ replace, - delete, > ingest.
Changes nothing in Galileo.

Options:
  -f, --file FILE          the manifest (default ./galileo.yaml)
      --format FORMAT      text (default), json (schema: docs/plan-json.md) or markdown (for a PR comment)
      --out PLAN.json      also write the plan as JSON, for \`galctl apply PLAN.json\` (refused if Galileo or the
                           manifest changed since)
      --detailed-exitcode  exit 0 when nothing changes, 2 when there are changes (objects no longer declared
                           count), 1 on error
      --target ADDRESS     plan only this address (or prefix, e.g. project.demo) and what it depends on; repeatable
      --prune              also delete what this stack created and the manifest no longer declares (needs
                           stack: in the manifest; prune: true there does the same)
      --no-color           no colour (also off when stdout is not a terminal or NO_COLOR is set)
      --concurrency N      requests in flight at once (default 8)
      --api-url URL        the Galileo API (default GALILEO_API_URL, else from GALILEO_CONSOLE_URL, else
                           https://api.galileo.ai)
      --stats              print requests per route, retries and time to stderr
      --insecure           allow plain http:// to a host that is not loopback
${REQUEST_TIMEOUT_HELP}
      --allow-outside-files
                           allow file references outside the manifest's directory
      --preview-max-age DUR
                           list the stack's pull request previews (galctl preview) whose newest object is
                           older than this as leftovers, with the command that destroys each (default 7d;
                           e.g. 36h, 14d)

Environment: GALILEO_API_KEY (required), GALILEO_API_URL, GALILEO_CONSOLE_URL, NO_COLOR.
`;

const FORMATS = ['text', 'json', 'markdown'] as const;

export const planCommand: Command = {
  name: 'plan',
  summary: 'show what apply would change in Galileo',
  help: HELP,
  options: {
    file: { type: 'string', short: 'f' },
    format: { type: 'string' },
    out: { type: 'string' },
    'detailed-exitcode': { type: 'boolean' },
    target: { type: 'string', multiple: true },
    prune: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    concurrency: { type: 'string' },
    'api-url': { type: 'string' },
    'allow-outside-files': { type: 'boolean' },
    stats: { type: 'boolean' },
    insecure: { type: 'boolean' },
    'request-timeout': { type: 'string' },
    'preview-max-age': { type: 'string' },
  },
  run: async (args, io) => {
    const v = args.values;
    const format = (v['format'] as string | undefined) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"`, 'use --format text, json or markdown');
    const concurrency = parseConcurrency(v['concurrency']);
    const previewMaxAgeMs = parseDuration(String(v['preview-max-age'] ?? DEFAULT_PREVIEW_MAX_AGE), '--preview-max-age');
    const file = (v['file'] as string | undefined) ?? 'galileo.yaml';
    const color = useColor(io, v['no-color'] === true);
    const progress = (note: string): void => void (io.isTTY && io.stderr(`${note}\n`));

    const outTarget = v['out'] === undefined ? undefined : path.resolve(io.cwd, v['out'] as string);
    if (outTarget !== undefined) await checkOutputTarget(outTarget, displayPath(outTarget, io.cwd));
    const loaded = await loadDesired(file, io, color, { allowOutsideFiles: v['allow-outside-files'] === true, connect: { values: v, options: { concurrency, abortRequests: true } } });
    if (loaded === undefined) return 1;
    const connected = await connectAfterLoad(io, v, { concurrency, abortRequests: true }, loaded);
    if (connected === undefined) return 1;
    const { client, config } = connected;
    try {
      progress(`reading live state from ${config.apiUrl}…`);
      const made = await makePlanLoaded(client, loaded, {
        prune: v['prune'] === true,
        targets: (v['target'] as string[] | undefined) ?? [],
        manifestPath: loaded.shown,
        apiUrl: config.apiUrl,
        signal: io.signal,
      });
      if (made === undefined) return 1;
      const leftovers = previewLeftovers(made.live.inventory?.rows ?? [], made.desired.stack ?? '', { now: new Date(), maxAgeMs: previewMaxAgeMs, manifest: loaded.shown });
      const plan = leftovers.length === 0 ? made.plan : { ...made.plan, preview_leftovers: leftovers };
      const json = renderPlanJson(plan);
      if (format === 'json') io.stdout(json);
      else if (format === 'markdown') io.stdout(renderPlanMarkdown(plan));
      else io.stdout(renderPlanText(plan, { color }));
      const out = v['out'] as string | undefined;
      if (out !== undefined) {
        const target = path.resolve(io.cwd, out);
        // temp file + rename: a kill mid-write never leaves half a plan for `galctl apply PLAN.json` to read
        // masked like stdout: apply of a saved plan re-loads the manifest, and takes the secrets' values from it
        await writeFileAtomic(target, io.secrets.text(json), { mode: 0o600, shown: displayPath(target, io.cwd) });
        progress(`plan written to ${displayPath(target, io.cwd)}`);
      }
      if (v['stats'] === true) io.stderr(renderStats(client.stats()));
      return v['detailed-exitcode'] === true && (hasChanges(plan.summary) || orphansOf(plan).length > 0) ? 2 : 0;
    } finally {
      await client.close();
    }
  },
};
