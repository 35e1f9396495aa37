import type { Action, PlanChange } from '../core/plan-types.js';

/** The plan's markers, in one place (Terraform-like). */
export const ACTION_SYMBOL: Record<Action, string> = {
  create: '+',
  update: '~',
  'new-version': '±',
  replace: '-/+',
  delete: '-',
  ingest: '>',
  'no-op': '=',
};

/** How each action is described after the address. */
export const ACTION_LABEL: Record<Action, string> = {
  create: 'create',
  update: 'update in place',
  'new-version': 'new version',
  replace: 'replace (delete, then create)',
  delete: 'delete',
  ingest: 'ingest',
  'no-op': 'no change',
};

/** A change's label: its action's, but `new run` for an experiment's new run (issue 17: earlier runs stay). */
export const changeLabel = (c: { action: Action; run?: unknown }): string => (c.run !== undefined && c.action === 'create' ? 'new run' : ACTION_LABEL[c.action]);

export type Color = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'blue' | 'dim' | 'bold';

const CODES: Record<Color, [number, number]> = {
  green: [32, 39],
  yellow: [33, 39],
  red: [31, 39],
  cyan: [36, 39],
  magenta: [35, 39],
  blue: [34, 39],
  dim: [2, 22],
  bold: [1, 22],
};

export const ACTION_COLOR: Record<Action, Color> = {
  create: 'green',
  update: 'yellow',
  'new-version': 'cyan',
  replace: 'magenta',
  delete: 'red',
  ingest: 'blue',
  'no-op': 'dim',
};

/** Colour for one line of a change body, by its leading marker. */
export const LINE_COLOR: Record<string, Color> = { '+': 'green', '-': 'red', '~': 'yellow', '#': 'dim', '>': 'blue', '@': 'cyan', '!': 'red' };

/** The address as the plan's header line shows it: a scorer's type beside it (`scorer.q (llm)`). */
export const addressLabel = (c: PlanChange): string => (c.scorer_type === undefined ? c.address : `${c.address} (${c.scorer_type})`);

/** `text` wrapped in an ANSI colour when `on`; unchanged otherwise. */
export function paint(text: string, color: Color, on: boolean): string {
  if (!on || text === '') return text;
  const [open, close] = CODES[color];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}
