import { describe, expect, it } from 'vitest';
import { escapeControl, escapeControlLines, escapeForeignControl } from '../../src/render/escape-control.js';
import { renderProblems } from '../../src/render/render-problems.js';

describe('escapeControl', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['\u001b[31mred', '\\u001b[31mred'],
    ['rtl \u202egnp.csv', 'rtl \\u202egnp.csv'],
    ['nul \u0000', 'nul \\u0000'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['unicode stays: Ω≈ç√ 日本語 é', 'unicode stays: Ω≈ç√ 日本語 é'],
  ])('%j → %j', (input, expected) => {
    expect(escapeControl(input)).toBe(expected);
  });

  it('keeps a problem whose message quotes a newline and an escape code on one line', () => {
    const out = renderProblems([{ file: 'galileo.yaml', line: 3, col: 9, code: 'x', message: 'file "a\nb\u001b[2J" does not exist', hint: 'fix\nit' }], { color: false });
    expect(out).toBe('galileo.yaml:3:9: file "a\\nb\\u001b[2J" does not exist\n  hint: fix\\nit\n');
  });

  it('escapeControlLines keeps line breaks; escapeForeignControl leaves ESC (galctl\'s colours) and JSON valid', () => {
    expect(escapeControlLines('a\u001b[2J\nb\r')).toBe('a\\u001b[2J\nb\\r');
    expect(escapeForeignControl('\u001b[31mred\u001b[39m \u009b2J \u202e')).toBe('\u001b[31mred\u001b[39m \\u009b2J \\u202e');
    const json = JSON.stringify({ name: 'csi \u009b2J \u202e' });
    expect(JSON.parse(escapeForeignControl(json))).toEqual({ name: 'csi \u009b2J \u202e' });
  });
});
