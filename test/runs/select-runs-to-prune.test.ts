import { describe, expect, it } from 'vitest';
import { selectRunsToPrune, type RunRecord } from '../../src/runs/select-runs-to-prune.js';

const run = (id: string, fingerprint: string, day: number): RunRecord => ({ id, fingerprint, createdAt: `2026-11-${String(day).padStart(2, '0')}T10:00:00.000000Z` });
const RUNS = [run('r3', 'ccc', 3), run('r1', 'aaa', 1), run('r4', 'ddd', 4), run('r2', 'bbb', 2)];
const ids = (runs: RunRecord[]): string[] => runs.map((r) => r.id);

describe('selectRunsToPrune', () => {
  it('keeps the N newest, counting the current run, and returns the rest oldest first', () => {
    expect(ids(selectRunsToPrune(RUNS, 2, 'ddd'))).toEqual(['r1', 'r2']);
    expect(ids(selectRunsToPrune(RUNS, 4, 'ddd'))).toEqual([]);
    expect(ids(selectRunsToPrune(RUNS, 10, 'ddd'))).toEqual([]);
  });

  it('never selects the current run, even an old one', () => {
    expect(ids(selectRunsToPrune(RUNS, 2, 'aaa'))).toEqual(['r2', 'r3']);
    expect(ids(selectRunsToPrune(RUNS, 1, 'bbb'))).toEqual(['r1', 'r3', 'r4']);
  });

  it('leaves room for the run apply is about to create', () => {
    expect(ids(selectRunsToPrune(RUNS, 2, 'new'))).toEqual(['r1', 'r2', 'r3']);
    expect(ids(selectRunsToPrune(RUNS, 1, 'new'))).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('treats N below 1 as keeping the current run only', () => {
    expect(ids(selectRunsToPrune(RUNS, 0, 'ccc'))).toEqual(['r1', 'r2', 'r4']);
  });

  it('orders ties by id and unreadable times as oldest', () => {
    const same = [run('b', 'x', 5), run('a', 'y', 5), { id: 'z', fingerprint: 'z', createdAt: 'garbage' }];
    expect(ids(selectRunsToPrune(same, 2, 'cur'))).toEqual(['z', 'a']);
  });
});
