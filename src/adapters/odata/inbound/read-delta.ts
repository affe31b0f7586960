import type { ChangedObject, Row } from '../../../kernel/index.js'
import type { Expr, Query } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { QueryOptions } from '../parser/index.js'
import { decodeDeltaToken, encodeDeltaToken, type DeltaToken } from '../query/delta-token.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { entityPath } from './entity-url.js'
import { contextUrl, jsonResponse, type HandlerContext, type ODataResponse } from './handler-context.js'
import { requestLevel } from './level-cache.js'
import { preferenceApplied } from './negotiate.js'
import { pageSizeOf } from './paging.js'
import type { CollectionTarget } from './resolve-target.js'
import { entityJson, projection } from './serialize.js'

/** Ids per query: an `in` list well inside the query layer's limits, beside the defining filter. */
const ID_CHUNK = 50

/**
 * Whether a collection request can define a delta: a set with change tracking, and no options
 * but `$filter`, `$select` and `$search` (a delta of an ordered, cut, aggregated or expanded
 * result would not be the changes of that result).
 */
export function trackable(set: ODataEntitySet, o: QueryOptions): boolean {
  return (
    set.capabilities.changeTracking &&
    set.key.length === 1 &&
    set.key[0]?.member === 'id' &&
    !o.orderBy?.length && o.top === undefined && o.skip === undefined && !o.expand?.length &&
    !o.apply?.length && !o.compute?.length && !o.count
  )
}

/** The defining query of a delta: the request's options without paging tokens, in a canonical order. */
export function definingQuery(ctx: HandlerContext): { parts: string[]; key: string } {
  const parts = ctx.request.query.split('&').filter((part) => part !== '' && !/^(\$|%24)(skiptoken|deltatoken)=/i.test(part))
  return { parts, key: `${ctx.request.path}?${[...parts].sort().join('&')}` }
}

/** The link that continues a delta (or starts the next one): the defining query plus a delta token. */
export function deltaLink(ctx: HandlerContext, token: DeltaToken): string {
  const { parts, key } = definingQuery(ctx)
  return `${ctx.root}${ctx.request.path}?${[...parts, `$deltatoken=${encodeDeltaToken(token, key)}`].join('&')}`
}

/**
 * `GET <defining query>&$deltatoken=…`: the entities added or changed since the token's
 * horizon, in the defining query's shape; those deleted, or changed so they no longer
 * satisfy its filter, as removed entries; then a delta link to the next delta. A large delta
 * is paged by object id; every page reaches the same horizon. An object that changed again
 * after that horizon is left to the next delta, which shows its newer state: no change is
 * shown twice or lost, however transactions interleave.
 */
export async function readDelta(target: CollectionTarget, ctx: HandlerContext): Promise<ODataResponse> {
  const set = target.set
  const token = decodeDeltaToken(ctx.options.deltaToken as string, definingQuery(ctx).key)
  if (!trackable(set, ctx.options)) throw odataErrors.create('ODATA_BAD_DELTATOKEN', `$deltatoken: ${set.name} does not track changes of this query`, { target: '$deltatoken' })
  const entity = set.entity.qualifiedName
  const to = token.to ?? (await ctx.changes.horizon())
  const page = pageSizeOf(ctx, set.pageSize)
  const changed = await ctx.changes.changed(ctx.ops.principal, entity, { from: token.from, to, ...(token.after ? { after: token.after } : {}), limit: page.size + 1 })
  if (!(await ctx.changes.retains(token.from))) {
    throw odataErrors.create('ODATA_DELTA_EXPIRED', `$deltatoken: the changes since this delta link are no longer kept; read ${set.name} again with Prefer: odata.track-changes`, { target: '$deltatoken' })
  }
  const more = changed.length > page.size
  const objects = more ? changed.slice(0, page.size) : changed
  const level = requestLevel(ctx, set, 'collection', () => ctx.options)
  const filter = target.filter && level.sub.filter ? { kind: 'and', operands: [target.filter, level.sub.filter] } as Expr : target.filter ?? level.sub.filter
  const ids = objects.map((o) => o.id)
  const current = await rowsWithIds(ctx, { entity, ...level.sub }, filter, ids)
  const missing = ids.filter((id) => !current.has(id))
  const existing = await rowsWithIds(ctx, { entity, select: ['id'] }, undefined, missing)
  // Read after the rows: a change committed since the horizon, even one the rows above already show, is found here.
  const later = await ctx.changes.changedAfter(entity, ids, to)
  const value = objects.flatMap((o) => (later.has(o.id) ? [] : entryOf(o, current.get(o.id), existing.has(o.id), level.shape, ctx)))
  const last = objects[objects.length - 1]
  const link = more && last ? { '@odata.nextLink': deltaLink(ctx, { from: token.from, to, after: last.id }) } : { '@odata.deltaLink': deltaLink(ctx, { from: to }) }
  const body = { ...contextUrl(ctx, `${set.name}${projection(level.shape, ctx.negotiated.version)}/$delta`), value, ...link }
  return jsonResponse(200, body, ctx.negotiated, preferenceApplied(page.applied ? [`odata.maxpagesize=${page.size}`] : []))
}

/** The rows of the ids that satisfy the filter, by id. */
async function rowsWithIds(ctx: HandlerContext, base: Query, filter: Expr | undefined, ids: readonly number[]): Promise<Map<number, Row>> {
  const out = new Map<number, Row>()
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    const chunk = ids.slice(start, start + ID_CHUNK)
    const byId: Expr = { kind: 'in', operand: { kind: 'property', path: ['id'] }, values: chunk.map((id) => ({ kind: 'literal', value: id })) }
    const query: Query = { ...base, filter: filter ? { kind: 'and', operands: [filter, byId] } : byId, top: chunk.length }
    for (const row of (await ctx.ops.query(query)).rows) out.set(row.id as number, row)
  }
  return out
}

/**
 * One delta entry: the entity as the defining query shows it, or a removed entry. An object
 * created and removed since the horizon is still reported removed: the initial read, which
 * starts after its horizon is taken, may have shown it (clients ignore unknown removed ones).
 */
function entryOf(o: ChangedObject, row: Row | undefined, exists: boolean, shape: Parameters<typeof entityJson>[1], ctx: HandlerContext): Record<string, unknown>[] {
  const id = `${ctx.root}/${entityPath(shape.set, row ?? { id: o.id })}`
  if (row) return [entityJson(row, shape, ctx, { '@odata.id': id })]
  const reason = exists ? 'changed' : 'deleted'
  if (ctx.negotiated.version === '4.0') return [{ '@odata.context': `${ctx.root}/$metadata#${shape.set.name}/$deletedEntity`, id, reason }]
  return [{ '@removed': { reason }, '@odata.id': id }]
}
