import type { Expr, Query, SubQuery } from '../../../query/index.js'
import { decodeSkipToken, type SkipToken } from '../query/skip-token.js'
import { translateApply, type AppliedQuery } from '../query/translate-apply.js'
import { rootScope, translateExpr } from '../query/translate-expr.js'
import { translateLevel } from '../query/translate-options.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { contextUrl, jsonResponse, textResponse, type HandlerContext, type ODataResponse } from './handler-context.js'
import { requestLevel } from './level-cache.js'
import { preferenceApplied } from './negotiate.js'
import { cursorOf, nextLink, pageSizeOf, withCursor } from './paging.js'
import { deltaLink, readDelta, trackable } from './read-delta.js'
import type { CollectionTarget } from './resolve-target.js'
import { collectionOperations, entityJson, groupJson, projection } from './serialize.js'

const all = (filters: readonly (Expr | undefined)[]): Expr | undefined => {
  const list = filters.filter((f): f is Expr => f !== undefined)
  return list.length === 0 ? undefined : list.length === 1 ? list[0] : { kind: 'and', operands: list }
}

/**
 * Reads a collection with server-driven paging: a page is at most the page size; when more
 * rows exist the response carries a next link whose skip token holds the keyset cursor of
 * the last row, so rows inserted or deleted between pages are neither skipped nor repeated.
 */
export async function readCollection(target: CollectionTarget, ctx: HandlerContext): Promise<ODataResponse> {
  const o = ctx.options
  if (o.deltaToken !== undefined) return readDelta(target, ctx)
  const applied = o.apply ? translateApply(o.apply, target.set, ctx.service) : undefined
  if (applied?.aggregation) return readGroups(target, applied, ctx)
  const level = requestLevel(ctx, target.set, 'collection', () => o)
  const sub: SubQuery = applied?.orderBy.length ? { ...level.sub, orderBy: [...applied.orderBy, ...(level.sub.orderBy ?? [])] } : level.sub
  const token = o.skipToken === undefined ? undefined : decodeSkipToken(o.skipToken)
  const requested = token ? token.remaining : min(o.top, applied?.top)
  const page = pageSizeOf(ctx, target.set.pageSize)
  const size = Math.min(requested ?? Infinity, page.size)
  const cursor = withCursor(sub)
  // The horizon is taken before the first page is read: a change made while the client pages is in the first delta.
  const delta = token ? token.delta : ctx.negotiated.prefer.trackChanges && trackable(target.set, o) ? await ctx.changes.horizon() : undefined
  const query: Query = {
    entity: target.set.entity.qualifiedName,
    ...cursor.sub,
    ...definedFilter(all([target.filter, ...(applied?.filters ?? []), sub.filter])),
    top: requested !== undefined && requested <= page.size ? requested : size + 1,
    ...(token?.after ? { after: token.after, skip: undefined } : { skip: (o.skip ?? 0) + (applied?.skip ?? 0) || undefined }),
  }
  const result = await ctx.ops.query(query)
  const more = result.rows.length > size
  const rows = more ? result.rows.slice(0, size) : result.rows
  const last = rows[rows.length - 1]
  const next: SkipToken | undefined =
    more && last ? { after: cursorOf(last, cursor.keys), ...(requested !== undefined ? { remaining: requested - rows.length } : {}), ...(delta ? { delta } : {}) } : undefined
  const body = {
    ...contextUrl(ctx, `${target.set.name}${projection(level.shape, ctx.negotiated.version)}`),
    ...(result.count !== undefined ? { '@odata.count': result.count } : {}),
    ...(target.filter || target.parent ? {} : collectionOperations(target.set, ctx)),
    value: rows.map((r) => entityJson(r, level.shape, ctx)),
    ...(next ? { '@odata.nextLink': nextLink(ctx, next) } : delta ? { '@odata.deltaLink': deltaLink(ctx, { from: delta }) } : {}),
  }
  const honoured = [...(page.applied ? [`odata.maxpagesize=${page.size}`] : []), ...(delta ? ['odata.track-changes'] : [])]
  return jsonResponse(200, body, ctx.negotiated, preferenceApplied(honoured))
}

/** `$apply` with aggregation: groups are paged by position (there is no keyset over groups). */
async function readGroups(target: CollectionTarget, applied: AppliedQuery, ctx: HandlerContext): Promise<ODataResponse> {
  const o = ctx.options
  const agg = applied.aggregation as NonNullable<AppliedQuery['aggregation']>
  const token = o.skipToken === undefined ? undefined : decodeSkipToken(o.skipToken)
  const requested = token ? token.remaining : min(o.top, applied.top)
  const page = pageSizeOf(ctx, target.set.pageSize)
  const size = Math.min(requested ?? Infinity, page.size)
  const skip = token ? (token.skip ?? 0) : (applied.skip ?? 0) + (o.skip ?? 0)
  const { having, orderBy } = groupOptions(applied, target.set, ctx)
  const query: Query = {
    entity: target.set.entity.qualifiedName,
    ...definedFilter(all([target.filter, ...applied.filters])),
    aggregate: { groupBy: agg.groupBy, aggregates: agg.aggregates, ...definedHaving(all([...agg.having, ...having])) },
    ...(orderBy.length ? { orderBy } : {}),
    top: size + 1,
    ...(skip ? { skip } : {}),
    ...(o.count ? { count: true } : {}),
  }
  const result = await ctx.ops.query(query)
  const more = result.rows.length > size
  const rows = more ? result.rows.slice(0, size) : result.rows
  const next = more ? { skip: skip + rows.length, ...(requested !== undefined ? { remaining: requested - rows.length } : {}) } : undefined
  const aliases = agg.aggregates.map((a) => a.as)
  const props = [...agg.keys.map((k) => k.external[0] as string), ...aliases]
  const body = {
    ...contextUrl(ctx, `${target.set.name}(${[...new Set(props)].join(',')})`),
    ...(result.count !== undefined ? { '@odata.count': result.count } : {}),
    value: rows.map((r) => groupJson(r, agg.keys, aliases)),
    ...(next ? { '@odata.nextLink': nextLink(ctx, next) } : {}),
  }
  return jsonResponse(200, body, ctx.negotiated, preferenceApplied(page.applied ? [`odata.maxpagesize=${page.size}`] : []))
}

/** Top-level `$filter` and `$orderby` apply to the groups after `$apply`, naming group paths and aliases. */
function groupOptions(applied: AppliedQuery, set: ODataEntitySet, ctx: HandlerContext): { having: Expr[]; orderBy: NonNullable<Query['orderBy']> } {
  const o = ctx.options
  const aliases = new Set(applied.aggregation?.aliases ?? [])
  const scope = (option: string) => rootScope(ctx.service, set, option, aliases)
  return {
    having: o.filter ? [translateExpr(o.filter, scope('$filter'))] : [],
    orderBy: [...applied.orderBy, ...(o.orderBy ?? []).map((s) => ({ direction: s.direction, expr: translateExpr(s.expr, scope('$orderby')) }))],
  }
}

function min(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b)
}

const definedFilter = (filter: Expr | undefined) => (filter ? { filter } : {})
const definedHaving = (having: Expr | undefined) => (having ? { having } : {})

/** `/$count`: the number of entities matching `$filter` and `$search`, as plain text. */
export async function readCount(target: CollectionTarget, ctx: HandlerContext): Promise<ODataResponse> {
  const level = translateLevel(target.set, { ...(ctx.options.filter ? { filter: ctx.options.filter } : {}), ...(ctx.options.search ? { search: ctx.options.search } : {}) }, ctx)
  const result = await ctx.ops.query({ entity: target.set.entity.qualifiedName, ...definedFilter(all([target.filter, level.sub.filter])), select: ['id'], count: true, top: 0 })
  return textResponse(200, String(result.count ?? 0))
}

