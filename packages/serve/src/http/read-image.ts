import type { FastifyRequest } from 'fastify';
import { checkImageContainer, readImageHeader } from '@medimg/dataset';
import { HttpError } from './http-error';

/** Content types a raw (non-multipart, non-JSON) predict body may have. */
export const RAW_IMAGE_TYPES = ['image/jpeg', 'image/png', 'application/octet-stream'] as const;

function fromBase64(value: unknown): Buffer {
  if (typeof value !== 'string' || value.length === 0) {
    throw new HttpError(400, 'Error in predict: the JSON body needs an "image" field with the base64 JPEG or PNG bytes (a data: URL works too). Fix: send {"image": "<base64>"}.');
  }
  const b64 = value.startsWith('data:') ? value.slice(value.indexOf(',') + 1) : value;
  if (!/^[A-Za-z0-9+/=\s_-]*$/.test(b64)) throw new HttpError(400, 'Error in predict: "image" is not base64 text. Fix: base64-encode the image file bytes.');
  return Buffer.from(b64, 'base64');
}

function tooLarge(size: number, limit: number): HttpError {
  return new HttpError(413, `Error in predict: the image is ${size} bytes, more than this server's limit of ${limit} bytes. Fix: send a smaller image (downscale or recompress it).`);
}

/**
 * The encoded image bytes of a predict request: multipart (first file part), raw image body, or JSON {image: base64}.
 * Bodies over `limit` bytes are refused with 413 (multipart by the parser's file limit, raw and base64 here).
 */
export async function requestImageBytes(request: FastifyRequest, limit: number): Promise<{ bytes: Buffer; source: string }> {
  const result = await readBytes(request);
  if (result.bytes.length > limit) throw tooLarge(result.bytes.length, limit);
  return result;
}

async function readBytes(request: FastifyRequest): Promise<{ bytes: Buffer; source: string }> {
  if (request.isMultipart()) {
    const part = await request.file();
    if (part === undefined) throw new HttpError(400, 'Error in predict: the multipart body has no file part. Fix: send the image as a file field, e.g. curl -F image=@xray.jpeg.');
    const bytes = await part.toBuffer();
    return { bytes, source: `upload ${JSON.stringify(part.filename || part.fieldname)}` };
  }
  const body = request.body;
  if (Buffer.isBuffer(body)) return { bytes: body, source: `request body (${request.headers['content-type'] ?? 'no content type'})` };
  if (typeof body === 'object' && body !== null) return { bytes: fromBase64((body as { image?: unknown }).image), source: 'JSON "image" field' };
  throw new HttpError(400, `Error in predict: the request has no image. Fix: send a multipart file, a raw image/jpeg or image/png body, or JSON {"image": "<base64>"}.`);
}

/**
 * Checks encoded bytes before they are queued: 415 when they are not JPEG/PNG, 400 when truncated or empty,
 * 413 when the header declares more than `maxPixels` pixels.
 */
export function checkImage(bytes: Uint8Array, source: string, maxPixels: number): void {
  const problem = checkImageContainer(bytes);
  if (problem !== null) {
    const unsupported = problem.startsWith('not a JPEG or PNG');
    throw new HttpError(unsupported ? 415 : 400, `Error in predict: ${source} is not a usable image: ${problem}. Fix: send a JPEG or PNG file${unsupported ? '' : ' (the whole file)'}.`);
  }
  const header = readImageHeader(bytes);
  if (header !== null && header.width * header.height > maxPixels) {
    throw new HttpError(413, `Error in predict: ${source} is ${header.width}x${header.height} pixels, more than this server's limit of ${maxPixels}. Fix: downscale the image first.`);
  }
}
