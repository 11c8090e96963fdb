import { isValidationError } from '@medimg/core';
import { parseRedisUrl } from './redis-url';
import { searchIdOf } from '../tune/search-id';

describe('parseRedisUrl', () => {
  it('reads host, port, db and credentials, and masks the password in display', () => {
    expect(parseRedisUrl('redis://10.213.1.1:6390', 'x')).toMatchObject({ host: '10.213.1.1', port: 6390, db: 0, tls: false, display: 'redis://10.213.1.1:6390' });
    const withAuth = parseRedisUrl('rediss://me:s%40cret@cache.local/3', 'x');
    expect(withAuth).toMatchObject({ host: 'cache.local', port: 6379, db: 3, username: 'me', password: 's@cret', tls: true });
    expect(withAuth.display).not.toContain('cret');
  });

  it.each(['localhost:6379', 'http://h:1', 'redis://h:99999', 'redis://h:1/x'])('rejects %s with the fix', (url) => {
    let error: unknown;
    try {
      parseRedisUrl(url, 'medimg worker');
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/medimg worker[\s\S]*Fix: pass redis:\/\/HOST:PORT/);
  });
});

describe('searchIdOf', () => {
  const runner = { module: '@medimg/tune', exportName: 'trainRunner' };
  it('is the same for the same OUT, runner and options, and differs when any changes', () => {
    const a = searchIdOf({ outDir: '/runs/a/trials/t1', runner, options: { dataDir: '/d' } });
    expect(searchIdOf({ outDir: '/runs/a/trials/t2', runner, options: { dataDir: '/d' } })).toBe(a);
    expect(searchIdOf({ outDir: '/runs/b/trials/t1', runner, options: { dataDir: '/d' } })).not.toBe(a);
    expect(searchIdOf({ outDir: '/runs/a/trials/t1', runner, options: { dataDir: '/e' } })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});
