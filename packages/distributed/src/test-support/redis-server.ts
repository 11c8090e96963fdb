// Starts a real Debian redis-server for tests: 127.0.0.1 (or given addresses), a free port, no persistence.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Resolves once the server accepts connections. `prefix`: e.g. ['ip', 'netns', 'exec', 'ns'] to start it inside a network namespace. */
export async function startRedis(options: { bind?: string; host?: string; prefix?: string[]; port?: number } = {}): Promise<TestRedis> {
  if (!REDIS_SERVER) throw new Error('redis-server is not installed. Fix: apt-get install -y redis-server (.ci/run does it).');
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', options.bind ?? '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--loglevel', 'notice', '--daemonize', 'no'];
  const [cmd, ...pre] = options.prefix ?? [];
  const child = cmd ? spawn(cmd, [...pre, REDIS_SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const host = options.host ?? '127.0.0.1';
  // Ready when it says so (this also works inside a network namespace the test process cannot reach).
  const deadline = Date.now() + 10000;
  while (!output.includes('Ready to accept connections')) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${output}`);
    if (Date.now() > deadline) throw new Error(`redis-server did not get ready on ${host}:${port}: ${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `redis://${host}:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
