import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { EntityOperations, Row } from '../../kernel/index.js'
import type { Expr, Literal } from '../../query/index.js'
import { problem, sendProblem, type FieldProblem } from '../http/problem.js'
import { encodeCursor, parseListRequest } from './list-query.js'
import { itemPath, type CompiledResource, type CompiledService } from './rest-service.js'
import { fromWire, readShape, toWire, visibleMembers } from './wire-values.js'

/** What a handler needs besides the request: the kernel as the caller, and where things are. */
export interface HandlerContext {
  readonly service: CompiledService
  readonly resource: CompiledResource
  readonly ops: (request: FastifyRequest) => EntityOperations
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>

const JSON_TYPES = new Set(['application/json'])
const PATCH_TYPES = new Set(['application/merge-patch+json', 'application/json'])

export function listHandler(ctx: HandlerContext): Handler {
  const { service, resource } = ctx
  return async (request, reply) => {
    const list = parseListRequest(request.query as Record<string, unknown>, resource, service)
    if (Array.isArray(list)) return sendProblem(reply, problem(400, 'INVALID_PARAMETERS', 'the list parameters are not valid', list))
    const ops = ctx.ops(request)
    const members = list.fields ?? visibleMembers(resource.exposure.members, resource.entity.qualifiedName, ops)
    const shape = readShape(resource, service, members, list.sortMembers)
    const result = await ops.query({
      entity: resource.entity.qualifiedName,
      ...(list.filter ? { filter: list.filter } : {}),
      orderBy: list.orderBy,
      top: list.limit + 1,
      ...(list.offset === undefined ? {} : { skip: list.offset }),
      ...(list.after ? { after: list.after } : {}),
      select: shape.select,
      ...(shape.expand.length ? { expand: shape.expand } : {}),
      count: list.count,
    })
    const rows = result.rows.slice(0, list.limit)
    const more = result.rows.length > list.limit
    const last = rows[rows.length - 1]
    const nextCursor = more && last ? encodeCursor(list.sortSignature, [...list.sortMembers.map((m) => last[m] as Literal), last.id as Literal]) : null
    if (nextCursor) reply.header('link', `<${nextLink(request, nextCursor)}>; rel="next"`)
    return {
      items: rows.map((row) => toWire(row, members, service)),
      nextCursor,
      ...(list.count ? { total: result.count ?? 0 } : {}),
    }
  }
}

export function getHandler(ctx: HandlerContext): Handler {
  const { service, resource } = ctx
  return async (request, reply) => {
    const members = visibleMembers(resource.exposure.members, resource.entity.qualifiedName, ctx.ops(request))
    const row = await readByKey(ctx, request, readShape(resource, service, members))
    if (!row) return sendProblem(reply, notFound(ctx, request))
    const etag = etagOf(row)
    reply.header('etag', etag)
    if (matchesNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send()
    return toWire(row, members, service)
  }
}

export function createHandler(ctx: HandlerContext): Handler {
  const { service, resource } = ctx
  return async (request, reply) => {
    const body = checkBody(request, resource.validateCreate, JSON_TYPES)
    if ('problem' in body) return sendProblem(reply, body.problem)
    const entity = resource.entity.qualifiedName
    const ops = ctx.ops(request)
    const members = visibleMembers(resource.exposure.members, entity, ops)
    const shape = readShape(resource, service, members)
    const values = fromWire(body.value, resource.exposure)
    // The created object holds every attribute and reference; only collections need a read,
    // in the same transaction.
    const row =
      shape.expand.length === 0
        ? await ops.create(entity, values)
        : await ops.transaction(async (tx) => tx.read(entity, (await tx.create(entity, values)).id as number, shape))
    reply.code(201).header('location', itemPath(service, resource, row[resource.key.member] as string | number)).header('etag', etagOf(row))
    return toWire(row, members, service)
  }
}

export function changeHandler(ctx: HandlerContext, mode: 'replace' | 'patch'): Handler {
  const { service, resource } = ctx
  return async (request, reply) => {
    const body = mode === 'replace' ? checkBody(request, resource.validateCreate, JSON_TYPES) : checkBody(request, resource.validatePatch, PATCH_TYPES)
    if ('problem' in body) return sendProblem(reply, body.problem)
    const ops = ctx.ops(request)
    const members = visibleMembers(resource.exposure.members, resource.entity.qualifiedName, ops)
    // The response is sent only once the transaction has committed.
    const outcome = await ops.transaction(async (tx): Promise<Outcome> => {
      const current = await readByKey({ ...ctx, ops: () => tx }, request, { select: ['id', 'version'], expand: [] })
      if (!current) return { problem: notFound(ctx, request) }
      const precondition = checkIfMatch(request, current)
      if (precondition) return { problem: precondition }
      const values = fromWire(body.value, resource.exposure)
      const entity = resource.entity.qualifiedName
      const options = { expectedVersion: current.version as number }
      const changed = mode === 'replace' ? await tx.replace(entity, current.id as number, values, options) : await tx.update(entity, current.id as number, values, options)
      const shape = readShape(resource, service, members)
      return { row: shape.expand.length === 0 ? changed : await tx.read(entity, current.id as number, shape) }
    })
    if ('problem' in outcome) return sendProblem(reply, outcome.problem)
    reply.header('etag', etagOf(outcome.row))
    return toWire(outcome.row, members, service)
  }
}

export function deleteHandler(ctx: HandlerContext): Handler {
  return async (request, reply) => {
    const outcome = await ctx.ops(request).transaction(async (tx): Promise<Outcome | { deleted: true }> => {
      const current = await readByKey({ ...ctx, ops: () => tx }, request, { select: ['id', 'version'], expand: [] })
      if (!current) return { problem: notFound(ctx, request) }
      const precondition = checkIfMatch(request, current)
      if (precondition) return { problem: precondition }
      await tx.delete(ctx.resource.entity.qualifiedName, current.id as number, { expectedVersion: current.version as number })
      return { deleted: true }
    })
    if ('problem' in outcome) return sendProblem(reply, outcome.problem)
    return reply.code(204).send()
  }
}

/** What a write transaction decided; the reply is built from it after the commit. */
type Outcome = { readonly row: Row } | { readonly problem: ReturnType<typeof problem> }

/** The object addressed by the path key, by id or by the resource's unique key attribute. */
async function readByKey(ctx: HandlerContext, request: FastifyRequest, shape: ReturnType<typeof readShape>): Promise<Row | undefined> {
  const raw = (request.params as { key: string }).key
  const key = ctx.resource.key
  const type = key.attribute.type.kind
  const numeric = type === 'Long' || type === 'Integer' || type === 'AutoNumber'
  const value: Literal = numeric ? (/^\d{1,16}$/.test(raw) ? Number(raw) : NaN) : raw
  if (typeof value === 'number' && Number.isNaN(value)) return undefined
  const ops = ctx.ops(request)
  const entity = ctx.resource.entity.qualifiedName
  // Without collections to load, one prepared lookup does: no query to compile.
  if (shape.expand.length === 0) {
    if (key.member === 'id') return ops.find(entity, value as number)
    if (numeric || type === 'String' || type === 'Enum') return ops.findByUnique(entity, key.member, value)
  }
  const filter: Expr = { kind: 'compare', op: 'eq', left: { kind: 'property', path: [key.member] }, right: { kind: 'literal', value } }
  const { rows } = await ops.query({ entity, filter, select: shape.select, ...(shape.expand.length ? { expand: shape.expand } : {}), top: 1 })
  return rows[0]
}

export function etagOf(row: Row): string {
  return `"${String(row.version)}"`
}

/** If-Match holds when absent, `*`, or one of its strong tags is the current one (RFC 9110). */
function checkIfMatch(request: FastifyRequest, current: Row) {
  const header = request.headers['if-match']
  if (header === undefined) return undefined
  const tags = header.split(',').map((t) => t.trim())
  if (tags.includes('*') || tags.includes(etagOf(current))) return undefined
  return problem(412, 'PRECONDITION_FAILED', `the object is at ETag ${etagOf(current)}, not ${header}: it changed since it was read`)
}

function matchesNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some((t) => {
    const tag = t.trim()
    return tag === '*' || tag === etag || tag === `W/${etag}`
  })
}

function notFound(ctx: HandlerContext, request: FastifyRequest) {
  const key = (request.params as { key: string }).key
  return problem(404, 'NOT_FOUND', `${ctx.resource.name} has no object with ${ctx.resource.key.external} '${key}'`)
}

/** The body, after its media type and JSON Schema; every violation is reported with its field. */
function checkBody(request: FastifyRequest, validate: ValidateFunction, types: ReadonlySet<string>): { value: Record<string, unknown> } | { problem: ReturnType<typeof problem> } {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!types.has(type)) {
    return { problem: problem(415, 'UNSUPPORTED_MEDIA_TYPE', `send the body as ${[...types].join(' or ')}${type ? `, not ${type}` : ''}`) }
  }
  const body = request.body
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problem: problem(400, 'INVALID_BODY', 'the body must be a JSON object') }
  }
  if (!validate(body)) return { problem: problem(400, 'INVALID_BODY', 'the body does not match the schema', fieldProblems(validate.errors ?? [])) }
  return { value: body as Record<string, unknown> }
}

function fieldProblems(errors: readonly ErrorObject[]): FieldProblem[] {
  return errors.map((e) => {
    const params = e.params as Record<string, unknown>
    if (e.keyword === 'additionalProperties') {
      const name = String(params.additionalProperty)
      return { path: `${e.instancePath}/${name}`, code: 'UNKNOWN_MEMBER', message: `'${name}' is not a member that can be sent` }
    }
    if (e.keyword === 'required') {
      const name = String(params.missingProperty)
      return { path: `${e.instancePath}/${name}`, code: 'REQUIRED', message: `'${name}' is required` }
    }
    const path = e.instancePath || '/'
    return { path, code: e.keyword.toUpperCase(), message: `'${path.slice(1) || 'body'}' ${e.message ?? 'is not valid'}` }
  })
}

/** The request's own URL with `cursor` set and `offset` dropped; other parameters stay as the client wrote them. */
function nextLink(request: FastifyRequest, cursor: string): string {
  const url = request.url
  const q = url.indexOf('?')
  const kept = q < 0 ? [] : url.slice(q + 1).split('&').filter((part) => {
    const name = part.split('=', 1)[0]
    return part !== '' && name !== 'offset' && name !== 'cursor'
  })
  kept.push(`cursor=${encodeURIComponent(cursor)}`)
  return `${q < 0 ? url : url.slice(0, q)}?${kept.join('&')}`
}
