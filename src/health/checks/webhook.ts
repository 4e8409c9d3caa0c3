/**
 * `webhook`: POSTs the deployment under test to a URL each round; a 2xx answer passes.
 * The hook for external test suites and for a person's verification. Connection errors,
 * timeouts and 5xx answers are tried again; any other answer is the hook's verdict.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Check, CheckResult, GateTarget } from '../types.ts';

export interface WebhookCheckSettings {
  name: string;
  url: string;
  timeoutMs: number;
  retries: number;
  /** Between tries, doubled each time; default 1 s. */
  backoffMs?: number;
}

/** What the hook receives: enough to find and test the deployment, nothing secret. */
export function webhookPayload(target: GateTarget, round: number) {
  return {
    tenant: target.tenant,
    unit: target.unit,
    ring: target.ring,
    namespace: target.namespace,
    app: target.app,
    color: target.color,
    baseline: target.baseline ?? null,
    versions: target.versions,
    weights: {
      [target.color]: target.weight,
      ...(target.baseline ? { [target.baseline]: 100 - target.weight } : {}),
    },
    testers: target.testers,
    hosts: target.hosts,
    runUrl: target.runUrl,
    round,
  };
}

export function webhookCheck(target: GateTarget, s: WebhookCheckSettings): Check {
  const where = new URL(s.url);
  const shownUrl = `${where.origin}${where.pathname}`; // no query: it may carry a token
  return {
    name: s.name,
    kind: 'webhook',
    async run(round): Promise<CheckResult> {
      const body = JSON.stringify(webhookPayload(target, round.index));
      const tries: string[] = [];
      for (let attempt = 0; attempt <= s.retries; attempt++) {
        if (attempt > 0)
          await sleep(
            (s.backoffMs ?? 1000) * 2 ** (attempt - 1),
            undefined,
            round.signal ? { signal: round.signal } : {},
          );
        const started = performance.now();
        const timeout = AbortSignal.timeout(s.timeoutMs);
        try {
          const res = await fetch(s.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'cutover-health-gate' },
            body,
            redirect: 'manual',
            signal: round.signal ? AbortSignal.any([round.signal, timeout]) : timeout,
          });
          const text = (await res.text()).slice(0, 300);
          const ms = Math.round(performance.now() - started);
          const values = { status: res.status, tries: attempt + 1, ms };
          if (res.status >= 200 && res.status < 300)
            return {
              name: s.name,
              kind: 'webhook',
              status: 'pass',
              summary: `${shownUrl} answered ${res.status} in ${ms} ms`,
              values,
            };
          tries.push(`HTTP ${res.status}${text ? ` ${JSON.stringify(text)}` : ''}`);
          if (res.status < 500)
            return fail(s.name, `${shownUrl} answered ${res.status}`, values, tries);
        } catch (e) {
          round.signal?.throwIfAborted();
          tries.push(timeout.aborted ? `timed out after ${s.timeoutMs} ms` : causeOf(e));
        }
      }
      return fail(
        s.name,
        `${shownUrl}: no 2xx answer in ${s.retries + 1} tries (last: ${tries.at(-1)})`,
        { tries: s.retries + 1 },
        tries,
      );
    },
  };
}

function fail(
  name: string,
  summary: string,
  values: Record<string, number>,
  tries: string[],
): CheckResult {
  return {
    name,
    kind: 'webhook',
    status: 'fail',
    summary,
    values,
    detail: tries.map((t, i) => `try ${i + 1}: ${t}`),
  };
}

function causeOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string } }).cause;
  return cause?.code ?? (e instanceof Error ? e.message : String(e));
}
