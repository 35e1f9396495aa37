import * as crypto from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { GalileoSpan, TraceRunKind } from './types.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** sha256 (hex) in one call: crypto.hash (Node ≥ 20.12, no Hash object per call; three digests per trace, profiled hot). */
function sha256(data: string): string {
  if (typeof crypto.hash === 'function') return crypto.hash('sha256', data, 'hex');
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Galileo accepts only UUID v4 trace and span ids (anything else is a 422). */
export function isUuidV4(value: unknown): value is string {
  return typeof value === 'string' && UUID_V4.test(value);
}

/**
 * The scope every generated id of a run's trace file is derived from: `<project remote name>/<experiment|log_stream>/
 * <run remote name>`. The same file sent to another run gets other ids.
 */
export function traceIdScope(project: string, kind: TraceRunKind, run: string): string {
  return `${project}/${kind}/${run}`;
}

/** The first 16 bytes of a digest as a UUID v4 text: version nibble 4, variant bits 10xx. */
export function uuidV4FromDigest(digest: Uint8Array): string {
  if (digest.length < 16) throw new Error(`uuidV4FromDigest: need 16 bytes, got ${digest.length}`);
  return uuidV4FromHex(Buffer.from(digest.buffer, digest.byteOffset, 16).toString('hex'));
}

const HEX = '0123456789abcdef';

/** uuidV4FromDigest of a digest given in hex (at least 32 digits), built from the text: no bytes, no Buffer. */
function uuidV4FromHex(hex: string): string {
  const variant = HEX[(parseInt(hex[16]!, 16) & 0x3) | 0x8]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** sha256 (hex) of a trace's canonical JSON (sorted keys, no trace or span ids): equal content, equal digest. */
export function traceContentDigest(trace: { [field: string]: unknown }): string {
  return sha256(canonicalJson(trace, true));
}

/**
 * The id of a trace that has none: UUID v4 from sha256(`galctl:trace:v1`, scope, content digest, occurrence), where
 * occurrence is 0 for the first record with that content in the file, 1 for the second identical one, and so on.
 */
export function generatedTraceId(scope: string, contentDigest: string, occurrence: number): string {
  return uuidV4FromHex(sha256(`galctl:trace:v1\n${scope}\n${contentDigest}\n${occurrence}`));
}

/** The id of a span that has none: UUID v4 from sha256(`galctl:span:v1`, trace id, span path such as `0` or `1.0.2`). */
export function generatedSpanId(traceId: string, path: string): string {
  return uuidV4FromHex(sha256(`galctl:span:v1\n${traceId.toLowerCase()}\n${path}`));
}

/**
 * Fills in every missing span id of `spans`, in place, from the trace id and the span's path in the tree (an id is
 * added after the span's other fields, as a copy `{ ...span, id }` would have it).
 */
export function setSpanIds(spans: GalileoSpan[], traceId: string, parentPath = ''): void {
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const path = parentPath === '' ? String(i) : `${parentPath}.${i}`;
    span.id ??= generatedSpanId(traceId, path);
    if (Array.isArray(span.spans)) setSpanIds(span.spans, traceId, path);
  }
}

/** Copies of the spans (their child spans copied too) with every missing span id filled in (setSpanIds). */
export function withSpanIds(spans: GalileoSpan[], traceId: string): GalileoSpan[] {
  const copy = (list: GalileoSpan[]): GalileoSpan[] => list.map((s) => (Array.isArray(s.spans) ? { ...s, spans: copy(s.spans) } : { ...s }));
  const out = copy(spans);
  setSpanIds(out, traceId);
  return out;
}
