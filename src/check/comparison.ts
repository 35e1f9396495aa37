import { GalctlError } from '../core/errors.js';

/** The operators a threshold may use (the manifest schema's `comparison` pattern allows exactly these). */
export type ComparisonOp = '>=' | '>' | '<=' | '<' | '==';

/** A parsed threshold value such as `">= 0.8"`. */
export interface Comparison {
  op: ComparisonOp;
  value: number;
}

const PATTERN = /^\s*(>=|<=|==|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$/;

/**
 * Parses `<op> <number>` (the one parser of threshold comparisons; the schema only checks the shape). A value the
 * schema let through but that does not parse is a bug in the caller, reported as a GalctlError naming it.
 */
export function parseComparison(text: string): Comparison {
  const m = PATTERN.exec(text);
  if (m === null) {
    throw new GalctlError('threshold-invalid', `invalid threshold "${text}"`, {
      hint: 'write a comparison such as ">= 0.8" (operators: >=, >, <=, <, ==)',
    });
  }
  return { op: m[1] as ComparisonOp, value: Number(m[2]) };
}

/** Relative tolerance for `==` so that 0.1 + 0.2 == 0.3 holds for averages computed in floating point. */
const EPSILON = 1e-9;

export function satisfies(actual: number, c: Comparison): boolean {
  switch (c.op) {
    case '>=':
      return actual >= c.value - EPSILON;
    case '>':
      return actual > c.value;
    case '<=':
      return actual <= c.value + EPSILON;
    case '<':
      return actual < c.value;
    case '==':
      return Math.abs(actual - c.value) <= EPSILON * Math.max(1, Math.abs(c.value));
  }
}

/** `>= 0.8`: the canonical spelling shown in reports. */
export function formatComparison(c: Comparison): string {
  return `${c.op} ${String(c.value)}`;
}
