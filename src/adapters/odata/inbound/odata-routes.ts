import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { EntityOperations, Kernel } from '../../../kernel/index.js'
import { challenges, type Authenticator } from '../../http/authenticate.js'
import { asyncPreference, MONITOR_PATH, respondAsync } from '../async/respond-async.js'
import { statusMonitor } from '../async/status-monitor.js'
import { handleBatch } from '../batch/handle-batch.js'
import { odataErrors, odataErrorOf } from '../odata-errors.js'
import type { ODataRequest, ODataResponse } from './handler-context.js'
import { handleRequest, type ServiceRuntime } from './handle-request.js'

/**
 * Registers the service under its root, in its own scope: request bodies are read as text
 * (JSON, multipart batches and plain `$value` bodies alike) and every method goes to one
 * handler, which authenticates first and then runs the request with the caller's operations
 * (in the background when it prefers `respond-async`).
 */
export async function registerODataRoutes(http: FastifyInstance, rt: ServiceRuntime, kernel: Kernel, authenticate: Authenticator): Promise<void> {
  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const req = toODataRequest(request, rt.service.path)
      const auth = await authenticate(request)
      if (!auth.ok) return send(reply, unauthenticated(auth.reason, rt))
      return send(reply, await serve(req, kernel.as(auth.principal), rt))
    }
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
    scope.route({ method: [...methods], url: rt.service.path, handler })
    scope.route({ method: [...methods], url: `${rt.service.path}/*`, handler })
  })
}

/** A status monitor, a request preferring to be answered asynchronously, a `$batch`, or any other request. */
function serve(req: ODataRequest, ops: EntityOperations, rt: ServiceRuntime): ODataResponse | Promise<ODataResponse> {
  if (req.path.startsWith(MONITOR_PATH)) return statusMonitor(req, ops.principal, rt)
  const preference = asyncPreference(req)
  if (preference) return respondAsync(req, ops, rt, preference)
  return req.path === '/$batch' ? handleBatch(req, ops, rt) : handleRequest(req, ops, rt)
}

function toODataRequest(request: FastifyRequest, root: string): ODataRequest {
  const raw = request.raw.url ?? ''
  const q = raw.indexOf('?')
  const path = (q < 0 ? raw : raw.slice(0, q)).slice(root.length)
  // Node gives header names in lower case, and a list only for headers that may repeat.
  let headers = request.headers as Record<string, string>
  for (const k in request.headers) {
    if (typeof request.headers[k] === 'string') continue
    headers = {}
    for (const [name, v] of Object.entries(request.headers)) if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(', ') : v
    break
  }
  const body = typeof request.body === 'string' ? request.body : undefined
  return { method: request.method, path: path === '/' ? '' : path, query: q < 0 ? '' : raw.slice(q + 1), headers, ...(body !== undefined ? { body } : {}) }
}

function unauthenticated(reason: string, rt: ServiceRuntime): ODataResponse & { challenges: string[] } {
  const { status, body } = odataErrorOf(odataErrors.create('ODATA_UNAUTHENTICATED', reason, { target: 'Authorization' }))
  return { status, headers: { 'content-type': 'application/json;odata.metadata=minimal', 'odata-version': '4.01' }, body: JSON.stringify(body), challenges: challenges(rt.service.authentication, rt.service.name) }
}

function send(reply: FastifyReply, response: ODataResponse & { challenges?: string[] }): FastifyReply {
  reply.code(response.status).headers(response.headers)
  if (response.challenges?.length) reply.header('www-authenticate', response.challenges)
  // A text body goes out as a string, written with the headers in one write; the identity
  // serializer keeps fastify from appending a charset to the OData media type.
  const body = response.body ?? ''
  return typeof body === 'string' ? reply.serializer(asIs).send(body) : reply.send(body)
}

const asIs = (text: string): string => text
