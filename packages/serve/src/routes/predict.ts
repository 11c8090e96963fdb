import type { FastifyInstance } from 'fastify';
import { decide } from '../decide';
import { HttpError } from '../http/http-error';
import { checkImage, requestImageBytes } from '../http/read-image';
import { servedModel } from './served-model';
import { errorResponses, nameParams } from './schemas';
import type { ServeState } from '../serve-state';
import type { PredictResponse } from '../types';

/** `POST /v1/models/{name}/predict`: one image in (multipart, raw body or base64 JSON), probabilities and the decision out. */
export function predictRoute(app: FastifyInstance, state: ServeState): void {
  const limit = state.options.maxUploadBytes;
  app.post<{ Params: { name: string }; Querystring: { explain?: boolean; overlay?: boolean } }>(
    '/v1/models/:name/predict',
    {
      bodyLimit: Math.ceil((limit * 4) / 3) + 4096,
      schema: {
        summary: 'Classify one image',
        description:
          'Send the image as multipart/form-data (any file field), as a raw image/jpeg or image/png body, or as JSON {"image": "<base64>"}. ' +
          'Images are batched with concurrent requests (up to --max-batch, waiting at most --max-delay-ms). ' +
          'With ?explain=true the answer also carries `heatmap`: the class activation map of the decided class (Grad-CAM for a tfjs LayersModel, ' +
          'the `cam` output for an .onnx model exported by medimg), as numbers at the model input size and on the feature grid, and a PNG overlay (base64; leave it out with &overlay=false, which saves drawing and encoding it). ' +
          'GET /v1/models/{name} says whether a model supports it (`explain`). ' +
          'Errors: 400 unreadable image, 404 unknown model, 413 too large, 415 not a JPEG/PNG, 501 explain=true for a model without heatmaps, 503 queue full or warming up (Retry-After), 504 deadline passed.',
        tags: ['predict'],
        params: nameParams,
        querystring: {
          type: 'object',
          properties: {
            explain: { type: 'boolean', default: false, description: 'Also return the class activation heatmap of the decided class (`heatmap`; 501 when the model has none, see ModelInfo.explain).' },
            overlay: { type: 'boolean', default: true, description: 'With explain=true: also draw the overlay PNG (`heatmap.overlayPng`). overlay=false returns the map numbers only (data, lowRes), without the cost of drawing and encoding the PNG.' },
          },
        },
        body: {
          content: {
            'application/json': { schema: { type: 'object', properties: { image: { type: 'string', description: 'Base64 JPEG or PNG bytes, or a data: URL.' } }, required: ['image'] } },
          },
        },
        response: { 200: { $ref: 'PredictResponse#' }, ...errorResponses, 413: { $ref: 'Error#' }, 415: { $ref: 'Error#' }, 501: { $ref: 'Error#' }, 504: { $ref: 'Error#' } },
      },
    },
    async (request, reply): Promise<PredictResponse> => {
      const model = servedModel(state, request.params.name);
      const explain = request.query.explain === true;
      if (explain && model.explainProblem !== null) {
        throw new HttpError(
          501,
          `Error in predict: model ${JSON.stringify(model.info.name)} has no heatmaps (${model.explainProblem}). Fix: call predict without explain=true, or serve a LayersModel directory or an .onnx file exported by medimg export-onnx (it has a cam output).`,
        );
      }
      const { bytes, source } = await requestImageBytes(request, limit);
      checkImage(bytes, source, state.options.maxImagePixels);
      const remaining = Math.max(1, Math.round(state.options.timeoutMs - reply.elapsedTime));
      const r = await model.batcher.submit({ bytes, explain: !explain ? 'none' : request.query.overlay === false ? 'map' : 'overlay' }, remaining);
      if (!r.item.ok) throw new HttpError(r.item.status, r.item.message.replace(/image \d+ of the batch/, source));
      const card = model.info.card;
      const probs = r.item.probabilities;
      const probabilities: Record<string, number> = {};
      card.classNames.forEach((c, i) => (probabilities[c] = probs[i] as number));
      const d = decide(card, probs);
      const response: PredictResponse = {
        model: model.info.name,
        probabilities,
        prediction: d.prediction,
        decision: { rule: d.rule, threshold: d.threshold, positiveClass: d.positiveClass },
        timing: { queueMs: r.queueMs, decodeMs: r.decodeMs, computeMs: r.computeMs, batchSize: r.batchSize, totalMs: reply.elapsedTime },
      };
      if (r.item.heatmap !== undefined) {
        const h = r.item.heatmap;
        response.heatmap = {
          width: h.width,
          height: h.height,
          classIndex: h.classIndex,
          className: h.className,
          method: h.method,
          layer: h.layer,
          peak: h.peak,
          data: Array.from(h.data),
          lowRes: { width: h.lowRes.width, height: h.lowRes.height, data: Array.from(h.lowRes.data) },
          ...(h.overlayPng !== undefined ? { overlayPng: Buffer.from(h.overlayPng.buffer, h.overlayPng.byteOffset, h.overlayPng.byteLength).toString('base64') } : {}),
        };
      }
      return response;
    },
  );
}
