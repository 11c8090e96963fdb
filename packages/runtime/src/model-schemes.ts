import { ModelIOError } from '@medimg/core';

/** Turns a `scheme:rest` model spec into a filesystem path (a model directory or an .onnx file). */
export type ModelSchemeResolver = (spec: string) => string | Promise<string>;

const schemes = new Map<string, ModelSchemeResolver>();

/**
 * Registers a model scheme by name, e.g. `registerModelScheme('zoo', zooModelPath)` makes `zoo:pneumonia` a model
 * path everywhere resolveModelPath / loadPredictor is used. Names are 2+ lowercase letters (so `C:` stays a path).
 */
export function registerModelScheme(name: string, resolve: ModelSchemeResolver): void {
  if (!/^[a-z][a-z0-9+.-]+$/.test(name)) throw new ModelIOError(`Error in registerModelScheme: ${JSON.stringify(name)} is not a scheme name. Fix: use 2+ lowercase letters, e.g. 'zoo'.`, name);
  schemes.set(name, resolve);
}

/** Names of the registered model schemes. */
export function listModelSchemes(): string[] {
  return [...schemes.keys()];
}

/** The path a registered scheme gives `spec` (`zoo:pneumonia` -> the shipped file), or `spec` itself when it has none. */
export async function resolveModelScheme(spec: string): Promise<string> {
  const match = /^([a-z][a-z0-9+.-]+):(?!\/\/)/.exec(spec);
  if (match === null) return spec;
  const resolve = schemes.get(match[1] as string);
  if (resolve === undefined) {
    throw new ModelIOError(`Error loading model: ${spec} uses the scheme ${match[1]}: which is not registered (registered: ${listModelSchemes().join(', ') || 'none'}). Fix: register it with registerModelScheme (zoo models: install @medimg/zoo and call registerModelScheme('zoo', zooModelPath)).`, spec);
  }
  return resolve(spec);
}
