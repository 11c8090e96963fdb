/**
 * A model path as a filesystem path: plain paths pass through; `zoo:pneumonia` (`/onnx`, `/int8`) resolves to the
 * file shipped in @medimg/zoo through @medimg/runtime's model schemes (registered here for the CLI).
 */
export async function resolveModelSpec(spec: string): Promise<string> {
  await registerCliModelSchemes();
  const { resolveModelScheme } = await import('@medimg/runtime');
  return resolveModelScheme(spec);
}

/** Registers the model schemes the CLI knows (`zoo:`) with @medimg/runtime, once; loadPredictor then resolves them. */
export async function registerCliModelSchemes(): Promise<void> {
  const [{ listModelSchemes, registerModelScheme }, { zooModelPath }] = await Promise.all([import('@medimg/runtime'), import('@medimg/zoo')]);
  if (!listModelSchemes().includes('zoo')) registerModelScheme('zoo', zooModelPath);
}
