import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../errors/backend-error';
import { ValidationError } from '../errors/validation-error';
import { silentLogger } from '../logger';
import { BACKEND_NAMES, type BackendInfo, type BackendName, type SelectBackendOptions } from '../types';
import { loadBackend } from './load-backend';

function parseBackend(value: string, where: string): BackendName | 'auto' {
  if (value === 'auto' || (BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName | 'auto';
  throw new ValidationError(where, [`backend must be one of auto, ${BACKEND_NAMES.join(', ')}; got "${value}"`]);
}

/**
 * Chooses and activates the tfjs backend: `tensorflow` (tfjs-node) when it loads, else `wasm`
 * (with medimg's training kernels registered), else `cpu`. Never throws because tfjs-node is absent
 * in `auto` mode; throws a BackendError when an explicitly requested backend cannot load.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const logger = options.logger ?? silentLogger;
  const env = process.env['MEDIMG_BACKEND'];
  let wanted = parseBackend(options.backend ?? 'auto', 'selectBackend: options.backend');
  if (wanted === 'auto' && env !== undefined && env !== '') wanted = parseBackend(env, 'selectBackend: MEDIMG_BACKEND');
  const order: BackendName[] = wanted === 'auto' ? [...BACKEND_NAMES] : [wanted];
  const skipped: BackendInfo['skipped'] = [];
  for (const name of order) {
    try {
      await loadBackend(name);
      const info: BackendInfo = { name, skipped };
      if (name === 'wasm') info.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      logger.info(`backend: ${name}`, { backend: name, skipped });
      return info;
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error);
      skipped.push({ backend: name, error: message });
      logger.debug(`backend ${name} unavailable: ${message}`);
    }
  }
  throw new BackendError(
    wanted === 'auto'
      ? 'Error in selectBackend: no tfjs backend could be initialised. Fix: install @tensorflow/tfjs-backend-wasm or @tensorflow/tfjs-node.'
      : `Error in selectBackend: backend "${wanted}" could not be initialised. Fix: install its package or choose another with --backend / MEDIMG_BACKEND.`,
    skipped,
  );
}

/** The active backend's name as medimg reports it. */
export function activeBackend(): string {
  return tf.getBackend();
}
