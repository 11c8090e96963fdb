import { HttpError } from '../http/http-error';
import type { ServedModel, ServeState } from '../serve-state';

/** The model a request names: 503 while warming up, 404 (listing the names) when unknown. */
export function servedModel(state: ServeState, name: string): ServedModel {
  if (!state.ready) {
    const why = state.loadError === null ? 'models are still loading and warming up' : `loading models failed: ${state.loadError}`;
    throw new HttpError(503, `Error in ${name}: the server is not ready (${why}). Fix: wait for GET /health/ready to answer 200.`, { 'retry-after': '1' });
  }
  const model = state.models.get(name);
  if (model === undefined) {
    throw new HttpError(404, `Error: no model named ${JSON.stringify(name)}. Fix: use one of ${[...state.models.keys()].map((n) => JSON.stringify(n)).join(', ')} (GET /v1/models lists them).`);
  }
  return model;
}
