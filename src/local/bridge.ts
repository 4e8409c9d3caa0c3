/**
 * The bridge between the host's loopback and a cluster's network namespace, through unix
 * sockets in the state directory (a socket path is reachable from every namespace):
 *
 *   host   127.0.0.1:P  --TCP-->  bridge host side  --unix-->  <stateDir>/sock/P
 *   netns  <stateDir>/sock/P  -->  bridge netns side  --TCP-->  127.0.0.1:P
 *
 * so kubectl, the tests and the CLI reach the API server (and the other bridged ports) at
 * the same https://127.0.0.1:P as without a namespace. Each side is one small detached Node
 * process (see bridge-main.ts) relaying bytes both ways, with half-closes passed on.
 */
import { type Server, type Socket, connect, createServer } from 'node:net';
import { rmSync } from 'node:fs';

/** Relays a and b both ways; an error or close of one ends the other. */
function relay(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const end = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', end);
  b.on('error', end);
  a.on('close', end);
  b.on('close', end);
}

function listening(server: Server, listen: (cb: () => void) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    listen(() => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Host side: TCP on 127.0.0.1:port, each connection relayed to the unix socket. */
export function serveTcpToUnix(port: number, socketPath: string): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (client) =>
    relay(client, connect({ path: socketPath, allowHalfOpen: true })),
  );
  return listening(server, (cb) => server.listen(port, '127.0.0.1', cb));
}

/** Namespace side: the unix socket, each connection relayed to 127.0.0.1:port. */
export function serveUnixToTcp(socketPath: string, port: number): Promise<Server> {
  rmSync(socketPath, { force: true }); // left by a killed run: listen would fail on it
  const server = createServer({ allowHalfOpen: true }, (client) =>
    relay(client, connect({ port, host: '127.0.0.1', allowHalfOpen: true })),
  );
  return listening(server, (cb) => server.listen(socketPath, cb));
}

/** The longest unix socket path Linux takes (sun_path is 108 bytes with its NUL). */
export const MAX_SOCKET_PATH = 107;
