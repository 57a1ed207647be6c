// Loopback HTTP endpoint through which cluster suites (running in vitest worker processes) ask
// the global setup (running in the main process, owner of the child processes) to stop or start
// an API server:  POST <control>/clusters/<name>/stop | start | restart
// The URL carries a random token so no other local user can drive it by guessing the port.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { ControlPlane } from './harness.ts';

export interface ControlServer {
  /** Base URL, e.g. http://127.0.0.1:41234/3f9c... */
  readonly url: string;
  close(): Promise<void>;
}

export async function startControlServer(plane: ControlPlane): Promise<ControlServer> {
  const token = randomBytes(16).toString('hex');
  // One operation at a time: a stop racing a start would leave the state undefined.
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const server: Server = createServer((req, res) => {
    const match = new RegExp(`^/${token}/clusters/([a-z0-9-]+)/(stop|start|restart)$`).exec(req.url ?? '');
    if (req.method !== 'POST' || match === null) {
      res.writeHead(404).end('unknown control request\n');
      return;
    }
    const [, name = '', action] = match;
    req.resume();
    serialize(async () => {
      if (action === 'stop' || action === 'restart') await plane.stopApiServer(name);
      if (action === 'start' || action === 'restart') await plane.startApiServer(name);
    }).then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500).end(error instanceof Error ? error.message : String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  server.unref();
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('control server has no address');
  return {
    url: `http://127.0.0.1:${address.port}/${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
