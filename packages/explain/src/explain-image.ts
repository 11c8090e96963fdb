import { loadExplainer } from './load-explainer';
import type { ExplainInput, Explainer, ExplainOptions, Explanation, LoadExplainerOptions } from './types';

/**
 * Probabilities and class map of one preprocessed image (HWC uint8 at the model's input size, e.g. from
 * `preprocessImageFile(path, explainer.metadata.preprocessing)`). `model` is a loaded Explainer (reuse it across
 * images) or a model path, loaded for this call and disposed after it.
 */
export async function explainImage(model: Explainer | string, image: ExplainInput, options: ExplainOptions & LoadExplainerOptions = {}): Promise<Explanation> {
  if (typeof model !== 'string') return model.explain(image, options);
  const explainer = await loadExplainer(model, options);
  try {
    return await explainer.explain(image, options);
  } finally {
    explainer.dispose();
  }
}
