import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/http-error';
import { servedModel } from './served-model';
import { errorResponses, nameParams } from './schemas';
import type { ServeState } from '../serve-state';
import type { ModelInfo } from '../types';

/** `GET /v1/models`, `GET /v1/models/{name}` (the model card) and `GET /v1/models/{name}/model.onnx` (for the page). */
export function modelRoutes(app: FastifyInstance, state: ServeState): void {
  app.get(
    '/v1/models',
    {
      schema: {
        summary: 'List the served models',
        tags: ['models'],
        response: { 200: { type: 'object', properties: { models: { type: 'array', items: { $ref: 'ModelInfo#' } } }, required: ['models'] }, 503: { $ref: 'Error#' } },
      },
    },
    async (): Promise<{ models: ModelInfo[] }> => {
      if (!state.ready) servedModel(state, '');
      return { models: [...state.models.values()].map((m) => m.info) };
    },
  );
  app.get<{ Params: { name: string } }>(
    '/v1/models/:name',
    { schema: { summary: 'One model and its model card', tags: ['models'], params: nameParams, response: { 200: { $ref: 'ModelInfo#' }, ...errorResponses } } },
    async (request): Promise<ModelInfo> => servedModel(state, request.params.name).info,
  );
  app.get<{ Params: { name: string } }>(
    '/v1/models/:name/model.onnx',
    {
      schema: {
        summary: 'The ONNX file of a model (the page runs it in the browser)',
        tags: ['models'],
        params: nameParams,
        response: { 200: { description: 'application/octet-stream: the .onnx bytes', type: 'string', format: 'binary' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const model = servedModel(state, request.params.name);
      if (model.onnxFile === null) throw new HttpError(404, `Error: model ${JSON.stringify(model.info.name)} has no ONNX form. Fix: serve an .onnx file (medimg export-onnx) to run it in the browser.`);
      return reply.type('application/octet-stream').header('cache-control', 'no-cache').send(createReadStream(model.onnxFile));
    },
  );
}
