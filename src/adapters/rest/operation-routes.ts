import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorDetail } from '../../errors/index.js'
import { parameterFromText, type FlowEngine } from '../../flows/index.js'
import type { Kernel, Row } from '../../kernel/index.js'
import { setDeprecationHeaders } from '../http/deprecation-headers.js'
import { principalOf } from '../http/request-principal.js'
import { invokeFlow, requestInput, responseBody } from '../operations/bound-operation.js'
import { operationErrors } from '../operations/errors.js'
import { itemPath, type CompiledOperation, type CompiledService } from './rest-service.js'

export interface OperationRoutesOptions {
  readonly service: CompiledService
  readonly kernel: Kernel
  readonly flows: FlowEngine
}

/**
 * Registers the custom operations of a service in their own scope, which keeps JSON bodies
 * as text: the request mapping reads them (with positions in its errors), not a generic
 * parser. Authentication, rate limit, CORS and problem+json come from the service's scope.
 */
export async function registerOperations(scope: FastifyInstance, options: OperationRoutesOptions): Promise<void> {
  if (options.service.operations.length === 0) return
  await scope.register(async (ops) => {
    ops.removeAllContentTypeParsers()
    ops.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body))
    for (const operation of options.service.operations) {
      const deprecation = operation.deprecation ?? options.service.deprecation
      ops.route({
        method: operation.method,
        url: operation.route,
        handler: operationHandler(operation, options),
        ...(deprecation ? { preHandler: async (_r: FastifyRequest, reply: FastifyReply) => setDeprecationHeaders(reply, deprecation) } : {}),
        ...(options.service.declaration.bodyLimit ? { bodyLimit: options.service.declaration.bodyLimit } : {}),
      })
    }
  })
}

function operationHandler(operation: CompiledOperation, options: OperationRoutesOptions) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request)
    const ops = options.kernel.as(principal)
    const parameters = wireParameters(operation, request)
    const body = typeof request.body === 'string' ? request.body : undefined
    const input = await requestInput(operation.binding, body, ops)
    const output = await invokeFlow(operation.binding, options.flows, input, { principal, parameters })
    const text = operation.status === 204 ? undefined : await responseBody(operation.binding, output, ops)
    const location = operation.status === 201 ? locationOf(options.service, operation, output) : undefined
    if (location) reply.header('location', location)
    if (text === undefined) return reply.code(operation.status === 204 || operation.binding.response === undefined ? 204 : operation.status).send()
    return reply.code(operation.status).type('application/json; charset=utf-8').send(text)
  }
}

/** The flow's parameters from the path, query and headers, parsed by their types; every problem at once. */
function wireParameters(operation: CompiledOperation, request: FastifyRequest): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  const details: ErrorDetail[] = []
  const path = request.params as Record<string, string | undefined>
  const query = request.query as Record<string, string | string[] | undefined>
  for (const p of operation.parameters) {
    const raw = p.in === 'path' ? path[p.wire] : p.in === 'query' ? query[p.wire] : request.headers[p.wire.toLowerCase()]
    const text = Array.isArray(raw) ? raw[raw.length - 1] : raw
    if (text === undefined || text === '') {
      if (p.flow.required || p.in === 'path') details.push({ code: 'REQUIRED', path: p.wire, rule: 'required', message: `${p.in} parameter '${p.wire}' (${p.flow.type}) is required` })
      continue
    }
    const parsed = parameterFromText(p.flow.type, text)
    if (parsed.ok) values[p.flow.name] = parsed.value
    else details.push({ code: 'TYPE', path: p.wire, rule: 'type', message: `${p.in} parameter '${p.wire}' ${parsed.message}` })
  }
  if (details.length > 0) throw operationErrors.create('OPERATION_PARAMETER_INVALID', details.map((d) => d.message).join('; '), { details, target: details[0]?.path ?? 'parameters' })
  return values
}

/** For a 201: the item path of the created object when a resource of this service serves its entity. */
function locationOf(service: CompiledService, operation: CompiledOperation, output: unknown): string | undefined {
  const entity = operation.binding.response?.entity
  if (!entity || typeof output !== 'object' || output === null || Array.isArray(output)) return undefined
  const resource = service.resources.find((r) => r.entity.qualifiedName === entity)
  const key = resource ? (output as Row)[resource.key.attribute.name] : undefined
  return resource && (typeof key === 'string' || typeof key === 'number') ? itemPath(service, resource, key) : undefined
}
