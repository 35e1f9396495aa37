import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciProvenance } from '../../src/runs/ci-provenance.js';
import { readCiEvent } from '../../src/runs/read-ci-event.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const HEAD = 'fedcba9876543210fedcba9876543210fedcba98';

describe('ciProvenance', () => {
  it('is undefined outside a CI it knows', () => {
    expect(ciProvenance({})).toBeUndefined();
    expect(ciProvenance({ GITHUB_SHA: SHA, CI_COMMIT_SHA: SHA })).toBeUndefined();
  });

  it('GitHub push to a branch', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_REF_TYPE: 'branch', GITHUB_HEAD_REF: '' };
    expect(ciProvenance(env, { ref: 'refs/heads/main' })).toEqual({ ci: 'github', commit: SHA, branch: 'main' });
  });

  it('GitHub pull request: head commit, source branch and number from the event', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/pull/42/merge', GITHUB_REF_NAME: '42/merge', GITHUB_HEAD_REF: 'fix/refunds' };
    expect(ciProvenance(env, { pull_request: { number: 42, head: { sha: HEAD } } })).toEqual({ ci: 'github', commit: HEAD, branch: 'fix/refunds', pullRequest: '42' });
  });

  it('GitHub pull request without an event payload: the number from the ref', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/pull/7/merge', GITHUB_REF_NAME: '7/merge', GITHUB_HEAD_REF: 'feature' };
    expect(ciProvenance(env)).toEqual({ ci: 'github', commit: SHA, branch: 'feature', pullRequest: '7' });
  });

  it('GitHub tag push: no branch', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/tags/v1.2.0', GITHUB_REF_NAME: 'v1.2.0', GITHUB_REF_TYPE: 'tag' };
    expect(ciProvenance(env, { not: 'a pull request' })).toEqual({ ci: 'github', commit: SHA });
  });

  it('GitLab merge request pipeline', () => {
    const env = { GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: 'feature', CI_MERGE_REQUEST_IID: '12', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature' };
    expect(ciProvenance(env)).toEqual({ ci: 'gitlab', commit: SHA, branch: 'feature', pullRequest: '12' });
  });

  it('GitLab branch and tag pipelines', () => {
    expect(ciProvenance({ GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main' })).toEqual({ ci: 'gitlab', commit: SHA, branch: 'main' });
    expect(ciProvenance({ GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: 'v1', CI_COMMIT_TAG: 'v1' })).toEqual({ ci: 'gitlab', commit: SHA });
  });
});

describe('readCiEvent', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'galctl-ci-event-'));

  it('parses the payload GITHUB_EVENT_PATH names, on GitHub Actions only', async () => {
    const file = path.join(dir, 'event.json');
    writeFileSync(file, JSON.stringify({ pull_request: { number: 5 } }));
    expect(await readCiEvent({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: file })).toEqual({ pull_request: { number: 5 } });
    expect(await readCiEvent({ GITHUB_EVENT_PATH: file })).toBeUndefined();
  });

  it('gives undefined for a missing or broken payload', async () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{not json');
    expect(await readCiEvent({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: broken })).toBeUndefined();
    expect(await readCiEvent({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: path.join(dir, 'missing.json') })).toBeUndefined();
    expect(await readCiEvent({ GITHUB_ACTIONS: 'true' })).toBeUndefined();
  });
});
