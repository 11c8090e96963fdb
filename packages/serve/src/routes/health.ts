import type { FastifyInstance } from 'fastify';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus';
import type { ServeState } from '../serve-state';

const healthSchema = {
  type: 'object',
  properties: { status: { type: 'string' }, ready: { type: 'boolean' }, reason: { type: 'string' } },
  required: ['status'],
} as const;

/** `/health/live` (the process answers), `/health/ready` (200 only after every model is loaded and warmed up), `/metrics`. */
export function healthRoutes(app: FastifyInstance, state: ServeState): void {
  app.get('/health/live', { schema: { summary: 'Liveness: the process answers', tags: ['health'], response: { 200: healthSchema } } }, async () => ({ status: 'ok' }));
  app.get(
    '/health/ready',
    { schema: { summary: 'Readiness: models loaded and warmed up (503 before, and while shutting down)', tags: ['health'], response: { 200: healthSchema, 503: healthSchema } } },
    async (_request, reply) => {
      if (state.ready && !state.closing) return { status: 'ready', ready: true };
      const reason = state.closing ? 'shutting down' : state.loadError !== null ? `loading failed: ${state.loadError}` : 'loading and warming up models';
      return reply.status(503).send({ status: 'not ready', ready: false, reason });
    },
  );
  app.get('/metrics', { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['health'], produces: ['text/plain'] } }, async (_request, reply) => {
    for (const [name, m] of state.models) {
      state.metrics.queueDepth.set(m.batcher.depth, { model: name });
      state.metrics.batchesInFlight.set(m.batcher.running, { model: name });
    }
    return reply.type(PROMETHEUS_CONTENT_TYPE).send(state.metrics.registry.render());
  });
}
