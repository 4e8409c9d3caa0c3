/**
 * The pod responders' supervisor, run inside the cluster's network namespace:
 *   node responder-main.ts <config.json>   ({server, ca, cert, key}: file paths but server)
 * One Node process holds a PodServer (responder.ts) for every Running pod with an IP and
 * each of its container ports, keyed by pod UID and port: kwok reuses the IPs of deleted
 * pods, so a listener is stopped when its pod goes away or changes address, and a bind
 * that finds the address still taken (the old pod's listener not yet closed) is retried.
 */
import { appendFileSync, readFileSync } from 'node:fs';

import { type ApiTls, watchPods } from './pod-watch.ts';
import { PodServer, type ResponderPod, identity, servedPorts } from './responder.ts';

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write('usage: responder-main.ts <config.json>\n');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configPath, 'utf8')) as {
  server: string;
  ca: string;
  cert: string;
  key: string;
  log: string;
};
const api: ApiTls = {
  server: config.server,
  ca: readFileSync(config.ca, 'utf8'),
  cert: readFileSync(config.cert, 'utf8'),
  key: readFileSync(config.key, 'utf8'),
};
const log = (m: string): void => appendFileSync(config.log, `${new Date().toISOString()} ${m}\n`);

/** The pods as last seen, by UID. */
const pods = new Map<string, ResponderPod>();
/** The listening (or binding) servers, by `uid port`. */
const servers = new Map<string, PodServer>();
const binding = new Set<string>();

const keyOf = (uid: string, port: number): string => `${uid} ${port}`;

function wanted(): Map<string, { pod: ResponderPod; ip: string; port: number }> {
  const want = new Map<string, { pod: ResponderPod; ip: string; port: number }>();
  for (const [uid, pod] of pods)
    for (const port of servedPorts(pod))
      want.set(keyOf(uid, port), { pod, ip: pod.status!.podIP!, port });
  return want;
}

/** Brings the servers in line with the pods: stop the unwanted first, so their addresses free up. */
async function reconcile(): Promise<void> {
  const want = wanted();
  await Promise.all(
    [...servers].map(async ([key, s]) => {
      const w = want.get(key);
      if (w && w.ip === s.ip) return s.update(w.pod);
      servers.delete(key);
      await s.close();
      log(`stopped ${key} on ${s.ip}:${s.port}`);
    }),
  );
  for (const [key, w] of want) {
    if (servers.has(key) || binding.has(key)) continue;
    binding.add(key);
    const s = new PodServer(w.pod, w.ip, w.port);
    s.listen().then(
      () => {
        binding.delete(key);
        const still = wanted().get(key);
        if (!still || still.ip !== w.ip) return void s.close();
        s.update(still.pod);
        servers.set(key, s);
        const who = identity(w.pod);
        log(`serving ${who.namespace}/${who.pod} (${key}) on ${w.ip}:${w.port}`);
      },
      (e: NodeJS.ErrnoException) => {
        binding.delete(key);
        log(`cannot listen on ${w.ip}:${w.port} for ${key} yet: ${e.code ?? e.message}; retrying`);
      },
    );
  }
}

let pending: Promise<void> = Promise.resolve();
const schedule = (): void => {
  pending = pending.then(reconcile).catch((e: Error) => log(`reconcile: ${e.message}`));
};

// Retries binds that found their address taken, and catches anything an event missed.
setInterval(schedule, 500);

log(`responders watching pods at ${api.server}`);
await watchPods(
  api,
  {
    synced: (items) => {
      pods.clear();
      for (const p of items) if (p.metadata?.uid) pods.set(p.metadata.uid, p);
      schedule();
    },
    event: (type, pod) => {
      const uid = pod.metadata?.uid;
      if (!uid) return;
      if (type === 'DELETED') pods.delete(uid);
      else pods.set(uid, pod);
      schedule();
    },
    error: (m) => log(m),
  },
  new AbortController().signal,
);
