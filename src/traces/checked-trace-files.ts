import { statSync } from 'node:fs';

/**
 * Trace files this process has read in full and found without a bad record (the manifest's file check), by path,
 * size and modification time: an ingest later in the same command need not read such a file a second time before
 * sending. A file changed since is checked again.
 */
const clean = new Map<string, string>();

/** size and modification time, taken before reading a file (undefined: unreadable) */
export function traceFileVersion(file: string): string | undefined {
  try {
    const st = statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** `version`: traceFileVersion taken before the file was read (a file written meanwhile is not trusted) */
export function rememberCleanTraceFile(file: string, version: string | undefined): void {
  if (version !== undefined && version === traceFileVersion(file)) clean.set(file, version);
}

export function isKnownCleanTraceFile(file: string): boolean {
  const v = clean.get(file);
  return v !== undefined && v === traceFileVersion(file);
}
