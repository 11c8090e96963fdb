import { ValidationError } from '@medimg/core';

/** Where a Redis server is, parsed from `redis://[user:password@]HOST:PORT[/DB]` (or `rediss://` for TLS). */
export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with any password masked, for messages. */
  display: string;
}

/** Parses a Redis URL; throws a ValidationError naming `where` and the fix when it is not one. */
export function parseRedisUrl(url: string, where: string): RedisAddress {
  const fix = 'Fix: pass redis://HOST:PORT (e.g. redis://127.0.0.1:6379), optionally with /DB.';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError(where, [`expected a Redis URL, got ${JSON.stringify(url)}. ${fix}`]);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ValidationError(where, [`expected a redis:// or rediss:// URL, got ${JSON.stringify(url)}. ${fix}`]);
  }
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (parsed.hostname === '' || !Number.isInteger(port) || port < 1 || port > 65535 || !Number.isInteger(db) || db < 0) {
    throw new ValidationError(where, [`expected redis://HOST:PORT[/DB], got ${JSON.stringify(url)}. ${fix}`]);
  }
  const address: RedisAddress = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    tls: parsed.protocol === 'rediss:',
    display: `${parsed.protocol}//${parsed.hostname}:${port}${db === 0 ? '' : `/${db}`}`,
  };
  if (parsed.username !== '') address.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') address.password = decodeURIComponent(parsed.password);
  return address;
}

/** ioredis/BullMQ connection options for an address (BullMQ needs `maxRetriesPerRequest: null`). */
export function connectionOptions(address: RedisAddress): Record<string, unknown> {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username === undefined ? {} : { username: address.username }),
    ...(address.password === undefined ? {} : { password: address.password }),
    ...(address.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect quickly after a cut link, at most every 2 s.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}
