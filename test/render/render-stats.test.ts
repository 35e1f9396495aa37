import { describe, expect, it } from 'vitest';
import { renderStats } from '../../src/render/render-stats.js';

describe('renderStats', () => {
  it('lists routes by count, then totals', () => {
    const text = renderStats({
      requests: { 'POST /scorers/list': 5, 'GET /projects/{project_id}/templates': 2, 'POST /datasets/query': 5 },
      byStatus: { '200': 11, '503': 1 },
      retries: 1,
      totalMs: 420.4,
      wallMs: 15_500,
    });
    expect(text).toMatchInlineSnapshot(`
      "requests  route
             5  POST /datasets/query
             5  POST /scorers/list
             2  GET /projects/{project_id}/templates
      total 12 requests, 1 retry; request time 420ms, wall time 15.5s
      status: 200×11 503×1
      "
    `);
  });

  it('fits 100 columns', () => {
    const text = renderStats({ requests: { [`GET /${'x'.repeat(200)}`]: 1 }, byStatus: {}, retries: 0, totalMs: 0, wallMs: 0 });
    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(text).toContain('…');
  });
});
