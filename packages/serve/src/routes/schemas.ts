/** JSON schemas of the routes: they validate requests, serialise responses and generate /openapi.json and /docs. */

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'Every error response: the status, a stable code, and a message that names the problem and the fix.',
  properties: {
    error: {
      type: 'object',
      properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } },
      required: ['status', 'code', 'message'],
    },
  },
  required: ['error'],
} as const;

export const modelCardSchema = {
  $id: 'ModelCard',
  type: 'object',
  description: 'The model card saved with the model: class names in output order, positive class, preprocessing, decision threshold, provenance.',
  additionalProperties: true,
  properties: {
    classNames: { type: 'array', items: { type: 'string' } },
    positiveClass: { type: ['integer', 'null'] },
    threshold: { type: 'number' },
    preprocessing: { type: 'object', additionalProperties: true },
  },
} as const;

export const modelInfoSchema = {
  $id: 'ModelInfo',
  type: 'object',
  properties: {
    name: { type: 'string' },
    engine: { type: 'string', description: 'Inference engine, e.g. onnxruntime or tfjs-layers.' },
    inputShape: { type: 'array', items: { type: 'integer' }, description: '[height, width, channels]' },
    numClasses: { type: 'integer' },
    onnxUrl: { type: ['string', 'null'], description: 'The .onnx file the page runs in the browser.' },
    explain: { type: 'boolean', description: 'Whether predict?explain=true returns a heatmap for this model.' },
    card: { $ref: 'ModelCard#' },
  },
  required: ['name', 'engine', 'inputShape', 'numClasses', 'onnxUrl', 'explain', 'card'],
} as const;

export const predictResponseSchema = {
  $id: 'PredictResponse',
  type: 'object',
  properties: {
    model: { type: 'string' },
    probabilities: { type: 'object', additionalProperties: { type: 'number' }, description: 'Probability per class name.' },
    prediction: { type: 'string', description: "The class decided at the model's operating point." },
    decision: {
      type: 'object',
      properties: { rule: { type: 'string' }, threshold: { type: ['number', 'null'] }, positiveClass: { type: ['string', 'null'] } },
      required: ['rule', 'threshold', 'positiveClass'],
    },
    timing: {
      type: 'object',
      properties: { queueMs: { type: 'number' }, decodeMs: { type: 'number' }, computeMs: { type: 'number' }, batchSize: { type: 'integer' }, totalMs: { type: 'number' } },
      required: ['queueMs', 'decodeMs', 'computeMs', 'batchSize', 'totalMs'],
    },
    heatmap: {
      type: 'object',
      description:
        'With ?explain=true: the class activation map of the decided class (Grad-CAM of the class logit for a tfjs LayersModel; the `cam` output of an ONNX model, equal to Grad-CAM for conv -> global-average-pool -> dense).',
      properties: {
        width: { type: 'integer', description: 'Model input width; data has width x height values.' },
        height: { type: 'integer', description: 'Model input height.' },
        data: { type: 'array', items: { type: 'number' }, description: 'Row-major map at the model input size, min-max normalised to [0, 1] (all 0 when the class has no positive evidence).' },
        classIndex: { type: 'integer', description: 'The explained class (the decided one).' },
        className: { type: 'string' },
        method: { type: 'string', enum: ['grad-cam', 'cam'] },
        layer: { type: 'string', description: 'Layer or graph tensor the map is computed on.' },
        peak: { type: 'number', description: 'Largest value of lowRes.data; 0 means no positive evidence.' },
        lowRes: {
          type: 'object',
          description: 'The raw map on the feature grid: ReLU applied, not normalised, row-major.',
          properties: { width: { type: 'integer' }, height: { type: 'integer' }, data: { type: 'array', items: { type: 'number' } } },
          required: ['width', 'height', 'data'],
        },
        overlayPng: { type: 'string', contentEncoding: 'base64', contentMediaType: 'image/png', description: 'Base64 PNG: the preprocessed image with the map blended on (jet colours), the probabilities and the decision printed below. Absent with overlay=false.' },
      },
      required: ['width', 'height', 'data', 'classIndex', 'className', 'method', 'layer', 'peak', 'lowRes'],
    },
  },
  required: ['model', 'probabilities', 'prediction', 'decision', 'timing'],
} as const;

export const nameParams = {
  type: 'object',
  properties: { name: { type: 'string', description: 'Model name (GET /v1/models lists them).' } },
  required: ['name'],
} as const;

export const SHARED_SCHEMAS = [errorSchema, modelCardSchema, modelInfoSchema, predictResponseSchema] as const;

export const errorResponses = {
  400: { $ref: 'Error#' },
  404: { $ref: 'Error#' },
  503: { $ref: 'Error#' },
} as const;
