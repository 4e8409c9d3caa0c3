/**
 * Entry of one side of the bridge (bridge.ts), run as its own detached process:
 *   node bridge-main.ts host  <socket dir> <port>...   (on the host)
 *   node bridge-main.ts netns <socket dir> <port>...   (inside the namespace)
 * One process per side relays every bridged port; it prints `ready` once all listen.
 */
import { join } from 'node:path';

import { serveTcpToUnix, serveUnixToTcp } from './bridge.ts';

const [side, dir, ...ports] = process.argv.slice(2);
if ((side !== 'host' && side !== 'netns') || !dir || ports.length === 0) {
  process.stderr.write('usage: bridge-main.ts host|netns <socket dir> <port>...\n');
  process.exit(2);
}
await Promise.all(
  ports.map(Number).map((port) => {
    const socket = join(dir, String(port));
    return side === 'host' ? serveTcpToUnix(port, socket) : serveUnixToTcp(socket, port);
  }),
);
process.stdout.write(`${new Date().toISOString()} bridge ${side} ready: ${ports.join(' ')}\n`);
