import { isScalar, Scalar, visit } from 'yaml';
import type { Problem } from '../core/problem.js';
import { positionAt, type YamlSource } from './yaml-source.js';

/**
 * A variable whose value must never be echoed (in messages, plans, diffs or files): its name contains KEY, TOKEN,
 * SECRET or PASSWORD. `TOKENS` is a count (`MAX_TOKENS`), not a token.
 */
export function isSecretName(name: string): boolean {
  return /KEY|TOKEN(?!S)|SECRET|PASSWORD/i.test(name);
}

export interface InterpolationResult {
  problems: Problem[];
  /** scalars whose value came (partly) from a secret-looking variable: never print their value */
  secretNodes: WeakSet<object>;
  /** the values those variables put into the manifest: the CLI masks them in everything it prints or writes */
  secretValues: Set<string>;
  /** names of the variables the manifest uses */
  variables: Set<string>;
}

type Piece = { text: string } | { name: string; fallback?: string; raw: string; offset: number } | { error: string; raw: string; offset: number };

/**
 * Splits a string into literal text and `${VAR}` / `${VAR:-default}` references (`${VAR-default}` is read the
 * same way); `$${` is a literal `${`.
 */
export function splitInterpolation(value: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$${', i)) {
      literal += '${';
      i += 3;
      continue;
    }
    if (!value.startsWith('${', i)) {
      literal += value[i];
      i += 1;
      continue;
    }
    const end = value.indexOf('}', i + 2);
    if (literal !== '') pieces.push({ text: literal });
    literal = '';
    if (end < 0) {
      pieces.push({ error: 'unclosed "${"', raw: value.slice(i), offset: i });
      break;
    }
    const raw = value.slice(i, end + 1);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s.exec(value.slice(i + 2, end));
    if (m === null) pieces.push({ error: `invalid variable reference "${raw}"`, raw, offset: i });
    else {
      const piece: { name: string; fallback?: string; raw: string; offset: number } = { name: m[1] ?? '', raw, offset: i };
      if (m[2] !== undefined) piece.fallback = m[3] ?? '';
      pieces.push(piece);
    }
    i = end + 1;
  }
  if (literal !== '') pieces.push({ text: literal });
  return pieces;
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value of the document, in place, from `env`. A plain
 * (unquoted) scalar that becomes a number or boolean takes that type, so `judges: ${JUDGES:-3}` is a number.
 * Problems: an unset variable without a default, a malformed reference, and any use of GALILEO_API_KEY.
 */
export function interpolateDocument(source: YamlSource, env: Record<string, string | undefined>): InterpolationResult {
  const result: InterpolationResult = { problems: [], secretNodes: new WeakSet(), secretValues: new Set(), variables: new Set() };
  visit(source.doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const start = node.range?.[0] ?? 0;
      const locate = (raw: string): { line: number; col: number } => {
        const idx = source.text.indexOf(raw, start);
        const end = node.range?.[1] ?? start;
        return positionAt(source, idx >= 0 && idx < end ? idx : start);
      };
      const at = (raw: string) => ({ file: source.file, ...locate(raw) });
      const out = interpolateValue(node.value, node.type === Scalar.PLAIN && isScalar(node), env, result, at);
      if (out.secret) result.secretNodes.add(node);
      if (out.ok) node.value = out.value;
    },
  });
  return result;
}

/** Where a reference in a string value is, for its problem: the file, line and column. */
export type LocateReference = (raw: string) => Pick<Problem, 'file' | 'line' | 'col'>;

/**
 * One string value with its references replaced (`plain`: an unquoted YAML scalar, which may become a number or a
 * boolean). Records the variables, the secret values and the problems in `result`; `ok` is false when a reference
 * could not be replaced, `secret` when a secret-looking variable was used.
 */
export function interpolateValue(
  value: string,
  plain: boolean,
  env: Record<string, string | undefined>,
  result: Pick<InterpolationResult, 'problems' | 'secretValues' | 'variables'>,
  at: LocateReference,
): { ok: boolean; secret: boolean; value: unknown } {
  let out = '';
  let ok = true;
  let secret = false;
  for (const piece of splitInterpolation(value)) {
    if ('text' in piece) {
      out += piece.text;
      continue;
    }
    if ('error' in piece) {
      ok = false;
      result.problems.push({
        ...at(piece.raw),
        code: 'interpolation',
        message: piece.error,
        hint: 'write ${NAME} or ${NAME:-default}; write $${ for a literal ${',
      });
      continue;
    }
    result.variables.add(piece.name);
    if (piece.name === 'GALILEO_API_KEY') {
      ok = false;
      result.problems.push({
        ...at(piece.raw),
        code: 'secret-in-manifest',
        message: 'the manifest uses ${GALILEO_API_KEY}: secrets come from the environment (GALILEO_API_KEY)',
        hint: 'remove it; galctl reads GALILEO_API_KEY from the environment by itself',
      });
      continue;
    }
    const set = env[piece.name];
    const replaced = set !== undefined && set !== '' ? set : (piece.fallback ?? set);
    if (isSecretName(piece.name)) {
      secret = true;
      if (replaced !== undefined && replaced !== '') result.secretValues.add(replaced);
    }
    if (replaced !== undefined) out += replaced;
    else {
      ok = false;
      result.problems.push({
        ...at(piece.raw),
        code: 'unset-variable',
        message: `environment variable ${piece.name} is not set`,
        hint: `set ${piece.name}, or give a default: \${${piece.name}:-value}`,
      });
    }
  }
  if (!ok) return { ok, secret, value: undefined };
  if (plain) {
    if (/^-?\d+(\.\d+)?$/.test(out)) return { ok, secret, value: Number(out) };
    if (out === 'true' || out === 'false') return { ok, secret, value: out === 'true' };
  }
  return { ok, secret, value: out };
}
