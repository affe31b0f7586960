import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import { createHash } from 'node:crypto'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { stringify } from 'yaml'
import type { FlowEngine } from '../../flows/index.js'
import type { Kernel } from '../../kernel/index.js'
import { challenges, type AuthenticationResult, type Authenticator } from '../http/authenticate.js'
import { setDeprecationHeaders } from '../http/deprecation-headers.js'
import { problem, problemOf, sendProblem } from '../http/problem.js'
import { principalOf } from '../http/request-principal.js'
import { registerApiReference } from './api-reference.js'
import type { OpenApiDocument } from './openapi-document.js'
import { registerOperations } from './operation-routes.js'
import { changeHandler, createHandler, deleteHandler, getHandler, listHandler, type HandlerContext } from './resource-handlers.js'
import { itemSerializerSchema, listSerializerSchema } from './response-serializer.js'
import type { CompiledResource, CompiledService } from './rest-service.js'

export interface RestRoutesOptions {
  readonly service: CompiledService
  readonly document: OpenApiDocument
  readonly kernel: Kernel
  readonly flows: FlowEngine
  readonly authenticate: Authenticator
  readonly log: Logger
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * Registers a service in its own fastify scope under its base path: contract documents,
 * CORS and rate limit if declared, authentication, every resource route (405 with `Allow`
 * for switched-off methods), and problem+json for every error.
 */
export async function registerRestRoutes(http: FastifyInstance, options: RestRoutesOptions): Promise<void> {
  const { service } = options
  await http.register(
    async (scope) => {
      scope.decorateRequest('principal', null)
      scope.addContentTypeParser('application/merge-patch+json', { parseAs: 'string' }, (request, body, done) => {
        try {
          done(null, JSON.parse(body as string))
        } catch (error) {
          ;(error as FastifyError).statusCode = 400
          done(error as FastifyError, undefined)
        }
      })
      scope.get('/openapi.json', { config: { public: true } }, async () => options.document)
      scope.get('/openapi.yaml', { config: { public: true } }, async (_request, reply) => reply.type('application/yaml').send(stringify(options.document, { aliasDuplicateObjects: false })))
      registerApiReference(scope, service)
      if (service.declaration.cors) await registerCors(scope, service)
      if (service.declaration.rateLimit) await registerRateLimit(scope, service)
      scope.addHook('onRequest', authenticationHook(options))
      scope.setErrorHandler(errorHandler(options.log))
      scope.setNotFoundHandler((request, reply) => sendProblem(reply, problem(404, 'NOT_FOUND', `no resource at ${request.url.split('?')[0]}`)))
      for (const resource of service.resources) registerResource(scope, resource, options)
      await registerOperations(scope, { service, kernel: options.kernel, flows: options.flows })
    },
    { prefix: service.basePath },
  )
}

function registerResource(scope: FastifyInstance, resource: CompiledResource, options: RestRoutesOptions): void {
  const ctx: HandlerContext = { service: options.service, resource, ops: (request) => options.kernel.as(principalOf(request)) }
  const deprecation = resource.deprecation ?? options.service.deprecation
  const preHandler = deprecation ? async (_r: FastifyRequest, reply: FastifyReply) => setDeprecationHeaders(reply, deprecation) : undefined
  const bodyLimit = options.service.declaration.bodyLimit
  const has = (op: string) => resource.operations.has(op as never)
  const collection: Record<string, ReturnType<typeof listHandler> | undefined> = {
    GET: has('list') ? listHandler(ctx) : undefined,
    POST: has('create') ? createHandler(ctx) : undefined,
  }
  const item: Record<string, ReturnType<typeof listHandler> | undefined> = {
    GET: has('get') ? getHandler(ctx) : undefined,
    PUT: has('replace') ? changeHandler(ctx, 'replace') : undefined,
    PATCH: has('patch') ? changeHandler(ctx, 'patch') : undefined,
    DELETE: has('delete') ? deleteHandler(ctx) : undefined,
  }
  const item200 = { response: { 200: itemSerializerSchema(resource, options.service), 201: itemSerializerSchema(resource, options.service) } }
  const list200 = { response: { 200: listSerializerSchema(resource, options.service) } }
  for (const [url, handlers, schema] of [[`/${resource.name}`, collection, list200], [`/${resource.name}/:key`, item, item200]] as const) {
    const allowed = Object.keys(handlers).filter((m) => handlers[m])
    for (const method of ALL_METHODS) {
      const handler = handlers[method]
      if (!handler) {
        scope.route({ method, url, handler: methodNotAllowed(allowed) })
        continue
      }
      const serializer = method === 'POST' ? item200 : schema
      scope.route({ method, url, handler, schema: serializer, ...(preHandler ? { preHandler } : {}), ...(bodyLimit ? { bodyLimit } : {}) })
    }
  }
}

function methodNotAllowed(allowed: readonly string[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('allow', [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', '))
    return sendProblem(reply, problem(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; allowed: ${allowed.join(', ') || 'none'}`))
  }
}

function authenticationHook(options: RestRoutesOptions) {
  const kinds = options.service.declaration.authentication
  const wwwAuthenticate = challenges(kinds, options.service.name)
  const refuse = (reply: FastifyReply, result: AuthenticationResult & { ok: false }) => {
    if (wwwAuthenticate.length > 0) reply.header('www-authenticate', wwwAuthenticate)
    return sendProblem(reply, problem(401, 'UNAUTHENTICATED', result.reason))
  }
  // A callback hook: a caller whose credentials were verified moments ago passes without a promise.
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    if (request.method === 'OPTIONS' || (request.routeOptions.config as { public?: boolean } | undefined)?.public) return done()
    const settle = (result: AuthenticationResult): void => {
      if (result.ok) {
        request.principal = result.principal
        done()
      } else void refuse(reply, result)
    }
    const result = options.authenticate(request)
    if (result instanceof Promise) result.then(settle, done)
    else settle(result)
  }
}

/** Every error of the scope as problem+json: media type, size, syntax, kernel and query errors. */
function errorHandler(log: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, problem(415, 'UNSUPPORTED_MEDIA_TYPE', `unsupported content type ${request.headers['content-type'] ?? '(none)'}; send application/json`))
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, problem(413, 'BODY_TOO_LARGE', 'the body is larger than this service accepts'))
    if (error.statusCode === 429) return sendProblem(reply, problem(429, 'RATE_LIMITED', error.message))
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error.statusCode === 400 && !('category' in error))) {
      return sendProblem(reply, problem(400, 'MALFORMED_BODY', `the body is not valid JSON: ${error.message}`))
    }
    const p = problemOf(error)
    if (p.status >= 500) log.error({ err: error, url: request.url }, 'request failed')
    return sendProblem(reply, p)
  }
}

async function registerCors(scope: FastifyInstance, service: CompiledService): Promise<void> {
  const c = service.declaration.cors
  if (!c) return
  await scope.register(cors, {
    origin: c.origins.includes('*') ? '*' : [...c.origins],
    methods: c.methods ? [...c.methods] : ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: c.headers ? [...c.headers] : ['Content-Type', 'Authorization', 'X-API-Key', 'If-Match', 'If-None-Match'],
    exposedHeaders: c.exposeHeaders ? [...c.exposeHeaders] : ['ETag', 'Location', 'Link', 'Deprecation', 'Sunset', 'Retry-After'],
    credentials: c.credentials ?? false,
    ...(c.maxAge === undefined ? {} : { maxAge: c.maxAge }),
  })
}

async function registerRateLimit(scope: FastifyInstance, service: CompiledService): Promise<void> {
  const r = service.declaration.rateLimit
  if (!r) return
  await scope.register(rateLimit, {
    max: r.requests,
    timeWindow: r.perSeconds * 1000,
    // Per client: the credential when there is one (hashed), else the address.
    keyGenerator: (request) => {
      const credential = request.headers['x-api-key'] ?? request.headers.authorization
      return credential ? createHash('sha256').update(String(credential)).digest('base64url') : request.ip
    },
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`more than ${context.max} requests in ${r.perSeconds} s; retry after ${context.after}`) as FastifyError
      error.statusCode = 429
      return error
    },
  })
}
