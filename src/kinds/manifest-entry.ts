/**
 * One entry of a kind's manifest section, as its descriptor's `fromManifest` sees it: the valid spec (the schema
 * has checked it), its key and path, and what loadManifest read from disk for it.
 */
import type { SourceLocation, TraceSource } from '../core/desired-types.js';
import type { LoadedFiles } from '../manifest/build-desired.js';
import type { DataPath } from '../manifest/yaml-source.js';

export interface ManifestEntry<S extends object = object> {
  /** the entry's key in its section */
  key: string;
  /** the entry as written (the schema has validated it; the kind reads it as its own spec type) */
  spec: S;
  /** e.g. `['projects', 'demo', 'templates', 'qa']` */
  path: DataPath;
  /** the project key (project kinds; '' for org kinds) */
  project: string;
  /** the fields every resource has: key, name, loc, protect, adopt */
  base: { key: string; name: string; loc: SourceLocation; protect: boolean; adopt: boolean };
  /** a referenced file loadManifest read (by its field's path) */
  fileOf(path: DataPath): { abs: string; text: string } | undefined;
  /** where a field of the manifest is (for located errors after the load) */
  locate(path: DataPath): SourceLocation;
  /** a referenced trace file (by its field's path) */
  traces(path: DataPath): TraceSource | undefined;
  loaded: LoadedFiles;
  /** the manifest's directory (absolute): relative paths the kind keeps, e.g. a runner's cwd */
  manifestDir: string;
}
