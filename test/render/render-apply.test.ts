import { describe, expect, it } from 'vitest';
import type { ApplyResult, StepOutcome } from '../../src/engine/apply/types.js';
import { createProgressReporter } from '../../src/cli/apply-progress.js';
import type { Io } from '../../src/cli/io.js';
import { describeStep, renderApplySummary, renderHeartbeat, renderInFlight, renderStepLine, renderWaitHeartbeat, renderWaitLine } from '../../src/render/render-apply.js';

const ok = (address: string, action: StepOutcome['action'], summary: string, extra: Partial<StepOutcome> = {}): StepOutcome => ({
  address,
  action,
  status: 'succeeded',
  summary,
  ms: 400,
  ...extra,
});

describe('render apply', () => {
  it.each([
    ['created', 'scorer.x', 'created scorer.x'],
    ['new version 2', 'scorer.x', 'new version 2 of scorer.x'],
    ['selected version 3', 'project.p.template.t', 'selected version 3 of project.p.template.t'],
    ['adopted (new version 3)', 'dataset.d', 'adopted dataset.d (new version 3)'],
    ['ingested 500 traces', 'project.p.experiment.e.traces', 'ingested 500 traces into project.p.experiment.e'],
    ['registered 2 scorers', 'project.p.log_stream.l.scorers', 'registered 2 scorers on project.p.log_stream.l'],
  ])('describes %s on %s', (summary, address, line) => {
    expect(describeStep(summary, address)).toBe(line);
  });

  it('prints one line per finished step', () => {
    const lines = [
      ok('scorer.response-quality', 'create', 'created', { id: '12345678-aaaa-bbbb-cccc-1234567890ab' }),
      { address: 'dataset.x', action: 'create', status: 'failed', error: 'POST /datasets: 422 name: bad name', ms: 10 },
      { address: 'project.p.experiment.e', action: 'create', status: 'skipped', blockedBy: 'dataset.x', ms: 0 },
      { address: 'project.p.log_stream.l', action: 'create', status: 'not-attempted', ms: 0 },
    ].map((o) => renderStepLine(o as StepOutcome, { color: false }));
    expect(lines).toMatchInlineSnapshot(`
      [
        "created scorer.response-quality (id 12345678…) in 0.4s",
        "FAILED dataset.x: POST /datasets: 422 name: bad name",
        "skipped project.p.experiment.e (blocked by dataset.x)",
        "not attempted project.p.log_stream.l",
      ]
    `);
  });

  it('sums up a success in one line, and a failure by status', () => {
    const success: ApplyResult = {
      ok: true,
      interrupted: false,
      ms: 3200,
      outcomes: [ok('scorer.a', 'create', 'created'), ok('scorer.b', 'new-version', 'new version 2'), ok('project.p.experiment.e.traces', 'ingest', 'ingested 1000 traces', { ingested: 1000 })],
    };
    expect(renderApplySummary(success, { color: false })).toBe('Apply complete: 1 created, 1 new version, 0 updated, 0 replaced, 0 deleted, 1000 traces ingested in 3.2s.\n');
    const failure: ApplyResult = {
      ok: false,
      interrupted: false,
      ms: 1000,
      outcomes: [
        ok('scorer.a', 'create', 'created'),
        { address: 'dataset.x', action: 'create', status: 'failed', error: 'POST /datasets: 422 bad', ms: 5 },
        { address: 'project.p.experiment.e', action: 'create', status: 'skipped', blockedBy: 'dataset.x', ms: 0 },
        { address: 'project.p.log_stream.l', action: 'create', status: 'not-attempted', ms: 0 },
      ],
    };
    expect(renderApplySummary(failure, { color: false })).toMatchInlineSnapshot(`
      "Apply failed: 1 succeeded, 1 failed, 1 skipped, 1 not attempted.
      Done: 1 created, 0 new versions, 0 updated, 0 replaced, 0 deleted, 0 traces ingested in 1.0s.
      Succeeded:
        created scorer.a
      Failed:
        dataset.x: POST /datasets: 422 bad
      Skipped (a dependency failed):
        project.p.experiment.e (blocked by dataset.x)
      Not attempted:
        project.p.log_stream.l
      Run galctl apply again to finish: it picks up from what is in Galileo now.
      "
    `);
  });

  it('on a terminal, redraws the steps in flight with their elapsed time and prints finished steps above them', () => {
    let out = '';
    let now = 0;
    const io = { stdout: (t: string) => void (out += t) } as unknown as Io;
    const reporter = createProgressReporter(io, { live: true, color: false, now: () => now });
    reporter.onEvent({ type: 'start', address: 'scorer.a', action: 'create', at: 0 });
    reporter.onEvent({ type: 'start', address: 'dataset.d', action: 'create', at: 0 });
    now = 1500;
    reporter.onEvent({ type: 'progress', address: 'scorer.a', message: 'validating code' });
    reporter.onEvent({ type: 'finish', outcome: ok('dataset.d', 'create', 'created') });
    reporter.stop();
    expect(out).toContain('  … create scorer.a  0.0s\n  … create dataset.d  0.0s\n');
    // the block is cleared (cursor up 2, clear), the finished line printed, then the block redrawn
    expect(out).toContain('\u001b[2A\u001b[Jcreated dataset.d in 0.4s\n  … create scorer.a  1.5s  validating code\n');
    expect(out.endsWith('\u001b[1A\u001b[J')).toBe(true);
  });

  it('escapes control characters from names and API messages in step lines, the live block and the summary', () => {
    const evil = 'project.p.log_stream.\u001b[2Jx\u009b1A\u202e';
    const failed: StepOutcome = { address: evil, action: 'create', status: 'failed', ms: 1, error: 'POST /x: 422 bad \u001b]8;;http://e\u0007name\nsecond line' };
    let out = '';
    const io = { stdout: (t: string) => void (out += t) } as unknown as Io;
    const reporter = createProgressReporter(io, { live: true, color: false, now: () => 0 });
    reporter.onEvent({ type: 'start', address: evil, action: 'create', at: 0 });
    reporter.onEvent({ type: 'progress', address: evil, message: 'waiting \u001b[31m' });
    reporter.onEvent({ type: 'start', address: 'scorer.a', action: 'create', at: 0 });
    reporter.onEvent({ type: 'finish', outcome: failed });
    reporter.stop();
    const summary = renderApplySummary({ outcomes: [failed, { address: evil, action: 'create', status: 'skipped', ms: 0, blockedBy: evil }], ok: false, interrupted: false, ms: 5 }, { color: false });
    // the reporter's own cursor moves are the only escape codes; a message's line break stays a line break
    const own = out.replace(/\u001b\[\d+A\u001b\[J/g, '');
    for (const text of [own, summary, renderStepLine(failed, { color: false })]) {
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(text).toContain('log_stream.\\u001b[2Jx\\u009b1A\\u202e');
    }
    expect(summary).toContain('422 bad \\u001b]8;;http://e\\u0007name\nsecond line');
  });

  it('measured work shows done/total, rate and ETA: a bar on a terminal, a heartbeat line in CI', () => {
    const step = { address: 'project.x.experiment.y.traces', action: 'ingest' as const, startedAt: 0, message: 'm', counted: { done: 5000, total: 12950, unit: 'traces' } };
    expect(renderInFlight([step], 4000, { color: false })).toEqual(['  … ingest project.x.experiment.y.traces  4.0s  [#######-------------] 5,000/12,950 traces, 1,250/s, ETA 6s']);
    expect(renderHeartbeat([step, { address: 'scorer.s', action: 'create', startedAt: 1000, message: 'validating code' }], 4000)).toEqual([
      'ingest project.x.experiment.y.traces: 5,000/12,950 traces, 1,250/s, ETA 6s',
      'still running: create scorer.s: 3.0s, validating code',
    ]);
  });

  it('without a terminal, prints a heartbeat per step in flight every heartbeatMs', async () => {
    let out = '';
    const io = { stdout: (t: string) => void (out += t) } as unknown as Io;
    const reporter = createProgressReporter(io, { live: false, color: false, now: () => 2000, heartbeatMs: 5 });
    reporter.onEvent({ type: 'start', address: 'r.traces', action: 'ingest', at: 0 });
    reporter.onEvent({ type: 'progress', address: 'r.traces', message: 'x', counted: { done: 500, total: 1000, unit: 'traces' } });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => out.includes('\n') && (clearInterval(poll), resolve()), 5);
    });
    reporter.stop();
    expect(out.split('\n')[0]).toBe('ingest r.traces: 500/1,000 traces, 250/s, ETA 2s');
  });

  it('an interrupted ingest counts the traces acknowledged before it stopped', () => {
    const failed: StepOutcome = { address: 'r.traces', action: 'ingest', status: 'failed', error: 'interrupted by SIGINT', ingested: 1750, ms: 9 };
    const summary = renderApplySummary({ outcomes: [failed], ok: false, interrupted: true, ms: 10 }, { color: false });
    expect(summary).toContain('1750 traces ingested');
    expect(summary).toContain('r.traces: interrupted by SIGINT (1,750 traces ingested before it stopped)');
  });

  it('--wait: jobs done/total, with a bar on a terminal; a heartbeat with the time waited in CI', () => {
    expect(renderWaitLine('project.p.experiment.e', 3, 5, true)).toBe('  project.p.experiment.e: jobs 3/5 [############--------]');
    expect(renderWaitLine('project.p.experiment.e', 3, 5, false)).toBe('  project.p.experiment.e: jobs 3/5');
    expect(renderWaitHeartbeat('project.p.experiment.e', 3, 5, 75_000)).toBe('waiting for scoring: project.p.experiment.e: jobs 3/5, 1m15s so far');
  });
});
