import { findOne, liveResource } from '../../engine/read/live-resource.js';
import { addressOf } from '../../core/address.js';
import { need } from '../../engine/apply/id-registry.js';
import { pollValidation, type ValidationOutcome } from '../../galileo/poll-validation.js';
import {
  createCodeScorerVersion,
  createLlmScorerVersion,
  createScorer,
  deleteScorer,
  getScorer,
  getScorerCode,
  listScorers,
  setScorerScope,
  updateScorer,
  validateCode,
} from './api.js';
import type { CreateScorerRequest, Scorer, ScorerDefaults, ScorerVersion, UpdateScorerRequest } from '../../galileo/types.js';
import type { DesiredScorer } from '../../core/desired-types.js';
import { classifyChange } from '../../engine/classify-change.js';
import { SCORER_VERSION_FIELDS } from './version-fields.js';
import { DEFAULT_JUDGE_MODEL } from '../../core/model-providers.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import { normalizeScorer } from '../../engine/normalize-live.js';
import { withMarkers } from '../../engine/ownership.js';
import type { PlanChange } from '../../core/plan-types.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, sendOrRecover, type StepContext } from '../../engine/apply/step-context.js';
import { recordedVersions } from '../../engine/read/recorded-versions.js';

function tagsOf(r: DesiredScorer, liveTags: readonly string[] | undefined): string[] {
  return withMarkers(r.tags, liveTags, {}); // ownership is in galctl's inventory, not in user-editable tags
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** What Galileo judges with when a version names no model, judges or chain of thought [SPEC GeneratedScorerConfiguration]. */
const JUDGE_DEFAULTS = { model_name: DEFAULT_JUDGE_MODEL, num_judges: 3, cot_enabled: false } as const;
const DEFAULT_KEYS = ['model_name', 'num_judges', 'cot_enabled', 'output_type'] as const;

/**
 * An LLM shell's `defaults`, all four of the guide's Call 1 (both SDKs send them, [JS] utils/scorers.ts "Required
 * for LLM scorers"): what the manifest sets, else what the shell holds, else what Galileo judges with anyway.
 */
function llmDefaults(r: DesiredScorer, live: ScorerDefaults | null | undefined): ScorerDefaults | undefined {
  if (r.scorerType !== 'llm') return undefined;
  return {
    ...live,
    model_name: r.model ?? live?.model_name ?? JUDGE_DEFAULTS.model_name,
    num_judges: r.judges ?? live?.num_judges ?? JUDGE_DEFAULTS.num_judges,
    cot_enabled: r.chainOfThought ?? live?.cot_enabled ?? JUDGE_DEFAULTS.cot_enabled,
    output_type: r.outputType,
  };
}

/** The live shell's defaults lack one of the four, or disagree with what the manifest sets. */
function defaultsDiffer(r: DesiredScorer, live: ScorerDefaults | null | undefined): boolean {
  const want = llmDefaults(r, live);
  return want !== undefined && DEFAULT_KEYS.some((k) => live?.[k] !== want[k]);
}

function shellBody(r: DesiredScorer, live: Pick<Scorer, 'tags' | 'defaults'> | undefined): UpdateScorerRequest {
  const defaults = llmDefaults(r, live?.defaults);
  return {
    ...(r.description === undefined ? {} : { description: r.description }),
    tags: tagsOf(r, live?.tags),
    scoreable_node_types: r.nodeTypes,
    ...(r.scorerType === 'llm' ? { output_type: r.outputType, ...(r.inputType === undefined ? {} : { input_type: r.inputType }) } : {}),
    ...(defaults === undefined ? {} : { defaults }),
  };
}

/** Code is validated before anything is created, so code Galileo rejects leaves no empty shell behind. */
async function validate(r: DesiredScorer, ctx: StepContext): Promise<ValidationOutcome | undefined> {
  if (r.scorerType !== 'code') return undefined;
  ctx.progress(r.address, 'validating code');
  const task = await validateCode(ctx.client, { code: r.code, nodeTypes: r.nodeTypes });
  return pollValidation(ctx.client, task, {
    scorer: r.name,
    intervalMs: ctx.pollIntervalMs,
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    ...(ctx.idle === undefined ? {} : { idle: ctx.idle }),
  });
}

/** The scorer as the planner sees it, read fresh (the code scorer's source too). */
async function readScorer(ctx: StepContext, step: DesiredStepOf<'scorer'>, id: string): Promise<{ scorer: Scorer; change: ReturnType<typeof classifyChange> }> {
  const scorer = await getScorer(ctx.client, id);
  const code = scorer.scorer_type === 'code' && scorer.latest_version != null ? await getScorerCode(ctx.client, id, scorer.latest_version.version) : undefined;
  return { scorer, change: classifyChange(step, liveResource(step.address, 'scorer', id, normalizeScorer(scorer, code))) };
}

/** A new version of the scorer `shell`; a code version's code is recorded (recorded-versions.ts) for the next plan. */
async function addVersion(ctx: StepContext, step: DesiredStepOf<'scorer'>, shell: Scorer, validation: ValidationOutcome | undefined): Promise<ScorerVersion> {
  const r = step.resource;
  const id = shell.id;
  const send = async (): Promise<ScorerVersion> => {
    if (r.scorerType === 'llm') {
      return createLlmScorerVersion(ctx.client, id, {
        user_prompt: r.prompt,
        ...(r.model === undefined ? {} : { model_name: r.model }),
        ...(r.judges === undefined ? {} : { num_judges: r.judges }),
        ...(r.chainOfThought === undefined ? {} : { cot_enabled: r.chainOfThought }),
      });
    }
    const outcome = validation ?? (await validate(r, ctx))!;
    return createCodeScorerVersion(ctx.client, id, { code: r.code, validationResult: outcome.result });
  };
  // a version create that may have landed: if the latest version now says what we sent, it did; else send again
  const version = await sendOrRecover(send, async () => {
    const { scorer, change } = await readScorer(ctx, step, id);
    return change.fields.some((f) => SCORER_VERSION_FIELDS.has(f.path)) || scorer.latest_version == null ? undefined : scorer.latest_version;
  });
  if (r.scorerType === 'code') await recordedVersions(ctx.manifestDir, ctx.client.apiUrl).recordScorerCode({ ...shell, latest_version: version }, r.code);
  return version;
}

/**
 * Brings an existing scorer to the desired state from wherever it is: shell fields first (PATCH), then a version
 * only when the latest version's content differs (so an adopted scorer, or a teammate's concurrent run, never
 * causes a duplicate version).
 */
async function converge(ctx: StepContext, step: DesiredStepOf<'scorer'>, id: string, validation?: ValidationOutcome): Promise<{ summary: string }> {
  const r = step.resource;
  const { scorer, change } = await readScorer(ctx, step, id);
  const needsVersion = change.fields.some((f) => SCORER_VERSION_FIELDS.has(f.path));
  // a new model, judge count or chain of thought goes into the shell's defaults too, not only into the new version
  const scopeChanged = change.fields.some((f) => isScopeField(f.path));
  if (scopeChanged) await applyScope(ctx, r, id);
  const shellChanged = change.fields.some((f) => !SCORER_VERSION_FIELDS.has(f.path) && !isScopeField(f.path)) || !sameSet(tagsOf(r, scorer.tags ?? []), scorer.tags ?? []) || defaultsDiffer(r, scorer.defaults);
  if (shellChanged) await updateScorer(ctx.client, id, shellBody(r, scorer));
  if (needsVersion) {
    const v = await addVersion(ctx, step, scorer, validation);
    return { summary: `new version ${v.version}` };
  }
  return { summary: shellChanged || scopeChanged ? 'updated' : 'up to date' };
}

const isScopeField = (path: string): boolean => path === 'scope' || path.startsWith('scope.');

/** The manifest's scope, with its project keys as the ids apply knows (projects are applied first). */
async function applyScope(ctx: StepContext, r: DesiredScorer, id: string): Promise<void> {
  if (r.scope === undefined) return;
  const projectIds = r.scope.global ? [] : r.scope.projects.map((p) => need(ctx.ids.projects, addressOf('project', p), 'project'));
  await setScorerScope(ctx.client, id, { is_global: r.scope.global, project_ids: projectIds });
}

/** scorer: create (shell with galctl's tag, then the first version; code: validate → poll → shell → version), update, new-version, delete. */
export async function applyScorer(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') return deleteIdempotent(() => deleteScorer(client, needId(change)), change.id);
  const step = desiredStepOf(change, ctx, 'scorer');
  const r = step.resource;
  const register = (id: string): void => void ctx.ids.scorers.set(r.address, { id, type: r.scorerType, name: r.name });

  if (change.action === 'create' || change.action === 'replace') {
    const validation = await validate(r, ctx);
    // replace (llm ↔ code, allowed by --allow-replace): the old scorer goes first, its name is then free
    if (change.action === 'replace') await deleteIdempotent(() => deleteScorer(client, needId(change)), change.id);
    const body: CreateScorerRequest = { ...shellBody(r, undefined), name: r.name, scorer_type: r.scorerType, description: r.description ?? '' };
    const { obj, adopted } = await createOrAdopt(
      () => createScorer(client, body),
      async () => findOne(await listScorers(client, { names: [r.name], types: [r.scorerType] }), r.name, `${r.scorerType} scorer`),
      (obj) => ctx.mayAdopt(change, obj),
    );
    register(obj.id);
    if (adopted) {
      const { summary } = await converge(ctx, step, obj.id, validation);
      return { summary: `adopted (${summary})`, id: obj.id };
    }
    await addVersion(ctx, step, obj, validation);
    await applyScope(ctx, r, obj.id);
    return { summary: change.action === 'replace' ? 'replaced' : 'created', id: obj.id };
  }
  const id = needId(change);
  register(id);
  const { summary } = await converge(ctx, step, id);
  return { summary, id };
}
