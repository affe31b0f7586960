import { kernelErrors, type Row } from '../../../kernel/index.js'
import type { Literal, SubQuery } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ODataProperty } from '../service/service-model.js'
import { entityPath, etagOf, memberValue } from './entity-url.js'
import { contextUrl, jsonResponse, textResponse, type HandlerContext, type ODataResponse } from './handler-context.js'
import { entityOptions, requestLevel } from './level-cache.js'
import { accepts } from './negotiate.js'
import type { CollectionTarget, EntityTarget } from './resolve-target.js'
import { entityJson, projection, wireValue } from './serialize.js'

/** Reads one entity with `$select`/`$expand`; 304 when If-None-Match holds its ETag. */
export async function readEntity(target: EntityTarget, ctx: HandlerContext): Promise<ODataResponse> {
  const { sub, shape } = requestLevel(ctx, target.set, 'entity', () => entityOptions(ctx.options))
  // Callers with partial read rights take the query: it refuses a $select of what they may not read.
  const lookup = ctx.readable(target.set) === 'all' ? prepared(target, sub) : undefined
  const entity = target.set.entity.qualifiedName
  const row = lookup
    ? lookup.member === 'id'
      ? await ctx.ops.find(entity, lookup.value as number)
      : await ctx.ops.findByUnique(entity, lookup.member, lookup.value)
    : (await ctx.ops.query({ entity, ...sub, filter: sub.filter ? { kind: 'and', operands: [target.filter, sub.filter] } : target.filter, top: 1 })).rows[0]
  if (!row) throw notFound(target)
  const etag = etagOf(row)
  if (etag && matches(ctx.request.headers['if-none-match'], etag)) return { status: 304, headers: { etag } }
  const body = entityJson(row, shape, ctx, contextUrl(ctx, `${target.set.name}${projection(shape, ctx.negotiated.version)}/$entity`))
  return jsonResponse(200, body, ctx.negotiated, etag ? { etag } : {})
}

/**
 * An entity addressed by its single key at the top of the path, with nothing to expand or
 * compute, is one prepared lookup by id or unique member (the kernel applies the caller's
 * read rights): no query to compile. Undefined when the request needs the general query.
 */
function prepared(target: EntityTarget, sub: SubQuery): { member: string; value: Literal } | undefined {
  const [k, ...more] = target.set.key
  if (!k || more.length > 0 || target.parent || !target.key || sub.expand?.length || sub.compute?.length || sub.filter) return undefined
  const value = target.key[k.member]
  if (value === undefined || value === null) return undefined
  if (k.member === 'id') return typeof value === 'number' ? { member: 'id', value } : undefined
  return k.attribute?.unique ? { member: k.member, value } : undefined
}

/** `/Products(1)/name` as `{ value }`, or `/$value` as plain text (binary as octets). */
export async function readProperty(target: EntityTarget, property: ODataProperty, raw: boolean, ctx: HandlerContext): Promise<ODataResponse> {
  const { rows } = await ctx.ops.query({ entity: target.set.entity.qualifiedName, filter: target.filter, select: ['id', 'version', property.member], top: 1 })
  const row = rows[0]
  if (!row) throw notFound(target)
  const value = memberValue(row, property)
  const etag = etagOf(row)
  const headers: Record<string, string> = etag ? { etag } : {}
  if (!raw) {
    if (value === null || value === undefined) return { status: 204, headers }
    const body = { ...contextUrl(ctx, `${entityPath(target.set, row)}/${property.name}`), value: wireValue(value, property, ctx) }
    return jsonResponse(200, body, ctx.negotiated, headers)
  }
  if (value === null || value === undefined) return { status: 204, headers }
  if (property.type.wire === 'binary') {
    if (!accepts(ctx.request.headers, ctx.options.format, ['application/octet-stream'])) throw notAcceptable('application/octet-stream')
    return { status: 200, headers: { ...headers, 'content-type': 'application/octet-stream' }, body: Buffer.from(value as Uint8Array) }
  }
  if (!accepts(ctx.request.headers, ctx.options.format, ['text/plain'])) throw notAcceptable('text/plain')
  return textResponse(200, String(value), 'text/plain;charset=utf-8', headers)
}

/** `/$ref` of a collection or an entity: entity ids only. */
export async function readRefs(of: CollectionTarget | EntityTarget, ctx: HandlerContext): Promise<ODataResponse> {
  const select = ['id', ...of.set.key.map((k) => k.member)]
  const { rows } = await ctx.ops.query({ entity: of.set.entity.qualifiedName, ...(of.filter ? { filter: of.filter } : {}), select, top: of.kind === 'entity' ? 1 : of.set.pageSize })
  const id = (r: Row) => ({ '@odata.id': `${ctx.root}/${entityPath(of.set, r)}` })
  if (of.kind === 'entity') {
    const row = rows[0]
    if (!row) throw notFound(of)
    return jsonResponse(200, { ...contextUrl(ctx, '$ref'), ...id(row) }, ctx.negotiated)
  }
  return jsonResponse(200, { ...contextUrl(ctx, 'Collection($ref)'), value: rows.map(id) }, ctx.negotiated)
}

/** Whether an If-Match / If-None-Match header value holds for an ETag (`*` holds for any). */
export function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  const version = etag.replace(/^W\//, '')
  return header.split(',').some((t) => {
    const tag = t.trim()
    return tag === '*' || tag.replace(/^W\//, '') === version
  })
}

export function notFound(target: EntityTarget) {
  return kernelErrors.create('KERNEL_NOT_FOUND', `no ${target.set.typeName} in ${target.set.name} has that key`, { target: target.set.name })
}

function notAcceptable(type: string) {
  return odataErrors.create('ODATA_NOT_ACCEPTABLE', `this value is served as ${type}; the Accept header does not allow it`, { target: 'Accept' })
}
