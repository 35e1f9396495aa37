/**
 * What galctl knows about one resource kind, in one place (src/kinds/<kind>/kind.ts). The engine iterates the
 * registry (registry.ts) and never names a kind itself: order, scope, ownership, desired state, classification,
 * apply steps and delete order all come from here. CONTRIBUTING.md says how to add a kind.
 */
import type { ClassifyContext, Classified } from '../core/classify-base.js';
import type { DesiredIndex } from '../core/desired-index.js';
import type { DiffStateOptions } from '../core/diff-state.js';
import type { DesiredStep, DesiredStepOf, KindMap, StepKind } from '../core/kind-map.js';
import type { Action, LiveResource, LiveState, PlanChange, UnmanagedResource } from '../core/plan-types.js';
import type { IdRegistry } from '../engine/apply/id-registry.js';
import type { StepExecutor } from '../engine/apply/step-context.js';
import type { GalileoClient } from '../galileo/create-client.js';
import type { CautionContext, FoundRun, OrgExport, OrgExportContext, OrgLiveRead, ProjectLiveRead, RunReadContext } from './live-read.js';
import type { ManifestEntry } from './manifest-entry.js';

/** What a kind's desired steps are built from besides its own resource. */
export interface DesiredContext {
  index: DesiredIndex;
  /** preset scorer name → id, when known: every preset used must be in it */
  presets?: Record<string, string>;
  /** a project key's remote name */
  projectName(key: string): string;
  /** the manifest's absolute path (file paths show relative to it) */
  file: string;
}

/** What a kind may add to its change once every earlier step is classified (e.g. the input versions a run pins). */
export interface PlannedSoFar {
  actions: ReadonlyMap<string, Action>;
  resources: Readonly<Record<string, LiveResource>>;
}

/** What a rename needs: the object, its new name and (for project kinds) its project's id. */
export interface RenameTarget {
  client: GalileoClient;
  id: string;
  name: string;
  projectId(): string;
}

/**
 * A kind's part of the manifest's JSON Schema: its section (a top-level property for org kinds, a property of a
 * project for project kinds) and the definitions it uses (`#/$defs/<name>`). src/manifest/manifest-schema.ts
 * assembles the schema from these; schemas/galileo.schema.json is checked against it.
 */
export interface KindSchema {
  section: Record<string, unknown>;
  defs: Record<string, Record<string, unknown>>;
}

export interface KindDescriptor<K extends StepKind> {
  readonly id: K;
  /** how messages name it (`log stream`), and more than one (`log streams`) */
  readonly label: string;
  readonly plural: string;
  /** how a message names one object when the label is not enough (`llm scorer`) */
  readonly describe?: (resource: KindMap[K]['resource']) => string;
  /** org-level, inside a project, or a sub-step of a run (its scorer settings, its traces) */
  readonly scope: 'org' | 'project' | 'run';
  /** the manifest section that declares it: top level for org kinds, under `projects.<key>` for project kinds */
  readonly manifestKey?: string;
  /** its part of the manifest's JSON Schema (its section is named manifestKey) */
  readonly schema?: KindSchema;
  /**
   * fields of an entry (of an org kind's section) that hold a secret: each must come from a `${VAR}` reference to a
   * secret-named variable (KEY, TOKEN, SECRET, PASSWORD), so that galctl masks it everywhere; a literal is an error
   */
  readonly secretFields?: readonly string[];
  /**
   * the desired resource one entry of its manifest section resolves to (src/manifest/build-desired.ts); a method,
   * so that a kind may read the entry's spec as its own spec type
   */
  fromManifest?(entry: ManifestEntry): KindMap[K]['resource'];
  /** when `--prune` deletes it: lower ranks first (a run before its project, every run before a scorer); undefined: never */
  readonly deleteRank?: number;
  /** galctl records its objects in the stack's inventory (docs/ownership.md) */
  readonly owned: boolean;
  /** what the diff compares (diff-state.ts) */
  readonly diff: DiffStateOptions;
  /** the plan steps one manifest resource of this kind becomes (itself, and for a run its sub-steps) */
  readonly desiredSteps?: (resource: KindMap[K]['resource'] & { kind: K }, ctx: DesiredContext) => DesiredStep[];
  /** the action for a step against what the reader found (`live` undefined: it does not exist) */
  readonly classify: (step: DesiredStepOf<K>, live: LiveResource | undefined, ctx: ClassifyContext, base: Classified) => Classified;
  /** changes a declared step brings besides its own, after the prune deletes (an experiment's keep_runs deletes) */
  readonly moreChanges?: (step: DesiredStepOf<K>, live: LiveState) => PlanChange[];
  /** adds what depends on earlier steps' actions to a classified change */
  readonly annotate?: (change: PlanChange, planned: PlannedSoFar) => void;
  /** records the ids of a declared object that exists, before apply runs (so later steps find them) */
  readonly seedIds?: (ids: IdRegistry, resource: KindMap[K]['resource'], found: LiveResource, live: LiveState) => void;
  /** a project kind's live read: list in one project, normalize a found object (src/engine/read/) */
  readonly live?: ProjectLiveRead<KindMap[K]['state']>;
  /** an org kind's live read: list the org's objects, normalize a found one (src/engine/read/read-org-kinds.ts) */
  readonly orgLive?: OrgLiveRead<KindMap[K]['state']>;
  /** an org kind's part of `galctl export` (src/engine/export/): reads the org and writes its section's entries */
  readonly orgExport?: (client: GalileoClient, ctx: OrgExportContext) => Promise<OrgExport>;
  /** a run's sub-step kind: its live objects for the runs found */
  readonly readRuns?: (client: GalileoClient, runs: readonly FoundRun[], ctx: RunReadContext) => Promise<LiveResource[]>;
  /** what deleting one of the stack's undeclared objects would lose (shown on the delete); undefined: nothing */
  readonly caution?: (client: GalileoClient, orphan: UnmanagedResource, ctx: CautionContext) => Promise<string | undefined>;
  /** carries out one change of this kind */
  readonly apply: StepExecutor;
  /** renames an object in place (same Galileo id); undefined: the kind has no name of its own */
  readonly rename?: (target: RenameTarget) => Promise<void>;
}
