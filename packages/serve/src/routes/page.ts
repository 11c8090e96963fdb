import { createReadStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from '../http/http-error';
import { builtFile } from '../package-files';

const PAGE_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.js.map': 'application/json',
  'style.css': 'text/css; charset=utf-8',
};

/** onnxruntime-web's dist folder (its .wasm runtime, served to the page from node_modules). */
function ortWebDist(): string {
  return dirname(createRequire(__filename).resolve('onnxruntime-web'));
}

const ORT_FILE = /^ort-wasm-simd-threaded(\.jsep|\.asyncify)?\.(wasm|mjs)$/;

/** `GET /` (the page), its bundle and stylesheet, and `GET /ort/<file>` (onnxruntime-web's wasm files). */
export function pageRoutes(app: FastifyInstance): void {
  const send = (reply: FastifyReply, file: string, type: string): FastifyReply => reply.type(type).header('cache-control', 'no-cache').send(createReadStream(file));
  app.get('/', { schema: { hide: true } }, async (_request, reply) => send(reply, builtFile('page/index.html'), PAGE_FILES['index.html'] as string));
  app.get<{ Params: { file: string } }>('/page/:file', { schema: { hide: true } }, async (request, reply) => {
    const type = PAGE_FILES[request.params.file];
    if (type === undefined) throw new HttpError(404, `Error: no page file ${JSON.stringify(request.params.file)}.`);
    return send(reply, builtFile(`page/${request.params.file}`), type);
  });
  app.get<{ Params: { file: string } }>('/ort/:file', { schema: { hide: true } }, async (request, reply) => {
    const name = request.params.file;
    const file = join(ortWebDist(), name);
    if (!ORT_FILE.test(name) || !existsSync(file)) throw new HttpError(404, `Error: no onnxruntime-web file ${JSON.stringify(name)}.`);
    return send(reply, file, name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8');
  });
}
