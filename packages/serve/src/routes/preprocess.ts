import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/http-error';
import { checkImage, requestImageBytes } from '../http/read-image';
import { servedModel } from './served-model';
import { errorResponses, nameParams } from './schemas';
import type { ServeState } from '../serve-state';

/**
 * `POST /v1/models/{name}/preprocess`: the model input the server computes from an image (decoded and resized by the
 * same decoder as predict), as raw HWC uint8 bytes with the shape in `x-medimg-shape`. The page's in-browser mode
 * runs the model on these pixels when it wants the server's exact preprocessing.
 */
export function preprocessRoute(app: FastifyInstance, state: ServeState): void {
  const limit = state.options.maxUploadBytes;
  app.post<{ Params: { name: string } }>(
    '/v1/models/:name/preprocess',
    {
      bodyLimit: Math.ceil((limit * 4) / 3) + 4096,
      schema: {
        summary: 'The model input pixels the server computes from an image',
        description: 'Same bodies as predict. Answers application/octet-stream: height x width x channels uint8 values (HWC), shape in the x-medimg-shape header.',
        tags: ['predict'],
        params: nameParams,
        body: { content: { 'application/json': { schema: { type: 'object', properties: { image: { type: 'string' } }, required: ['image'] } } } },
        response: { 200: { description: 'HWC uint8 pixels', type: 'string', format: 'binary' }, ...errorResponses, 413: { $ref: 'Error#' }, 415: { $ref: 'Error#' } },
      },
    },
    async (request, reply) => {
      const model = servedModel(state, request.params.name);
      const { bytes, source } = await requestImageBytes(request, limit);
      checkImage(bytes, source, state.options.maxImagePixels);
      const r = await model.preprocess(bytes);
      if (!r.ok || r.pixels === undefined) throw new HttpError(r.ok ? 500 : r.status, r.ok ? 'Error in preprocess: no pixels' : r.message.replace(/image \d+ of the batch/, source));
      const [h, w, c] = model.info.inputShape;
      return reply.type('application/octet-stream').header('x-medimg-shape', `${h},${w},${c}`).send(Buffer.from(r.pixels.buffer, r.pixels.byteOffset, r.pixels.byteLength));
    },
  );
}
