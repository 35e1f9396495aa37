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
  const JOBS = ['preview', 'preview-destroy', 'apply'];
  const SAME_REPO = 'github.event.pull_request.head.repo.full_name == github.repository';

  it('pull requests (closed too) preview, closing destroys, pushes to main apply; the key from secrets', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request', 'push']);
    expect(wf.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.env.GALILEO_API_KEY).toBe('${{ secrets.GALILEO_API_KEY }}');
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.jobs)).toEqual(JOBS);
    expect(wf.jobs.preview.if).toBe("github.event_name == 'pull_request' && github.event.action != 'closed'");
    expect(wf.jobs['preview-destroy'].if).toContain("github.event_name == 'pull_request' && github.event.action == 'closed'");
    expect(wf.jobs.apply.if).toMatch(/push.*refs\/heads\/main/);
  });

  const action = (job: string, command: string): any => steps(job).find((s) => s.uses === './' && s.with.command === command);

  it('uses galctl\'s action, pinned (./ = this commit), and installs nothing by name from a registry', () => {
    const text = read('github-actions.yml');
    expect(text).not.toMatch(/npm (install|i)\b|npx |yarn (global )?add|pnpm (add|dlx)/);
    for (const job of JOBS) {
      for (const s of steps(job)) if (s.uses !== undefined) expect(s.uses).toMatch(/^(\.\/|actions\/[a-z-]+@v\d+$)/);
    }
    expect(text).toContain('uses: OWNER/galctl@FULL_40_CHARACTER_COMMIT_SHA');
  });

  it('a pull request: validate, plan, then preview, which posts the one sticky comment; the plan is uploaded', () => {
    const job = wf.jobs.preview;
    expect(job.permissions['pull-requests']).toBe('write');
    const all = steps('preview');
    const [validate, plan, preview] = [action('preview', 'validate'), action('preview', 'plan'), action('preview', 'preview')];
    expect(all.indexOf(validate)).toBeLessThan(all.indexOf(plan));
    expect(all.indexOf(plan)).toBeLessThan(all.indexOf(preview));
    // one comment per pull request: the plan's goes into the preview's
    expect(plan.with).toMatchObject({ comment: 'false', args: '--out plan.json' });
    expect(preview.with).toMatchObject({ comment: 'true', 'max-judge-calls': '500', args: '--timeout 30m' });
    expect(all.filter((s) => s.with?.comment === 'true')).toEqual([preview]);
    expect(all.some((s) => String(s.uses).startsWith('actions/upload-artifact@') && s.with.path.includes('plan.json'))).toBe(true);
    expect(job.concurrency).toEqual({ group: 'galctl-preview-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
  });

  it('forks: validated (offline), never planned with secrets; the preview step ends with the notice; the YAML says so', () => {
    const text = read('github-actions.yml');
    expect(action('preview', 'validate').if).toBeUndefined();
    expect(action('preview', 'plan').if).toBe(SAME_REPO);
    expect(action('preview', 'preview').if).toBeUndefined();
    expect(wf.jobs['preview-destroy'].if).toContain(SAME_REPO);
    expect(text).toContain('previews need secrets; fork PRs are planned by maintainers');
    expect(text).not.toMatch(/^\s*pull_request_target:/m);
  });

  it('a closed pull request: preview (the action destroys on close), in the preview job\'s concurrency group', () => {
    const destroy = action('preview-destroy', 'preview');
    expect(destroy.with).toEqual({ command: 'preview', manifest: '${{ env.GALCTL_MANIFEST }}' });
    expect(wf.jobs['preview-destroy'].concurrency).toEqual(wf.jobs.preview.concurrency);
    expect(wf.jobs['preview-destroy'].permissions).toBeUndefined();
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
    for (const job of JOBS) for (const s of steps(job)) if (s.uses === './') for (const k of Object.keys(s.with)) expect(declared).toContain(k);
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  const ci = parseStrict(read('gitlab-ci.yml'));
  const script = (job: string): string => (ci[job].script as string[]).join('\n');
  const MR = '$CI_PIPELINE_SOURCE == "merge_request_event"';

  it('plan and preview on merge requests, apply on the default branch, JUnit as a test report', () => {
    expect(ci.stages).toEqual(['plan', 'preview', 'apply']);
    expect(ci['galctl-plan'].rules[0].if).toBe(MR);
    expect(ci['galctl-preview'].rules[0].if).toBe(MR);
    expect(ci['galctl-apply'].rules[0].if).toMatch(/\$CI_COMMIT_BRANCH == \$CI_DEFAULT_BRANCH/);
    const apply = script('galctl-apply');
    expect(apply).toContain('galctl apply plan.json --auto-approve --wait --timeout 30m');
    expect(apply).toContain('galctl check -f "$GALCTL_MANIFEST" --format junit --out galctl-check.xml');
    expect(ci['galctl-apply'].artifacts.reports.junit).toBe('galctl-check.xml');
    expect(ci['galctl-apply'].artifacts.when).toBe('always');
    expect(ci['galctl-apply'].resource_group).toBe('galileo');
  });

  it('plan job: validate as a code-quality report, the plan as artifacts (the note is the preview\'s)', () => {
    const plan = ci['galctl-plan'];
    expect(script('galctl-plan')).toContain('galctl validate -f "$GALCTL_MANIFEST" --format gitlab --out gl-code-quality.json');
    expect(script('galctl-plan')).toContain('galctl plan -f "$GALCTL_MANIFEST" --format markdown --out plan.json > plan.md');
    expect(plan.artifacts.reports.codequality).toBe('gl-code-quality.json');
    expect(plan.artifacts.paths).toEqual(['plan.json', 'plan.md']);
    expect(script('galctl-plan')).not.toContain('NODE');
  });

  it('preview job: galctl preview mr-<iid> in markdown, capped, one MR note updated in place by its marker, then its exit code', () => {
    const text = script('galctl-preview');
    expect(text).toContain('galctl preview -f "$GALCTL_MANIFEST" --id "mr-$CI_MERGE_REQUEST_IID" --format markdown --wait --timeout 30m');
    expect(text).toContain('--max-judge-calls "$GALCTL_MAX_JUDGE_CALLS" > preview.md');
    expect(ci.variables.GALCTL_MAX_JUDGE_CALLS).toMatch(/^\d+$/);
    const node = /node <<'NODE'\n([\s\S]*?)\nNODE/.exec(text)?.[1];
    expect(node).toBeDefined();
    expect(node).toContain("const marker = '<!-- galctl-preview -->'");
    // an older plan note is the same note: one per MR
    expect(node).toContain("const markers = [marker, '<!-- galctl-plan -->']");
    expect(node).toContain("'PRIVATE-TOKEN': token");
    expect(node).toContain("method: 'PUT'");
    expect(node).toContain('process.env.GALCTL_GITLAB_TOKEN');
    compiles(node!, ['require', 'process']);
    // the note is written before the job ends with preview's code: 3 (a gate failed) fails the pipeline
    expect(text.indexOf('NODE')).toBeLessThan(text.indexOf('exit "$(cat preview.exitcode)"'));
    expect(ci['galctl-preview'].allow_failure).toBeUndefined();
  });

  it('merged or closed MR: the preview environment\'s on_stop job destroys the preview (GitLab has no close pipeline)', () => {
    const env = ci['galctl-preview'].environment;
    expect(env).toEqual({ name: 'preview/mr-$CI_MERGE_REQUEST_IID', on_stop: 'galctl-preview-destroy' });
    const stop = ci['galctl-preview-destroy'];
    expect(stop.environment).toEqual({ name: env.name, action: 'stop' });
    // a stop job must be manual (else it runs right away) and have the rules of the job that starts the environment
    expect(stop.rules).toEqual([{ if: MR, when: 'manual' }]);
    // else the manual job blocks the MR's pipeline until someone stops the environment
    expect(stop.allow_failure).toBe(true);
    expect(script('galctl-preview-destroy')).toContain('galctl preview --destroy --id "mr-$CI_MERGE_REQUEST_IID" -f "$GALCTL_MANIFEST"');
  });

  it('forks (no GALILEO_API_KEY): each job that needs the key ends with the notice and exit 0', () => {
    for (const job of ['galctl-plan', 'galctl-preview', 'galctl-preview-destroy']) {
      expect(script(job)).toMatch(/if \[ -z "\$GALILEO_API_KEY" \]; then\n\s*echo "previews need secrets; fork MRs are planned by maintainers[^"]*"\n\s*exit 0/);
    }
  });

  it('builds galctl from git at a full commit SHA with npm ci; never installs a package by name', () => {
    const text = read('gitlab-ci.yml');
    expect(text).not.toMatch(/npm (install|i)\b|npx |yarn (global )?add|pnpm (add|dlx)/);
    const before = (ci.default.before_script as string[]).join('\n');
    expect(before).toContain("grep -Eq '^[0-9a-f]{40}$'");
    expect(before).toContain('npm ci --ignore-scripts');
    expect(before).toContain('"$GALCTL_REF"');
  });

  it('never writes the API key into the file', () => {
    expect(read('gitlab-ci.yml')).not.toMatch(/GALILEO_API_KEY\s*:/);
  });
});
