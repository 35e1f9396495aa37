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

  it('plans on pull requests and applies on pushes to main, with the key from secrets', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request', 'push']);
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.env.GALILEO_API_KEY).toBe('${{ secrets.GALILEO_API_KEY }}');
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs.plan.if).toMatch(/pull_request/);
    expect(wf.jobs.apply.if).toMatch(/push.*refs\/heads\/main/);
  });

  const action = (job: string, command: string): any => steps(job).find((s) => s.uses === './' && s.with.command === command);

  it('uses galctl\'s action, pinned (./ = this commit), and installs nothing by name from a registry', () => {
    const text = read('github-actions.yml');
    expect(text).not.toMatch(/npm (install|i)\b|npx |yarn (global )?add|pnpm (add|dlx)/);
    for (const job of ['plan', 'apply']) {
      for (const s of steps(job)) if (s.uses !== undefined) expect(s.uses).toMatch(/^(\.\/|actions\/[a-z-]+@v\d+$)/);
    }
    expect(text).toContain('uses: OWNER/galctl@FULL_40_CHARACTER_COMMIT_SHA');
  });

  it('plan job: the action plans (validating first) and posts the one sticky comment; the plan is uploaded', () => {
    expect(wf.jobs.plan.permissions['pull-requests']).toBe('write');
    const plan = action('plan', 'plan');
    expect(plan.with).toMatchObject({ comment: 'true', summary: 'true', args: '--out plan.json' });
    expect(steps('plan').some((s) => String(s.uses).startsWith('actions/upload-artifact@') && s.with.path.includes('plan.json'))).toBe(true);
  });

  it('apply job: apply --wait, then check with JUnit, the report uploaded', () => {
    const all = steps('apply');
    const apply = action('apply', 'apply');
    const check = action('apply', 'check');
    expect(apply.with.args).toBe('--wait --timeout 30m');
    expect(check.with.junit).toBe('galctl-check.xml');
    expect(all.indexOf(apply)).toBeLessThan(all.indexOf(check));
    const upload = all.find((s) => String(s.uses).startsWith('actions/upload-artifact@'));
    expect(upload.if).toBe('always()');
    expect(upload.with.path).toContain('galctl-check.xml');
    expect(wf.jobs.apply.concurrency['cancel-in-progress']).toBe(false);
  });

  it('every input it passes is one action.yml declares', () => {
    const declared = Object.keys(parseStrict(readFileSync(fileURLToPath(new URL('../../action.yml', import.meta.url)), 'utf8')).inputs);
    for (const job of ['plan', 'apply']) for (const s of steps(job)) if (s.uses === './') for (const k of Object.keys(s.with)) expect(declared).toContain(k);
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

  it('builds galctl from git at a full commit SHA with npm ci; never installs a package by name', () => {
    const text = read('gitlab-ci.yml');
    expect(text).not.toMatch(/npm (install|i)\b|npx |yarn (global )?add|pnpm (add|dlx)/);
    const before = (ci.default.before_script as string[]).join('\n');
    expect(before).toContain("grep -Eq '^[0-9a-f]{40}$'");
    expect(before).toContain('npm ci --ignore-scripts');
    expect(before).toContain('"$GALCTL_REF"');
  });

  it('merge requests: validate as a code-quality report, check as a JUnit report (not only on the default branch)', () => {
    const plan = ci['galctl-plan'];
    expect((plan.script as string[]).join('\n')).toContain('galctl validate -f "$GALCTL_MANIFEST" --format gitlab --out gl-code-quality.json');
    expect(plan.artifacts.reports.codequality).toBe('gl-code-quality.json');
    const check = ci['galctl-check-mr'];
    expect(check.rules[0].if).toBe('$CI_PIPELINE_SOURCE == "merge_request_event"');
    expect((check.script as string[]).join('\n')).toContain('galctl check -f "$GALCTL_MANIFEST" --format junit --out galctl-check.xml');
    expect(check.artifacts.reports.junit).toBe('galctl-check.xml');
    expect(check.artifacts.when).toBe('always');
    // 1 too: an MR that changes an experiment's inputs has no run for them until the default branch applies it
    expect(check.allow_failure).toEqual({ exit_codes: [1, 3] });
  });

  it('never writes the API key into the file', () => {
    expect(read('gitlab-ci.yml')).not.toMatch(/GALILEO_API_KEY\s*:/);
  });
});
