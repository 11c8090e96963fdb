import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isMedimgError, isValidationError, type Logger } from '@medimg/core';
import { isDeadlineError, isQueueFullError, isShuttingDownError } from '../batching/errors';
import { isHttpError } from './http-error';

/** The JSON every error response carries. */
export interface ErrorBody {
  error: { status: number; code: string; message: string };
}

const HTTP_CODES: Record<number, string> = { 404: 'E_NOT_FOUND', 413: 'E_TOO_LARGE', 415: 'E_UNSUPPORTED_MEDIA', 501: 'E_NOT_IMPLEMENTED', 503: 'E_UNAVAILABLE' };

/** Fastify's own errors, reworded to say what to do. */
function fastifyMessage(e: FastifyError, limitBytes: number, contentType: string): string | null {
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return `Error in predict: the upload is larger than this server's limit of ${limitBytes} bytes. Fix: send a smaller image (downscale or recompress it).`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `Error in predict: content type ${JSON.stringify(contentType)} is not accepted. Fix: send multipart/form-data with the image as a file, a raw image/jpeg or image/png body, or application/json {"image": "<base64>"}.`;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return `Error in predict: ${e.message}. Fix: send valid JSON {"image": "<base64>"}.`;
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return 'Error in predict: the multipart body has more than one file. Fix: send one image per request.';
    default:
      return null;
  }
}

/** Maps every thrown error to a status and `{error: {status, code, message}}`; 503 carries Retry-After. */
export function errorHandler(logger: Logger, limitBytes: number) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    let status = 500;
    let code = 'E_INTERNAL';
    let message = 'Error in the server: an unexpected failure (see the server log).';
    if (isHttpError(error)) {
      status = error.status;
      code = HTTP_CODES[status] ?? 'E_BAD_REQUEST';
      message = error.message;
      for (const [k, v] of Object.entries(error.headers)) void reply.header(k, v);
    } else if (isQueueFullError(error)) {
      status = 503;
      code = error.code;
      message = error.message;
      void reply.header('retry-after', String(error.retryAfterSeconds));
    } else if (isShuttingDownError(error)) {
      status = 503;
      code = error.code;
      message = error.message;
      void reply.header('retry-after', '1');
    } else if (isDeadlineError(error)) {
      status = 504;
      code = error.code;
      message = error.message;
    } else if (isValidationError(error)) {
      status = 400;
      code = error.code;
      message = error.message;
    } else if (typeof error === 'object' && error !== null && typeof (error as FastifyError).statusCode === 'number' && (error as FastifyError).statusCode! < 500) {
      const e = error as FastifyError;
      status = e.statusCode as number;
      code = e.code ?? 'E_BAD_REQUEST';
      message = fastifyMessage(e, limitBytes, request.headers['content-type'] ?? 'none') ?? (e.validation ? `Error in ${request.routeOptions.url ?? request.url}: ${e.message}` : e.message);
    } else if (isMedimgError(error)) {
      code = error.code;
      message = error.message;
      logger.error(`${request.method} ${request.url}: ${error.message}`);
    } else {
      logger.error(`${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    const body: ErrorBody = { error: { status, code, message } };
    return reply.status(status).send(body);
  };
}
