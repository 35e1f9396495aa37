import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { pagesAhead } from '../../src/galileo/pages-ahead.js';
import { collect, paginate } from '../../src/galileo/paginate.js';
import { createScorer, listScorers } from '../../src/kinds/scorer/api.js';
import { createDataset, getDatasetContent } from '../../src/kinds/dataset/api.js';
import { listPageHints } from '../../src/engine/read/list-page-hints.js';
import type { LoggedRequest } from '../../src/sim/request-log.js';

const KEY = 'sim-key-pages-ahead';
let sim: Awaited<ReturnType<typeof startSimulator>>;
let client: GalileoClient;

const since = (from: number, route: string): LoggedRequest[] => sim.requests().slice(from).filter((r) => `${r.method} ${r.route}` === route);
const tokens = (rs: LoggedRequest[]): number[] => rs.map((r) => Number(new URLSearchParams(r.query).get('starting_token')));

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
  client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, concurrency: 8, minRetryDelayMs: 1, maxRetryDelayMs: 10 });
  // 250 scorers: three pages of the default 100
  for (let i = 0; i < 250; i += 1) {
    await createScorer(client, { name: `s-${String(i).padStart(3, '0')}`, scorer_type: 'llm', defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
  }
}, 120_000);

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

describe('pagesAhead (issue 22: a list of n pages in one round trip)', () => {
  it('hands out the pages asked for ahead by token, and asks for any other token when wanted', async () => {
    const asked: number[] = [];
    const page = pagesAhead(async (token) => {
      asked.push(token);
      return `page@${token}`;
    }, 10, 3);
    expect(asked).toEqual([0, 10, 20]);
    expect(await page(10)).toBe('page@10');
    expect(await page(0)).toBe('page@0');
    // a token not asked for ahead (a cursor that is not the next offset), or one handed out already: asked now
    expect(await page(15)).toBe('page@15');
    expect(await page(10)).toBe('page@10');
    expect(asked).toEqual([0, 10, 20, 15, 10]);
  });

  it('a page asked for ahead that fails fails only the read that wants it', async () => {
    const page = pagesAhead(async (token) => {
      if (token === 20) throw new Error('page 20 lost');
      return token;
    }, 10, 3);
    expect(await page(0)).toBe(0);
    expect(await page(10)).toBe(10);
    await expect(page(20)).rejects.toThrow('page 20 lost');
  });
});

describe('paginate with a page hint, against the simulator', () => {
  beforeEach(async () => {
    await fetch(`${sim.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 0 }) });
  });

  it('reads the same list with or without the hint, and reports the pages it took', async () => {
    const plain = await listScorers(client, { types: ['llm'] });
    let pages = 0;
    const from = sim.requests().length;
    const hinted = await listScorers(client, { types: ['llm'], paging: { pagesAhead: 3, onPaged: (n) => (pages = n) } });
    expect(hinted.map((s) => s.id)).toEqual(plain.map((s) => s.id));
    expect(hinted).toHaveLength(250);
    expect(pages).toBe(3);
    expect(tokens(since(from, 'POST /scorers/list')).sort((a, b) => a - b)).toEqual([0, 100, 200]);
  });

  it('asks for every hinted page before the first one is answered', async () => {
    // at 300 ms a request, a page asked for after the first answer would arrive 300 ms after the first
    await fetch(`${sim.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 300 }) });
    const from = sim.requests().length;
    const listed = listScorers(client, { types: ['llm'], paging: { pagesAhead: 3 } });
    let pages: LoggedRequest[] = [];
    while (pages.length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      pages = since(from, 'POST /scorers/list');
    }
    // a request's status stays 0 until its answer is sent: the third page was asked for before the first was answered
    expect(pages[0]!.status).toBe(0);
    expect(tokens(pages).sort((a, b) => a - b)).toEqual([0, 100, 200]);
    expect(await listed).toHaveLength(250);
  });

  it('a hint past the end costs the pages past it, and a hint short of it pages on', async () => {
    let from = sim.requests().length;
    let pages = 0;
    const over = await listScorers(client, { types: ['llm'], paging: { pagesAhead: 5, onPaged: (n) => (pages = n) } });
    expect(over).toHaveLength(250);
    expect(new Set(over.map((s) => s.id)).size).toBe(250);
    expect(pages).toBe(3);
    // the two pages past the end were asked for too (their answers may still be on the way when the list is read)
    await expect.poll(() => since(from, 'POST /scorers/list').length).toBe(5);

    from = sim.requests().length;
    const short = await listScorers(client, { types: ['llm'], paging: { pagesAhead: 2 } });
    expect(short.map((s) => s.id)).toEqual(over.map((s) => s.id));
    expect(tokens(since(from, 'POST /scorers/list')).sort((a, b) => a - b)).toEqual([0, 100, 200]);
  });

  it('a hint never passes maxPages', async () => {
    const from = sim.requests().length;
    const err = await collect(paginate(client, { method: 'POST', path: '/scorers/list', itemsKey: 'scorers', tokenIn: 'query', body: {}, maxPages: 2, pagesAhead: 10 })).catch((e: unknown) => e);
    expect(String(err)).toMatch(/still paging after 2 pages/);
    expect(since(from, 'POST /scorers/list')).toHaveLength(2);
  });

  it("a dataset's rows: all its pages at once when the list named its row count, with the ETag checked on each", async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `${i},answer ${i}`).join('\n');
    const d = await createDataset(client, { name: 'three-pages', format: 'csv', content: `input,output\n${rows}\n` });
    expect(d.num_rows).toBe(2500);
    const from = sim.requests().length;
    const content = await getDatasetContent(client, d.id, { rows: d.num_rows });
    expect(content.rows).toHaveLength(2500);
    expect(content.rows.map((r) => r.index)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(tokens(since(from, 'GET /datasets/:dataset_id/content')).sort((a, b) => a - b)).toEqual([0, 1000, 2000]);
  });
});

describe('listPageHints: the pages each org list had, for the next command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'galctl-page-hints-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('knows nothing at first, then what was recorded for the same API only', async () => {
    const first = await listPageHints(dir, 'http://127.0.0.1:1');
    expect(first.pagesOf('scorers')).toBeUndefined();
    first.record('scorers', 11);
    first.record('projects', 1);
    await first.save();
    const again = await listPageHints(dir, 'http://127.0.0.1:1');
    expect(again.pagesOf('scorers')).toBe(11);
    expect(again.pagesOf('projects')).toBe(1);
    expect(again.pagesOf('datasets')).toBeUndefined();
    expect((await listPageHints(dir, 'http://127.0.0.1:2')).pagesOf('scorers')).toBeUndefined();
  });

  it('does not follow a hint of more than 100 pages', async () => {
    const h = await listPageHints(dir, 'http://127.0.0.1:3');
    h.record('datasets', 5000);
    await h.save();
    expect((await listPageHints(dir, 'http://127.0.0.1:3')).pagesOf('datasets')).toBeUndefined();
  });
});
