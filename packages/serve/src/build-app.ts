import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import { errorHandler } from './http/error-handler';
import { RAW_IMAGE_TYPES } from './http/read-image';
import { docsRoutes } from './routes/docs';
import { healthRoutes } from './routes/health';
import { modelRoutes } from './routes/models';
import { pageRoutes } from './routes/page';
import { predictRoute } from './routes/predict';
import { preprocessRoute } from './routes/preprocess';
import { SHARED_SCHEMAS } from './routes/schemas';
import type { ServeState } from './serve-state';

/** The Fastify app of `medimg serve`: every route, the body parsers with their size limits, the error mapping and the request metrics. */
export async function buildApp(state: ServeState): Promise<FastifyInstance> {
  const limit = state.options.maxUploadBytes;
  const app = Fastify({ logger: false, bodyLimit: limit });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'medimg serve',
        version: '1',
        description: 'Image classification with medimg models: batched inference on worker threads, model cards, health and Prometheus metrics.',
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url }) => {
      // The predict and preprocess routes also take multipart and raw image bodies, parsed outside JSON validation: document them.
      if (!/^\/v1\/models\/:name\/(predict|preprocess)$/.test(url) || schema === undefined) return { schema, url };
      const binary = { schema: { type: 'string', format: 'binary' } };
      const content = (schema.body as { content?: Record<string, unknown> } | undefined)?.content ?? {};
      const body = { content: { ...content, 'multipart/form-data': { schema: { type: 'object', properties: { image: { type: 'string', format: 'binary' } } } }, 'image/jpeg': binary, 'image/png': binary } };
      return { schema: { ...schema, body }, url };
    },
  });
  await app.register(multipart, { limits: { fileSize: limit, files: 1, fields: 4, parts: 5 } });
  // Only the documented body types are parsed; anything else (text/plain included) is a 415 that says what to send.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser([...RAW_IMAGE_TYPES], { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));
  app.setErrorHandler(errorHandler(state.options.logger, limit));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { status: 404, code: 'E_NOT_FOUND', message: `Error: no route ${request.method} ${request.url}. Fix: see /docs for the API.` } }),
  );
  // While shutting down, answers close their connections, so close() does not wait for idle keep-alive sockets.
  app.addHook('onSend', async (_request, reply) => {
    if (state.closing) void reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const model = (request.params as { name?: string } | undefined)?.name ?? '';
    state.metrics.requests.inc({ route, model, status: String(reply.statusCode) });
  });
  healthRoutes(app, state);
  modelRoutes(app, state);
  predictRoute(app, state);
  preprocessRoute(app, state);
  docsRoutes(app);
  pageRoutes(app);
  return app;
}
