import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubComment {
  id: number;
  body: string;
  user: { type: string };
}

export interface GithubStub {
  url: string;
  /** every request, as `METHOD /path` */
  requests: string[];
  /** the pull request's comments, as the stub holds them */
  comments: StubComment[];
  close(): Promise<void>;
}

/**
 * A loopback stand-in for GitHub's issue-comment REST API for the pull request `repository`#`number`: checks the
 * token, records every request, keeps the comments (starting with `initial`), creates and edits them.
 */
export async function startGithubStub(opts: { token: string; repository: string; number: number; initial: StubComment[] }): Promise<GithubStub> {
  const requests: string[] = [];
  const comments: StubComment[] = [...opts.initial];
  const issue = `/repos/${opts.repository}/issues/${opts.number}/comments`;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${opts.token}`) return send(401, { message: 'Bad credentials' });
      if (req.method === 'GET' && url.pathname === issue) {
        const page = Number(url.searchParams.get('page') ?? '1');
        return send(200, page === 1 ? comments : []);
      }
      if (req.method === 'POST' && url.pathname === issue) {
        const c = { id: 100 + comments.length, body: JSON.parse(raw).body as string, user: { type: 'Bot' } };
        comments.push(c);
        return send(201, c);
      }
      const patch = new RegExp(`^/repos/${opts.repository}/issues/comments/(\\d+)$`).exec(url.pathname);
      const target = comments.find((c) => c.id === Number(patch?.[1]));
      if (req.method === 'PATCH' && target !== undefined) {
        target.body = JSON.parse(raw).body as string;
        return send(200, target);
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, comments, close: () => new Promise((r) => server.close(() => r())) };
}
