/**
 * Requests through a local cluster's router, for the demo and `cutover rollout
 * --traffic-url`: a sample per tenant host (how much reached each color, whether testers
 * reach the new one), and a steady background flow that counts every failed request.
 */
import { sendTraffic } from '../local/traffic-client.ts';

export interface Sample {
  requests: number;
  byColor: Record<string, number>;
  failed: number;
}

export async function sample(
  url: string,
  host: string,
  count: number,
  headers: Record<string, string> = {},
): Promise<Sample> {
  const s: Sample = { requests: 0, byColor: {}, failed: 0 };
  for (let i = 0; i < count; i++) {
    s.requests++;
    try {
      const r = await sendTraffic(url, { host, headers, timeoutMs: 5000 });
      const color = r.answer?.color;
      if (r.status >= 500 || !color) s.failed++;
      else s.byColor[color] = (s.byColor[color] ?? 0) + 1;
    } catch {
      s.failed++;
    }
  }
  return s;
}

/**
 * A request to each host in turn, until stopped. A host counts from its first answer on (a
 * tenant's first release is not served before it is live); a failure after that is kept,
 * with when it happened.
 */
export function steadyFlow(
  url: string,
  hosts: string[],
): { stop: () => Promise<Sample & { failures: string[] }> } {
  const total = {
    requests: 0,
    byColor: {} as Record<string, number>,
    failed: 0,
    failures: [] as string[],
  };
  const serving = new Set<string>();
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const host = hosts[i % hosts.length]!;
      const s = await sample(url, host, 1);
      if (s.failed === 0) serving.add(host);
      if (serving.has(host)) {
        total.requests++;
        total.failed += s.failed;
        if (s.failed) total.failures.push(`${new Date().toISOString()} ${host}`);
        for (const [c, n] of Object.entries(s.byColor))
          total.byColor[c] = (total.byColor[c] ?? 0) + n;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return total;
    },
  };
}

export function describeSample(s: Sample, color: string | undefined): string {
  const on = color ? (s.byColor[color] ?? 0) : 0;
  const share = s.requests ? ((on * 100) / s.requests).toFixed(1) : '0';
  return `${on}/${s.requests} on ${color ?? 'the new color'} (${share}%)${s.failed ? `, ${s.failed} failed` : ', none failed'}`;
}
