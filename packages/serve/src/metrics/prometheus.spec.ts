import { Counter, Histogram, Registry } from './prometheus';

describe('Prometheus text exposition', () => {
  it('renders counters and cumulative histogram buckets with labels, escaped', () => {
    const r = new Registry();
    const c = r.register(new Counter('x_requests_total', 'Requests.', ['route', 'status']));
    const h = r.register(new Histogram('x_seconds', 'Latency.', [0.1, 1], ['model']));
    c.inc({ route: '/a', status: '200' });
    c.inc({ route: '/a', status: '200' }, 2);
    c.inc({ route: 'say "hi"\n', status: '500' });
    for (const v of [0.05, 0.5, 0.5, 3]) h.observe(v, { model: 'm' });
    expect(r.render()).toBe(
      [
        '# HELP x_requests_total Requests.',
        '# TYPE x_requests_total counter',
        'x_requests_total{route="/a",status="200"} 3',
        'x_requests_total{route="say \\"hi\\"\\n",status="500"} 1',
        '# HELP x_seconds Latency.',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{model="m",le="0.1"} 1',
        'x_seconds_bucket{model="m",le="1"} 3',
        'x_seconds_bucket{model="m",le="+Inf"} 4',
        'x_seconds_sum{model="m"} 4.05',
        'x_seconds_count{model="m"} 4',
        '',
      ].join('\n'),
    );
    expect(c.get({ route: '/a', status: '200' })).toBe(3);
    expect(h.count({ model: 'm' })).toBe(4);
  });
});
