import { createRequire as __galctlCreateRequire } from 'node:module';
const require = __galctlCreateRequire(import.meta.url);

// src/traces/trace-segments-worker.ts
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";

// src/core/strip-bom.ts
function stripBom(text) {
  return text.charCodeAt(0) === 65279 ? text.slice(1) : text;
}

// src/core/errors.ts
var GalctlError = class extends Error {
  code;
  hint;
  exitCode;
  constructor(code, message, opts = {}) {
    super(message, opts.cause === void 0 ? void 0 : { cause: opts.cause });
    this.name = "GalctlError";
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 1;
  }
};

// src/traces/trace-id.ts
import * as crypto from "node:crypto";

// src/core/content-hash.ts
function sortedKeys(obj) {
  const keys = Object.keys(obj);
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i += 1) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j -= 1) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}
function stableStringify(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let out2 = "[";
    for (let i = 0; i < value.length; i++) out2 += (i === 0 ? "" : ",") + stableStringify(value[i]);
    return `${out2}]`;
  }
  const obj = value;
  const keys = sortedKeys(obj);
  let out = "{";
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === void 0) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:${stableStringify(v)}`;
    first = false;
  }
  return `${out}}`;
}
var HASH_CHUNK = 64 * 1024;

// src/traces/canonical-json.ts
var ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
var NotPlain = class extends Error {
};
function canonValue(v) {
  if (v === null || typeof v !== "object") {
    if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") throw new NotPlain();
    return v;
  }
  if (Array.isArray(v)) {
    let out;
    for (let i = 0; i < v.length; i++) {
      const c = canonValue(v[i]);
      if (c !== v[i]) {
        out ??= v.slice();
        out[i] = c;
      }
    }
    return out ?? v;
  }
  return canonObject(v, false);
}
function canonObject(node, ids) {
  if (Object.getPrototypeOf(node) !== Object.prototype) throw new NotPlain();
  const keys = Object.keys(node);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      sorted = false;
      break;
    }
  }
  const order = sorted ? keys : keys.slice().sort();
  let out = sorted ? void 0 : {};
  for (let i = 0; i < order.length; i++) {
    const k = order[i];
    const first = k.charCodeAt(0);
    if (first >= 48 && first <= 57 && ARRAY_INDEX.test(k) || k === "__proto__") throw new NotPlain();
    const x = node[k];
    let c;
    if (ids && k === "id") c = void 0;
    else if (ids && k === "spans") c = Array.isArray(x) ? x.map((s) => canonObject(s, true)) : void 0;
    else c = canonValue(x);
    if (out === void 0 && c !== x) {
      out = {};
      for (let j = 0; j < i; j++) if (node[order[j]] !== void 0) out[order[j]] = node[order[j]];
    }
    if (out !== void 0 && c !== void 0) out[k] = c;
  }
  return out ?? node;
}
function withoutIds(node) {
  const { id: _id, spans, ...rest } = node;
  if (!Array.isArray(spans)) return rest;
  return { ...rest, spans: spans.map((s) => withoutIds(s)) };
}
function canonicalJson(value, withoutTraceIds = false) {
  const slow = () => stableStringify(withoutTraceIds ? withoutIds(value) : value);
  if (value === null || typeof value !== "object" || withoutTraceIds && Array.isArray(value)) return slow();
  try {
    return JSON.stringify(withoutTraceIds ? canonObject(value, true) : canonValue(value));
  } catch (err) {
    if (err instanceof NotPlain) return slow();
    throw err;
  }
}

// src/traces/trace-id.ts
var UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
function sha256(data) {
  if (typeof crypto.hash === "function") return crypto.hash("sha256", data, "hex");
  return crypto.createHash("sha256").update(data).digest("hex");
}
function isUuidV4(value) {
  return typeof value === "string" && UUID_V4.test(value);
}
var HEX = "0123456789abcdef";
function uuidV4FromHex(hex) {
  const variant = HEX[parseInt(hex[16], 16) & 3 | 8];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
function traceContentDigest(trace) {
  return sha256(canonicalJson(trace, true));
}
function generatedTraceId(scope, contentDigest, occurrence) {
  return uuidV4FromHex(sha256(`galctl:trace:v1
${scope}
${contentDigest}
${occurrence}`));
}
function generatedSpanId(traceId, path) {
  return uuidV4FromHex(sha256(`galctl:span:v1
${traceId.toLowerCase()}
${path}`));
}
function setSpanIds(spans, traceId, parentPath = "") {
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const path = parentPath === "" ? String(i) : `${parentPath}.${i}`;
    span.id ??= generatedSpanId(traceId, path);
    if (Array.isArray(span.spans)) setSpanIds(span.spans, traceId, path);
  }
}

// src/traces/parse-trace-record.ts
var SIMPLE_ROW_FIELDS = ["input", "output", "dataset_output", "metadata", "tags", "created_at", "id"];
var TRACE_FIELDS = /* @__PURE__ */ new Set([
  "type",
  "input",
  "redacted_input",
  "output",
  "redacted_output",
  "name",
  "created_at",
  "user_metadata",
  "tags",
  "status_code",
  "metrics",
  "external_id",
  "dataset_input",
  "dataset_output",
  "dataset_metadata",
  "id",
  "session_id",
  "trace_id",
  "step_number",
  "parent_id",
  "spans"
]);
var SPAN_TYPES_WITH_CHILDREN = /* @__PURE__ */ new Set(["workflow", "agent", "tool", "retriever"]);
var SPAN_TYPES = /* @__PURE__ */ new Set([...SPAN_TYPES_WITH_CHILDREN, "llm", "control"]);
var FULL_TRACE_HINT = "see docs/traces.md for the full-trace and simple-row record formats";
var MAX_SPAN_DEPTH = 100;
var MAX_JSON_DEPTH = 2 * MAX_SPAN_DEPTH + 40;
var RecordError = class extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
  hint;
};
function nestingDepth(value, limit) {
  let max = 0;
  const stack = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, d + 1]);
  }
  return max;
}
function kindOf(value) {
  if (value === void 0) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function fail(path, expected, value, hint) {
  throw new RecordError(`${path} must be ${expected}, got ${kindOf(value)}`, hint);
}
function checkStringMap(value, path) {
  if (!isObject(value)) fail(path, "an object of string values", value);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") fail(`${path}.${k}`, "a string", v, "metadata values are strings; quote numbers and booleans");
  }
}
function checkTags(value, path) {
  if (!Array.isArray(value)) fail(path, "a list of strings", value);
  value.forEach((t, i) => typeof t === "string" || fail(`${path}[${i}]`, "a string", t));
}
function checkId(value, path) {
  if (!isUuidV4(value)) {
    throw new RecordError(`${path} ${JSON.stringify(value)} is not a uuid v4`, "Galileo accepts only UUID v4 ids; remove the id to let galctl derive one from the record");
  }
}
function checkCreatedAt(value, path) {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) fail(path, "an ISO 8601 date-time string", value);
}
function checkMessage(value, path) {
  if (!isObject(value)) fail(path, "a message {role, content}", value);
  if (typeof value.role !== "string") fail(`${path}.role`, "a string", value.role);
  if (typeof value.content !== "string" && !Array.isArray(value.content)) fail(`${path}.content`, "a string or a list of content parts", value.content);
}
function checkMessages(value, path) {
  if (!Array.isArray(value)) fail(path, "a list of messages", value);
  value.forEach((m, i) => checkMessage(m, `${path}[${i}]`));
}
function checkCommon(node, path) {
  const at = (f) => path === "" ? f : `${path}.${f}`;
  if (node.id !== void 0) checkId(node.id, at("id"));
  if (node.user_metadata !== void 0) checkStringMap(node.user_metadata, at("user_metadata"));
  if (node.dataset_metadata !== void 0) checkStringMap(node.dataset_metadata, at("dataset_metadata"));
  if (node.tags !== void 0) checkTags(node.tags, at("tags"));
  if (node.created_at !== void 0) checkCreatedAt(node.created_at, at("created_at"));
  if (node.name !== void 0 && typeof node.name !== "string") fail(at("name"), "a string", node.name);
}
function checkSpans(value, path, depth) {
  if (!Array.isArray(value)) fail(path, "a list of spans", value);
  if (value.length > 0 && depth > MAX_SPAN_DEPTH) {
    throw new RecordError(`spans nest more than ${MAX_SPAN_DEPTH} levels deep`, `flatten the trace: at most ${MAX_SPAN_DEPTH} levels of spans under a trace`);
  }
  value.forEach((span, i) => checkSpan(span, `${path}[${i}]`, depth));
}
function checkSpan(span, path, depth) {
  if (!isObject(span)) fail(path, "a span object", span);
  if (typeof span.type !== "string" || !SPAN_TYPES.has(span.type)) {
    fail(`${path}.type`, `one of ${[...SPAN_TYPES].join(", ")}`, span.type);
  }
  checkCommon(span, path);
  if (span.type === "llm") {
    checkMessages(span.input, `${path}.input`);
    if (span.output !== void 0 && span.output !== null) checkMessage(span.output, `${path}.output`);
  }
  if (span.spans !== void 0) {
    if (!SPAN_TYPES_WITH_CHILDREN.has(span.type)) {
      throw new RecordError(`${path}.spans: a ${span.type} span cannot have child spans`, "nest child spans under a workflow or agent span");
    }
    checkSpans(span.spans, `${path}.spans`, depth + 1);
  }
}
function parseFullTrace(value) {
  if (value.type !== "trace") fail("type", '"trace" (or leave type out for a simple row)', value.type, FULL_TRACE_HINT);
  for (const key of Object.keys(value)) {
    if (!TRACE_FIELDS.has(key)) throw new RecordError(`unknown trace field ${JSON.stringify(key)}`, `a trace has only the fields of Galileo's Trace schema: ${[...TRACE_FIELDS].join(", ")}`);
  }
  checkCommon(value, "");
  if (value.input !== void 0 && typeof value.input !== "string" && !Array.isArray(value.input)) {
    fail("input", "a string or a list of content parts", value.input);
  }
  if (value.dataset_output !== void 0 && value.dataset_output !== null && typeof value.dataset_output !== "string") {
    fail("dataset_output", "a string", value.dataset_output);
  }
  const spans = value.spans ?? [];
  checkSpans(spans, "spans", 1);
  return { ...value, type: "trace", spans };
}
function parseSimpleRow(value) {
  const allowed = SIMPLE_ROW_FIELDS;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new RecordError(
        `unknown field ${JSON.stringify(key)} in a simple row`,
        `a simple row has only ${SIMPLE_ROW_FIELDS.join(", ")}; for other fields write a full trace with "type": "trace" (${FULL_TRACE_HINT})`
      );
    }
  }
  const { input, output } = value;
  if (input === void 0) throw new RecordError('missing field "input"', 'a simple row needs "input" (a string or a list of messages) and "output" (a string)');
  if (typeof input !== "string") checkMessages(input, "input");
  if (output === void 0) throw new RecordError('missing field "output"', 'a simple row needs "input" (a string or a list of messages) and "output" (a string)');
  if (typeof output !== "string") fail("output", "a string", output);
  if (value.dataset_output !== void 0 && typeof value.dataset_output !== "string") fail("dataset_output", "a string", value.dataset_output);
  if (value.metadata !== void 0) checkStringMap(value.metadata, "metadata");
  if (value.tags !== void 0) checkTags(value.tags, "tags");
  if (value.created_at !== void 0) checkCreatedAt(value.created_at, "created_at");
  if (value.id !== void 0) checkId(value.id, "id");
  const trace = {};
  if (value.created_at !== void 0) trace.created_at = value.created_at;
  if (value.dataset_output !== void 0) trace.dataset_output = value.dataset_output;
  if (value.id !== void 0) trace.id = value.id;
  trace.input = typeof input === "string" ? input : JSON.stringify(input);
  trace.output = output;
  const span = {};
  if (value.created_at !== void 0) span.created_at = value.created_at;
  span.input = typeof input === "string" ? [{ content: input, role: "user" }] : input;
  span.output = { content: output, role: "assistant" };
  span.type = "llm";
  trace.spans = [span];
  if (value.tags !== void 0) trace.tags = value.tags;
  trace.type = "trace";
  if (value.metadata !== void 0) trace.user_metadata = value.metadata;
  return trace;
}
function parseTraceRecord(value) {
  try {
    if (!isObject(value)) fail("a record", "a JSON object", value, FULL_TRACE_HINT);
    if (nestingDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      const spanHint = `flatten the record: at most ${MAX_SPAN_DEPTH} levels of spans, and metadata, messages and metrics a few levels deep`;
      throw new RecordError(`the record nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`, spanHint);
    }
    const trace = value.type === void 0 ? parseSimpleRow(value) : parseFullTrace(value);
    return { ok: true, trace };
  } catch (err) {
    if (!(err instanceof RecordError)) throw err;
    return err.hint === void 0 ? { ok: false, message: err.message } : { ok: false, message: err.message, hint: err.hint };
  }
}

// src/traces/read-trace-records.ts
var FS_REASONS = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied"
};
function columnOf(err) {
  const m = err instanceof Error ? /at position (\d+)/.exec(err.message) : null;
  return m ? Number(m[1]) + 1 : 1;
}
function traceProblem(file, line, col, code, message, hint) {
  return hint === void 0 ? { file, line, col, code, message } : { file, line, col, code, message, hint };
}
function traceLineEntry(text, line, displayFile) {
  if (text.charCodeAt(0) !== 123 && text.trim() === "") return void 0;
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { line, problem: traceProblem(displayFile, line, columnOf(err), "trace-json", `invalid JSON: ${reason}`, "each line of a trace file is one JSON object") };
  }
  const parsed = parseTraceRecord(value);
  if (!parsed.ok) return { line, problem: traceProblem(displayFile, line, 1, "trace-record", parsed.message, parsed.hint) };
  return { line, record: parsed.trace };
}
function unreadableTraceFile(err, displayFile) {
  if (err instanceof Error && "code" in err && typeof err.code === "string" && err.code.startsWith("E")) {
    const reason = FS_REASONS[err.code] ?? err.code;
    return new GalctlError("trace-file-unreadable", `cannot read trace file ${displayFile}: ${reason}`, {
      hint: "check the traces: path in the manifest (relative to the manifest file)",
      cause: err
    });
  }
  return err;
}

// src/traces/read-trace-file.ts
function traceWithIds(record, id) {
  const trace = record;
  trace.id = id;
  setSpanIds(trace.spans, id);
  return trace;
}
function occurrenceKey(contentDigest) {
  return contentDigest.slice(0, 32);
}

// src/traces/worker-error.ts
function toWorkerError(err) {
  return err instanceof GalctlError ? { message: err.message, code: err.code, ...err.hint === void 0 ? {} : { hint: err.hint } } : { message: err instanceof Error ? err.message : String(err) };
}

// src/traces/trace-bytes.ts
var NO_BYTES = Buffer.alloc(0);
var TraceBytesWriter = class {
  buf;
  at = 0;
  sizes = [];
  /** the size of the buffer taken on the next add, once take() gave the last one away */
  capacity;
  /** `capacity`: the bytes expected (the buffer grows past it as needed) */
  constructor(capacity = 64 * 1024) {
    this.capacity = Math.max(1024, capacity);
    this.buf = Buffer.allocUnsafeSlow(this.capacity);
  }
  /** Appends `text` as UTF-8; its byte size. */
  add(text) {
    if (this.at + text.length * 3 > this.buf.length && this.at + Buffer.byteLength(text, "utf8") > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, this.capacity, this.at + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    const n = this.buf.write(text, this.at, "utf8");
    this.at += n;
    this.sizes.push(n);
    return n;
  }
  /**
   * The texts added since the last take, as one buffer of their bytes and each one's size; the writer starts over.
   * The bytes are a view of a buffer of their own (byte offset 0, so its ArrayBuffer can be transferred): the
   * writer's buffer itself when they fill at least 3/4 of it (no copy; the writer takes a new one), else an
   * exact-size copy (the writer keeps its buffer).
   */
  take() {
    let bytes;
    if (this.at >= 0.75 * this.buf.length) {
      bytes = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.at);
      this.capacity = this.buf.length;
      this.buf = NO_BYTES;
    } else {
      bytes = new Uint8Array(this.at);
      bytes.set(this.buf.subarray(0, this.at));
    }
    const { sizes } = this;
    this.at = 0;
    this.sizes = [];
    return { bytes, sizes };
  }
};

// src/traces/trace-segments-worker.ts
var READ = 64 * 1024;
var scratch = Buffer.alloc(0);
function scratchOf(size) {
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(size);
  return scratch.subarray(0, size);
}
function segmentBytes(file, displayFile, start, end) {
  const fd = openSync(file, "r");
  try {
    const parts = [];
    let pos = Math.max(0, start - 1);
    let begun = start === 0;
    let size = end === void 0 ? READ : end - pos + READ;
    for (; ; ) {
      const buf = parts.length === 0 ? scratchOf(size) : Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, pos);
      size = READ;
      if (n === 0) break;
      let data = buf.subarray(0, n);
      if (!begun) {
        const nl2 = data.indexOf(10);
        if (nl2 === -1) {
          pos += n;
          if (end !== void 0 && pos >= end) return Buffer.alloc(0);
          continue;
        }
        if (end !== void 0 && pos + nl2 + 1 >= end) return Buffer.alloc(0);
        begun = true;
        pos += nl2 + 1;
        data = data.subarray(nl2 + 1);
        if (data.length === 0) continue;
      }
      const from = end === void 0 ? -1 : Math.max(0, end - 1 - pos);
      const nl = end === void 0 || from >= data.length ? -1 : data.indexOf(10, from);
      if (nl !== -1) {
        parts.push(data.subarray(0, nl + 1));
        break;
      }
      parts.push(data);
      pos += data.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  } catch (err) {
    throw unreadableTraceFile(err, displayFile);
  } finally {
    closeSync(fd);
  }
}
function splitLines(data) {
  const out = [];
  let at = 0;
  let cr = data.indexOf(13);
  for (; ; ) {
    const nl = data.indexOf(10, at);
    if (cr !== -1 && cr < at) cr = data.indexOf(13, at);
    if (cr !== -1 && (nl === -1 || cr < nl)) {
      out.push(data.toString("utf8", at, cr));
      at = cr + (data[cr + 1] === 10 ? 2 : 1);
      continue;
    }
    if (nl === -1) break;
    out.push(data.toString("utf8", at, nl));
    at = nl + 1;
  }
  out.push(data.toString("utf8", at));
  return out;
}
function readTraceSegment(job) {
  const out = { job: job.job, lines: 0, ids: [], bytes: new Uint8Array(0), sizes: [], keys: [], own: [], problems: [] };
  const data = segmentBytes(job.file, job.displayFile, job.start, job.end);
  const lines = splitLines(data);
  const writer = new TraceBytesWriter(job.checkOnly ? 0 : 2.5 * data.length);
  out.lines = lines.length - 1;
  const local = /* @__PURE__ */ new Map();
  let good = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const entry = traceLineEntry(job.start === 0 && i === 0 ? stripBom(lines[i]) : lines[i], line, job.displayFile);
    if (entry === void 0) continue;
    if ("problem" in entry) {
      out.problems.push(entry.problem);
      continue;
    }
    const { record } = entry;
    if (record.id !== void 0) out.own.push({ id: record.id, line, index: good });
    good += 1;
    if (job.checkOnly) continue;
    let id = record.id;
    let key = null;
    if (id === void 0) {
      const digest = traceContentDigest(record);
      key = occurrenceKey(digest);
      const seen = local.get(key) ?? job.bases?.[key] ?? 0;
      local.set(key, seen + 1);
      id = generatedTraceId(job.idScope, digest, seen);
    }
    writer.add(JSON.stringify(traceWithIds(record, id)));
    out.ids.push(id);
    out.keys.push(key);
  }
  const taken = writer.take();
  out.bytes = taken.bytes;
  out.sizes = taken.sizes;
  return out;
}
var TRACE_SEGMENTS_WORKER = "galctl:trace-segments";
if (workerData === TRACE_SEGMENTS_WORKER)
  parentPort?.on("message", (job) => {
    let reply;
    try {
      reply = readTraceSegment(job);
    } catch (err) {
      reply = { job: job.job, error: toWorkerError(err) };
    }
    parentPort?.postMessage(reply, "bytes" in reply ? [reply.bytes.buffer] : []);
  });
export {
  TRACE_SEGMENTS_WORKER,
  readTraceSegment,
  splitLines
};
