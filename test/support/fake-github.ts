/**
 * A fake of the part of GitHub's REST API the deployment stage uses (GitHub is outside this
 * machine): deployments and their statuses, issues, comments. It listens on 127.0.0.1, keeps
 * state the way GitHub does (ids ascending, lists newest first, issues' labels), records
 * every call, and answers 401 for an unknown token and 403 for a token without the
 * permission a route needs, with GitHub's own messages.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakePermission = 'deployments' | 'issues';

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  status: number;
}

export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  production_environment: boolean;
  transient_environment: boolean;
  payload: unknown;
  created_at: string;
  statuses: FakeStatus[];
}

export interface FakeStatus {
  id: number;
  state: string;
  description: string;
  log_url: string;
  environment_url: string;
  auto_inactive: unknown;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: { id: number; body: string }[];
}

export interface FakeGitHub {
  url: string;
  calls: RecordedCall[];
  deployments: FakeDeployment[];
  issues: FakeIssue[];
  /** Allows a token, with the permissions it has. */
  allow(token: string, permissions: FakePermission[]): void;
  /** The calls to paths matching `pattern`, as `METHOD path`. */
  routes(pattern?: RegExp): string[];
  close(): Promise<void>;
}

const SHA = /^[0-9a-f]{40}$/;
const sha = (ref: string) => (SHA.test(ref) ? ref : ref.padEnd(40, '0').slice(0, 40));

export async function startFakeGitHub(repository = 'acme/shop'): Promise<FakeGitHub> {
  const tokens = new Map<string, Set<FakePermission>>();
  const calls: RecordedCall[] = [];
  const deployments: FakeDeployment[] = [];
  const issues: FakeIssue[] = [];
  let nextId = 1000;
  let url = '';
  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => send(res, 500, { message: String(e) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      body,
      authorization: req.headers.authorization,
      status: 0,
    };
    calls.push(call);
    const reply = (status: number, data: unknown) => {
      call.status = status;
      send(res, status, data);
    };
    const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const granted = token === undefined ? undefined : tokens.get(token);
    if (!granted)
      return reply(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    const prefix = `/repos/${repository}/`;
    if (!u.pathname.startsWith(prefix)) return reply(404, { message: 'Not Found' });
    const parts = u.pathname.slice(prefix.length).split('/');
    const need: FakePermission = parts[0] === 'issues' ? 'issues' : 'deployments';
    if (!granted.has(need) && req.method !== 'GET')
      return reply(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      });
    const route = `${req.method} ${parts.map((p) => (/^\d+$/.test(p) ? ':id' : p)).join('/')}`;
    const id = Number(parts[1]);
    const b = (body ?? {}) as Record<string, unknown>;
    switch (route) {
      case 'POST deployments': {
        if (typeof b.ref !== 'string' || !b.ref)
          return reply(422, {
            message: 'Invalid request.',
            errors: [{ field: 'ref', code: 'missing' }],
          });
        const d: FakeDeployment = {
          id: nextId++,
          sha: sha(b.ref),
          ref: b.ref,
          task: (b.task as string) ?? 'deploy',
          environment: (b.environment as string) ?? 'production',
          description: (b.description as string) ?? null,
          production_environment:
            (b.production_environment as boolean) ??
            (b.environment ?? 'production') === 'production',
          transient_environment: Boolean(b.transient_environment),
          payload: b.payload ?? {},
          created_at: new Date().toISOString(),
          statuses: [],
        };
        deployments.push(d);
        return reply(201, deploymentJson(d));
      }
      case 'GET deployments': {
        const q = u.searchParams;
        const list = deployments
          .filter((d) => !q.get('environment') || d.environment === q.get('environment'))
          .filter((d) => !q.get('task') || d.task === q.get('task'))
          .filter((d) => !q.get('sha') || d.sha === q.get('sha'))
          .toReversed()
          .slice(0, Number(q.get('per_page') ?? 30));
        return reply(200, list.map(deploymentJson));
      }
      case 'GET deployments/:id': {
        const d = deployments.find((x) => x.id === id);
        return d ? reply(200, deploymentJson(d)) : reply(404, { message: 'Not Found' });
      }
      case 'GET deployments/:id/statuses': {
        const d = deployments.find((x) => x.id === id);
        if (!d) return reply(404, { message: 'Not Found' });
        const per = Number(u.searchParams.get('per_page') ?? 30);
        return reply(200, d.statuses.toReversed().slice(0, per).map(statusJson));
      }
      case 'POST deployments/:id/statuses': {
        const d = deployments.find((x) => x.id === id);
        if (!d) return reply(404, { message: 'Not Found' });
        const states = [
          'error',
          'failure',
          'inactive',
          'in_progress',
          'queued',
          'pending',
          'success',
        ];
        if (!states.includes(b.state as string))
          return reply(422, {
            message: 'Validation Failed',
            errors: [{ field: 'state', code: 'invalid' }],
          });
        if (typeof b.description === 'string' && b.description.length > 140)
          return reply(422, {
            message: 'Validation Failed',
            errors: [
              {
                field: 'description',
                code: 'custom',
                message: 'description is too long (maximum is 140 characters)',
              },
            ],
          });
        const s: FakeStatus = {
          id: nextId++,
          state: b.state as string,
          description: (b.description as string) ?? '',
          log_url: (b.log_url as string) ?? '',
          environment_url: (b.environment_url as string) ?? '',
          auto_inactive: b.auto_inactive,
        };
        d.statuses.push(s);
        return reply(201, statusJson(s));
      }
      case 'GET issues': {
        const q = u.searchParams;
        const labels = (q.get('labels') ?? '').split(',').filter(Boolean);
        const list = issues
          .filter(
            (i) => (q.get('state') ?? 'open') === 'all' || i.state === (q.get('state') ?? 'open'),
          )
          .filter((i) => labels.every((l) => i.labels.includes(l)))
          .toReversed();
        return reply(200, list.map(issueJson));
      }
      case 'POST issues': {
        const issue: FakeIssue = {
          number: issues.length + 1,
          title: b.title as string,
          body: (b.body as string) ?? '',
          state: 'open',
          labels: (b.labels as string[]) ?? [],
          comments: [],
        };
        issues.push(issue);
        return reply(201, issueJson(issue));
      }
      case 'PATCH issues/:id': {
        const issue = issues.find((i) => i.number === id);
        if (!issue) return reply(404, { message: 'Not Found' });
        if (typeof b.title === 'string') issue.title = b.title;
        if (typeof b.body === 'string') issue.body = b.body;
        if (b.state === 'open' || b.state === 'closed') issue.state = b.state;
        return reply(200, issueJson(issue));
      }
      case 'GET issues/:id/comments': {
        const issue = issues.find((i) => i.number === id);
        return issue ? reply(200, issue.comments) : reply(404, { message: 'Not Found' });
      }
      case 'POST issues/:id/comments': {
        const issue = issues.find((i) => i.number === id);
        if (!issue) return reply(404, { message: 'Not Found' });
        const comment = { id: nextId++, body: b.body as string };
        issue.comments.push(comment);
        return reply(201, {
          ...comment,
          html_url: `${issueUrl(issue)}#issuecomment-${comment.id}`,
        });
      }
      default:
        return reply(404, { message: 'Not Found' });
    }
  }

  const deploymentJson = (d: FakeDeployment) => {
    const { statuses: _, ...rest } = d;
    return {
      ...rest,
      url: `${url}/repos/${repository}/deployments/${d.id}`,
      statuses_url: `${url}/repos/${repository}/deployments/${d.id}/statuses`,
    };
  };
  const statusJson = (s: FakeStatus) => ({ ...s, target_url: s.log_url });
  const issueUrl = (i: FakeIssue) => `https://github.com/${repository}/issues/${i.number}`;
  const issueJson = (i: FakeIssue) => ({
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name) => ({ name })),
    comments: i.comments.length,
    html_url: issueUrl(i),
  });

  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    deployments,
    issues,
    allow: (token, permissions) => void tokens.set(token, new Set(permissions)),
    routes: (pattern = /./) =>
      calls.filter((c) => pattern.test(c.path)).map((c) => `${c.method} ${c.path}`),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function send(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(data));
}
