// Network namespaces for the several-hosts test: each "host" gets its own namespace, joined to the Redis
// namespace by a veth pair on a private /30 (10.213.<link>.1 on the Redis side, .2 on the other). The addresses
// exist only inside these namespaces. Needs root and `ip netns` (iproute2).
import { execFileSync } from 'node:child_process';

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Why namespaces cannot be used here, or null when they can (adds one with a veth pair, then deletes it). */
export function netnsUnavailable(): string | null {
  const name = `mdprobe${process.pid}`;
  try {
    ip(['netns', 'add', name]);
    try {
      ip(['-n', name, 'link', 'add', 'mdprobea', 'type', 'veth', 'peer', 'name', 'mdprobeb']);
    } finally {
      ip(['netns', 'del', name]);
    }
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `ip netns is not permitted here (${stderr || (error instanceof Error ? error.message : String(error))}); needs root and iproute2`;
  }
}

export interface TestNetwork {
  /** Namespace of the Redis host. */
  hub: string;
  /** Namespace, the Redis address as seen from it, and the link to cut, per other host. */
  hosts: Record<string, { ns: string; redisHost: string; cut(): void }>;
  /** Deletes every namespace (and with them the veth pairs). Safe to call twice. */
  remove(): void;
}

export function createNetwork(hostNames: readonly string[]): TestNetwork {
  const tag = String(process.pid % 100000);
  const hub = `mdhub${tag}`;
  const made: string[] = [];
  const links: string[] = [];
  const quietly = (args: string[]): void => {
    try {
      ip(args);
    } catch {
      // already gone
    }
  };
  const remove = (): void => {
    for (const link of links.splice(0)) quietly(['link', 'del', link]); // only if a move into a namespace failed
    for (const ns of made.splice(0)) quietly(['netns', 'del', ns]);
  };
  try {
    quietly(['netns', 'del', hub]); // left over by a killed run with the same pid
    ip(['netns', 'add', hub]);
    made.push(hub);
    ip(['-n', hub, 'link', 'set', 'lo', 'up']);
    const hosts: TestNetwork['hosts'] = {};
    hostNames.forEach((host, i) => {
      const link = i + 1;
      const ns = `md${host}${tag}`;
      const hubSide = `vh${link}x${tag}`.slice(0, 15);
      const hostSide = `vo${link}x${tag}`.slice(0, 15);
      quietly(['netns', 'del', ns]);
      ip(['netns', 'add', ns]);
      made.push(ns);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      ip(['link', 'add', hubSide, 'type', 'veth', 'peer', 'name', hostSide]);
      links.push(hubSide);
      ip(['link', 'set', hubSide, 'netns', hub]);
      ip(['link', 'set', hostSide, 'netns', ns]);
      links.pop();
      ip(['-n', hub, 'addr', 'add', `10.213.${link}.1/30`, 'dev', hubSide]);
      ip(['-n', ns, 'addr', 'add', `10.213.${link}.2/30`, 'dev', hostSide]);
      ip(['-n', hub, 'link', 'set', hubSide, 'up']);
      ip(['-n', ns, 'link', 'set', hostSide, 'up']);
      hosts[host] = { ns, redisHost: `10.213.${link}.1`, cut: () => ip(['-n', ns, 'link', 'set', hostSide, 'down']) };
    });
    return { hub, hosts, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
