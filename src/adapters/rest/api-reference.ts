import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { CompiledService } from './rest-service.js'

const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
}

/**
 * A human-readable API reference at `<base>/docs`, rendered by Swagger UI from the
 * service's own OpenAPI document. Its files are served from the installed package: no CDN.
 */
export function registerApiReference(scope: FastifyInstance, service: CompiledService): void {
  const folder = (createRequire(import.meta.url)('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath()
  const cache = new Map<string, Buffer>()
  const asset = (name: string): Buffer => {
    let body = cache.get(name)
    if (!body) {
      body = readFileSync(join(folder, name))
      cache.set(name, body)
    }
    return body
  }
  const base = service.basePath
  scope.get('/docs', { config: { public: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page(service, base)))
  for (const [name, type] of Object.entries(ASSETS)) {
    scope.get(`/docs/${name}`, { config: { public: true } }, async (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=86400').send(asset(name)))
  }
}

function page(service: CompiledService, base: string): string {
  const title = `${escapeHtml(service.name)} ${escapeHtml(service.version)} — API reference`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="stylesheet" href="${base}/docs/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="${base}/docs/swagger-ui-bundle.js"></script>
<script src="${base}/docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(`${base}/openapi.json`)}, dom_id: '#reference', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'BaseLayout' })
</script>
</body>
</html>`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
