/** The parts of an OpenAPI 3 document the docs page reads. */
export interface OpenApiDocument {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}

interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; default?: unknown } }[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained HTML reference of every operation in `doc` (method, path, parameters, bodies, responses, schemas). */
export function renderDocsPage(doc: OpenApiDocument): string {
  const ops: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? [])
        .map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''}${p.schema?.type ? `, ${esc(p.schema.type)}` : ''}${p.schema?.default !== undefined ? `, default ${esc(JSON.stringify(p.schema.default))}` : ''})${p.description ? `: ${esc(p.description)}` : ''}</li>`)
        .join('');
      const bodies = Object.keys(op.requestBody?.content ?? {}).map((t) => `<code>${esc(t)}</code>`).join(', ');
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><b>${esc(status)}</b> ${esc(r.description ?? '')} ${Object.keys(r.content ?? {}).map((t) => `<code>${esc(t)}</code>`).join(' ')}</li>`)
        .join('');
      ops.push(
        `<section id="${esc(method + path)}"><h2><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>` +
          `<p>${esc(op.summary ?? '')}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}` +
          (params ? `<h3>Parameters</h3><ul>${params}</ul>` : '') +
          (bodies ? `<h3>Request body</h3><p>${bodies}</p>` : '') +
          (responses ? `<h3>Responses</h3><ul>${responses}</ul>` : '') +
          '</section>',
      );
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, s]) => `<section><h3 id="schema-${esc(name)}">${esc(name)}</h3><pre>${esc(JSON.stringify(s, null, 2))}</pre></section>`)
    .join('');
  const title = esc(doc.info?.title ?? 'API');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} reference</title><style>
body{font:15px/1.45 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.8em;overflow:auto}
.m{display:inline-block;min-width:4em;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:2px 6px}
.get{background:#2b7bb9}.post{background:#2e8b57}section{border-top:1px solid #ddd;padding-top:.5em}
</style></head><body><h1>${title} <small>${esc(doc.info?.version ?? '')}</small></h1><p>${esc(doc.info?.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>${ops.join('\n')}<h2>Schemas</h2>${schemas}</body></html>`;
}
