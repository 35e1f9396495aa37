import { describe, expect, it } from 'vitest';
import { renderActionSummary } from '../../src/render/render-action-summary.js';

describe('renderActionSummary: what the action writes to the job summary and the sticky comment', () => {
  const markdown = '<!-- galctl-preview -->\n## galctl preview `pr-7`\n\n### What will change on merge\n';

  it("preview's own markdown, as is, when it passed (0) or a gate failed (3)", () => {
    for (const code of [0, 3]) expect(renderActionSummary({ command: 'preview', code, stdout: markdown, stderr: 'progress\n' })).toBe(markdown);
  });

  it('a preview that failed (1): a heading that says so, and its output as text', () => {
    const out = renderActionSummary({ command: 'preview', code: 1, stdout: '', stderr: 'error: the preview would make about 600 judge calls\n' });
    expect(out).toMatch(/^### galctl preview failed \(exit 1\)\n\n```text\n/);
    expect(out).toContain('about 600 judge calls');
  });

  it("the destroy prints text: a heading, then its output in a code block (never read as markdown)", () => {
    const out = renderActionSummary({ command: 'preview --destroy', code: 0, stdout: 'deleted run v1 [preview pr-7 0123456]\n', stderr: '' });
    expect(out).toMatch(/^### galctl preview --destroy succeeded \(exit 0\)\n\n```text\ndeleted run v1 \[preview pr-7 0123456\]\n```\n$/);
  });
});
