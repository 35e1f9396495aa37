/**
 * What a kind gives the generic live reader (src/engine/read/): for a project kind, how to list everything of
 * the kind in one project and how a found object becomes its canonical state; for a run's sub-step kind, how to
 * read it for the runs found; for any kind, what deleting one of the stack's orphans would lose (a caution).
 */
import type { DesiredResource, Desired } from '../core/desired-types.js';
import type { StepKind } from '../core/kind-map.js';
import type { LiveRun } from '../core/plan-types.js';
import type { Ownership } from '../engine/ownership.js';
import type { Normalized } from '../engine/normalize-live.js';
import type { OwnedObject } from '../engine/ownership.js';
import type { GalileoClient } from '../galileo/create-client.js';
import type { Scorer } from '../galileo/types.js';

/** An object the reader listed in a project, with its kind and its project's name. */
export interface ListedObject {
  kind: StepKind;
  project: string;
  object: OwnedObject;
}

/** What normalizing a project kind's object may use besides the object. */
export interface ProjectReadContext {
  projectId: string;
  /** id → name of what the reader listed: the org's datasets, and each project kind's objects in this project */
  names(kind: StepKind): ReadonlyMap<string, string>;
  /** what galctl recorded for this object with its stack's inventory row (a digest of what Galileo cannot read back) */
  recorded?: string;
}

/** A project kind's live read. Methods, so that a kind may take its own Galileo object type. */
export interface ProjectLiveRead<S> {
  /**
   * everything of the kind in one project (one call: the stack's dropped objects are found among them); a kind
   * Galileo cannot list reads the objects the manifest names (`names`) and finds no strays
   */
  list(client: GalileoClient, projectId: string, names: readonly string[]): Promise<OwnedObject[]>;
  /** a found object's canonical state and the refs apply needs */
  normalize(found: OwnedObject, ctx: ProjectReadContext): Normalized<S>;
  /** it is a run: its sub-steps (scorer settings) are read once it is found */
  readonly run?: boolean;
  /**
   * finds a declared object among the listed ones when its name alone does not (an experiment: its current run is
   * named by the fingerprint of its inputs, and its earlier runs are history); default: by name
   */
  match?(declared: DesiredResource, listed: readonly OwnedObject[], ctx: MatchContext): Promise<LiveMatch>;
  /**
   * called once as the read starts, with the completed desired state to come: work match needs that depends on the
   * manifest alone is done while the lists are in flight, not once they are in
   */
  prepare?(complete: Promise<Readonly<Desired>>): void;
}

/** What a kind's match hook may use. */
export interface MatchContext {
  client: GalileoClient;
  /** the completed desired state (stage 2 of the manifest load: dataset rows and content hashes) */
  complete: Promise<Readonly<Desired>>;
  ownershipOf(x: OwnedObject): Ownership;
}

/** What a match hook found: the declared object's live counterpart, and the objects that belong to it besides. */
export interface LiveMatch {
  found?: OwnedObject;
  /** listed objects that belong to the declared one (an experiment's earlier runs): never unmanaged */
  belonging: readonly string[];
  /** an experiment's earlier runs, newest first */
  history?: LiveRun[];
}

/** A run the reader found: what a sub-step kind reads for it. */
export interface FoundRun {
  address: string;
  projectId: string;
  runId: string;
}

/** What reading a run's sub-steps may use: the scorers already listed (custom and presets). */
export interface RunReadContext {
  /** the org's custom scorers and the presets, still being listed: a kind sends its reads before it awaits them */
  scorers: Promise<readonly Scorer[]>;
}

/** What a caution may use: the project's id (project kinds) and everything the reader listed in projects. */
export interface CautionContext {
  projectId?: string;
  listed: readonly ListedObject[];
}


/** An org kind's part of `galctl export`: its manifest section's entries, and what could not be written faithfully. */
export interface OrgExport {
  entries: Record<string, Record<string, unknown>>;
  warnings: string[];
  /** Galileo id → the entry's key, for the exports that refer to these objects (an experiment's global template) */
  keysById?: Record<string, string>;
}

/** What an org kind's export may use: the manifest key for a remote name (unique in its section). */
export interface OrgExportContext {
  key(name: string): string;
}

/** What normalizing an org kind's object may use besides the object. */
export interface OrgReadContext {
  client: GalileoClient;
  /** the digest galctl recorded in the stack's inventory row when it last applied the object (StepResult.digest) */
  recorded?: string;
}

/**
 * An org kind's live read (src/engine/read/read-org-kinds.ts): every object of the kind in the org in one call (or
 * one paged list: the stack's dropped objects are found among them), and a found object's canonical state.
 * Declared objects are matched by name (or by the inventory's address after a rename).
 */
export interface OrgLiveRead<S> {
  list(client: GalileoClient): Promise<OwnedObject[]>;
  /** a found object's canonical state and the refs apply needs (may read the object's details) */
  normalize(found: OwnedObject, ctx: OrgReadContext): Normalized<S> | Promise<Normalized<S>>;
}
