/**
 * `http`: N requests to the color under test, each round. Timeouts and connection errors
 * are counted, not thrown. The requests go to a per-tenant URL with the tester header (the
 * public path), or to the color's Service through the API server's service proxy, which a
 * runner outside the cluster reaches as well as it reaches the API.
 */
import type { Cluster } from '../../kube/cluster.ts';
import { percentile } from '../numbers.ts';
import type { Check, CheckResult } from '../types.ts';

export interface HttpCheckSettings {
  name: string;
  requests: number;
  expectStatus: number;
  minSuccessRatio: number;
  latency?: { percentile: number; maxMs: number } | undefined;
  body?: string | undefined;
  timeoutMs: number;
}

/** One request's answer: a status, or why none came. */
export interface HttpAnswer {
  status?: number;
  body?: string;
  ms: number;
  error?: string;
}

export type Requester = (signal: AbortSignal) => Promise<{ status: number; body: string }>;

/** Requests `url` with `headers`: the public route, where the tester header picks the color. */
export function urlRequester(url: string, headers: Record<string, string>): Requester {
  return async (signal) => {
    const res = await fetch(url, { headers, signal, redirect: 'manual' });
    return { status: res.status, body: await res.text() };
  };
}

/** Requests `path` of a Service through the API server (`services/proxy`). */
export function serviceProxyRequester(
  cluster: Cluster,
  target: { namespace: string; service: string; port: number },
  path: string,
): Requester {
  return async (signal) => {
    const res = await cluster.proxyGet(target, path, { signal, timeoutMs: 3_600_000 });
    return { status: res.status, body: res.text };
  };
}

export function httpCheck(settings: HttpCheckSettings, request: Requester, where: string): Check {
  const { name } = settings;
  const bodyPattern = settings.body === undefined ? undefined : new RegExp(settings.body);
  const concurrency = Math.min(4, settings.requests);

  const one = async (outer: AbortSignal | undefined): Promise<HttpAnswer> => {
    const started = performance.now();
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    try {
      const res = await request(outer ? AbortSignal.any([outer, timeout]) : timeout);
      return { status: res.status, body: res.body, ms: performance.now() - started };
    } catch (e) {
      outer?.throwIfAborted();
      const ms = performance.now() - started;
      return {
        ms,
        error: timeout.aborted ? `timed out after ${settings.timeoutMs} ms` : errorText(e),
      };
    }
  };

  return {
    name,
    kind: 'http',
    async run(round): Promise<CheckResult> {
      const answers: HttpAnswer[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < settings.requests) {
            next++;
            answers.push(await one(round.signal));
          }
        }),
      );
      return judgeAnswers(settings, answers, where, bodyPattern);
    },
  };
}

/** The round's result from its answers: the success ratio, the latency percentile, why not. */
export function judgeAnswers(
  settings: HttpCheckSettings,
  answers: HttpAnswer[],
  where: string,
  bodyPattern?: RegExp,
): CheckResult {
  const ok = (a: HttpAnswer) =>
    a.status === settings.expectStatus && (!bodyPattern || bodyPattern.test(a.body ?? ''));
  const good = answers.filter(ok).length;
  const errors = answers.filter((a) => a.error !== undefined);
  const ratio = good / answers.length;
  const answered = answers.filter((a) => a.status !== undefined).map((a) => a.ms);
  const pct = settings.latency?.percentile ?? 95;
  const latency = answered.length ? percentile(answered, pct) : undefined;
  const values: Record<string, number> = {
    'success ratio': round3(ratio),
    errors: errors.length,
    ...(latency !== undefined ? { [`p${pct} ms`]: Math.round(latency) } : {}),
  };

  const problems: string[] = [];
  if (ratio < settings.minSuccessRatio)
    problems.push(
      `${good}/${answers.length} answered ${settings.expectStatus}${bodyPattern ? ' with a matching body' : ''} (at least ${Math.round(settings.minSuccessRatio * 100)}% needed)`,
    );
  if (settings.latency && latency !== undefined && latency > settings.latency.maxMs)
    problems.push(`p${pct} ${Math.round(latency)} ms is above ${settings.latency.maxMs} ms`);
  const detail = [...statusCounts(answers, settings.expectStatus), ...firstErrors(errors)];
  const measured = `${good}/${answers.length} answered ${settings.expectStatus}${latency !== undefined ? `, p${pct} ${Math.round(latency)} ms` : ''}${errors.length ? `, ${errors.length} without an answer` : ''} (${where})`;
  const bad = answers.find((a) => a.status !== undefined && !ok(a));
  if (bad?.body !== undefined) detail.push(`a bad answer: HTTP ${bad.status} ${excerpt(bad.body)}`);
  return {
    name: settings.name,
    kind: 'http',
    status: problems.length ? 'fail' : 'pass',
    summary: problems.length ? `${problems.join('; ')}: ${measured}` : measured,
    values,
    ...(problems.length ? { detail } : {}),
  };
}

function statusCounts(answers: HttpAnswer[], expected: number): string[] {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = a.status !== undefined ? `HTTP ${a.status}` : 'no answer';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [
    `answers: ${[...counts].map(([k, n]) => `${k} × ${n}`).join(', ')} (expected HTTP ${expected})`,
  ];
}

function firstErrors(errors: HttpAnswer[]): string[] {
  const distinct = [...new Set(errors.map((e) => e.error!))];
  return distinct.slice(0, 3).map((e) => `no answer: ${e}`);
}

function errorText(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return e instanceof Error ? e.message : String(e);
}

const excerpt = (s: string) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 120 ? `${flat.slice(0, 120)}…` : flat);
};
const round3 = (n: number) => Math.round(n * 1000) / 1000;
