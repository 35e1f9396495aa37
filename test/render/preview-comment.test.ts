import { describe, expect, it } from 'vitest';
import { evaluateThresholds } from '../../src/check/evaluate-thresholds.js';
import { PREVIEW_COMMENT_MARKER, renderPreviewComment } from '../../src/render/preview-comment.js';
import { renderPlanMarkdown } from '../../src/render/render-plan-markdown.js';
import { emptyLive, planOf, sampleDesired } from '../helpers/builders.js';

describe('renderPreviewComment', () => {
  const plan = planOf(sampleDesired(), emptyLive());

  it('starts with the marker, then the plan as plan --format markdown renders it, then the results', () => {
    const text = renderPreviewComment({ id: 'pr-7', commit: 'abcdef1234567890', plan, experiments: ['project.demo.experiment.prompt-eval'], report: evaluateThresholds([]) });
    expect(text.split('\n')[0]).toBe(PREVIEW_COMMENT_MARKER);
    expect(text.split('\n')[1]).toBe('## galctl preview `pr-7` at `abcdef123456`');
    const onMerge = text.indexOf('### What will change on merge');
    const results = text.indexOf('### How the changed experiments scored against main');
    expect(onMerge).toBeGreaterThan(0);
    expect(results).toBeGreaterThan(onMerge);
    expect(text.slice(onMerge, results)).toContain(renderPlanMarkdown(plan).replace(/^### galctl plan\n\n/, '').trimEnd());
    expect(text.slice(results)).toContain('Previewed: `project.demo.experiment.prompt-eval`');
    expect(text).not.toContain('### galctl check');
    expect(text).not.toContain('### galctl plan');
  });

  it('says when nothing was previewed, or when the runs are not scored yet', () => {
    expect(renderPreviewComment({ id: 'pr-7', commit: 'abcdef1', plan, experiments: [] })).toContain("No experiment's inputs changed: nothing to preview.");
    expect(renderPreviewComment({ id: 'pr-7', commit: 'abcdef1', plan, experiments: ['x'], unscored: ['x (jobs 0/2 done)'] })).toContain('Not scored yet: x (jobs 0/2 done)');
  });
});
