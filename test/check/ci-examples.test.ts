import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const read = (name: string): string => readFileSync(fileURLToPath(new URL(`../../examples/ci/${name}`, import.meta.url)), 'utf8');

/** Parses strictly: a syntax error, a duplicate key or a warning fails the test. */
function parseStrict(text: string): any {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  return doc.toJS();
}

/** Compiles (does not run) a script body, as an async function with the given parameter names. */
function compiles(source: string, params: string[]): void {
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => unknown;
  expect(() => new AsyncFunction(...params, source)).not.toThrow();
}

describe('examples/ci/github-actions.yml', () => {
  const wf = parseStrict(read('github-actions.yml'));
  const steps = (job: string): any[] => wf.jobs[job].steps;
  const runOf = (job: string): string => steps(job).map((s) => s.run ?? '').join('\n');

  it('plans on pull requests and applies on pushes to main, with the key from secrets', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request', 'push']);
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.env.GALILEO_API_KEY).toBe('${{ secrets.GALILEO_API_KEY }}');
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.plan.if).toMatch(/pull_request/);
    expect(wf.jobs.apply.if).toMatch(/push.*refs\/heads\/main/);
  });

  it('plan job: markdown plan as one sticky comment found by a marker and updated in place', () => {
    expect(wf.jobs.plan.permissions['pull-requests']).toBe('write');
    expect(runOf('plan')).toMatch(/galctl plan .*--format markdown --out plan\.json --detailed-exitcode > plan\.md/);
    const comment = steps('plan').find((s) => String(s.uses).startsWith('actions/github-script@'));
    expect(comment.with.script).toContain("const marker = '<!-- galctl-plan -->'");
    expect(comment.with.script).toContain('updateComment');
    expect(comment.with.script).toContain('createComment');
    compiles(comment.with.script, ['github', 'context', 'core', 'require']);
    expect(steps('plan').some((s) => String(s.uses).startsWith('actions/upload-artifact@') && s.with.path.includes('plan.json'))).toBe(true);
  });

  it('apply job: saved plan, apply --auto-approve --wait, then check with JUnit, artifacts uploaded', () => {
    const run = runOf('apply');
    expect(run).toContain('galctl plan -f "$GALCTL_MANIFEST" --out plan.json');
    expect(run).toContain('galctl apply plan.json --auto-approve --wait --timeout 30m');
    expect(run).toContain('galctl check -f "$GALCTL_MANIFEST" --format junit --out galctl-check.xml');
    expect(run.indexOf('galctl apply')).toBeLessThan(run.indexOf('galctl check'));
    const upload = steps('apply').find((s) => String(s.uses).startsWith('actions/upload-artifact@'));
    expect(upload.if).toBe('always()');
    expect(upload.with.path).toContain('galctl-check.xml');
    expect(upload.with.path).toContain('plan.json');
    expect(wf.jobs.apply.concurrency['cancel-in-progress']).toBe(false);
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  const ci = parseStrict(read('gitlab-ci.yml'));

  it('plan on merge requests, apply on the default branch, JUnit as a test report', () => {
    expect(ci.stages).toEqual(['plan', 'apply']);
    expect(ci['galctl-plan'].rules[0].if).toBe('$CI_PIPELINE_SOURCE == "merge_request_event"');
    expect(ci['galctl-apply'].rules[0].if).toMatch(/\$CI_COMMIT_BRANCH == \$CI_DEFAULT_BRANCH/);
    const apply = (ci['galctl-apply'].script as string[]).join('\n');
    expect(apply).toContain('galctl apply plan.json --auto-approve --wait --timeout 30m');
    expect(apply).toContain('galctl check -f "$GALCTL_MANIFEST" --format junit --out galctl-check.xml');
    expect(ci['galctl-apply'].artifacts.reports.junit).toBe('galctl-check.xml');
    expect(ci['galctl-apply'].artifacts.when).toBe('always');
    expect(ci['galctl-apply'].resource_group).toBe('galileo');
  });

  it('plan job posts one MR note through the API with a project token, updated in place by its marker', () => {
    const script = (ci['galctl-plan'].script as string[]).join('\n');
    expect(script).toMatch(/galctl plan .*--format markdown --out plan\.json --detailed-exitcode > plan\.md/);
    const node = /node <<'NODE'\n([\s\S]*?)\nNODE/.exec(script)?.[1];
    expect(node).toBeDefined();
    expect(node).toContain("const marker = '<!-- galctl-plan -->'");
    expect(node).toContain("'PRIVATE-TOKEN': token");
    expect(node).toContain("method: 'PUT'");
    expect(node).toContain('process.env.GALCTL_GITLAB_TOKEN');
    compiles(node!, ['require', 'process']);
    expect(ci['galctl-plan'].artifacts.paths).toEqual(['plan.json', 'plan.md']);
  });

  it('never writes the API key into the file', () => {
    expect(read('gitlab-ci.yml')).not.toMatch(/GALILEO_API_KEY\s*:/);
  });
});
