import type { Row } from '../../../kernel/index.js'
import type { ComputeItem, CrossJoinQuery, Literal } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import { decodeSkipToken, type SkipToken } from '../query/skip-token.js'
import { translateCrossJoin } from '../query/translate-cross-join.js'
import type { Shape } from '../query/translate-options.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { entityPath } from './entity-url.js'
import { contextUrl, jsonResponse, type HandlerContext, type ODataResponse } from './handler-context.js'
import { preferenceApplied } from './negotiate.js'
import { nextLink, pageSizeOf } from './paging.js'
import { entityJson } from './serialize.js'

/**
 * `GET $crossjoin(Products,Categories)` (OData URL conventions 4.01 §4.15): a collection
 * of complex instances, one navigation per set: the entity inline when the set is expanded,
 * otherwise a navigation link to it. Paged like a collection: the skip token holds the
 * keyset cursor of the last row (its sort-key values, then the id of each set's entity).
 */
export async function readCrossJoin(names: readonly string[], ctx: HandlerContext): Promise<ODataResponse> {
  const sets = crossJoinSets(names, ctx)
  const o = ctx.options
  const t = translateCrossJoin(sets, o, ctx)
  const token = o.skipToken === undefined ? undefined : decodeSkipToken(o.skipToken)
  const requested = token ? token.remaining : o.top
  const page = pageSizeOf(ctx, Math.min(...sets.map((s) => s.pageSize)))
  const size = Math.min(requested ?? Infinity, page.size)
  // Each sort key is also computed, so the last row of the page gives the cursor.
  const keys = t.orderBy.map((s, i): ComputeItem => ({ as: `_pk${i}`, expr: s.expr }))
  const query: CrossJoinQuery = {
    kind: 'crossJoin',
    members: t.members,
    ...(t.filter ? { filter: t.filter } : {}),
    ...(t.orderBy.length ? { orderBy: t.orderBy, compute: keys } : {}),
    top: requested !== undefined && requested <= page.size ? requested : size + 1,
    ...(token?.after ? { after: token.after } : o.skip ? { skip: o.skip } : {}),
    ...(o.count ? { count: true } : {}),
  }
  const result = await ctx.ops.crossJoin(query)
  const more = result.rows.length > size
  const rows = more ? result.rows.slice(0, size) : result.rows
  const last = rows[rows.length - 1]
  const after = (row: Row): Literal[] => [...keys.map((k) => (row[k.as] ?? null) as Literal), ...sets.map((s) => (row[s.name] as Row).id as Literal)]
  const next: SkipToken | undefined = more && last ? { after: after(last), ...(requested !== undefined ? { remaining: requested - rows.length } : {}) } : undefined
  const body = {
    ...contextUrl(ctx, 'Collection(Edm.ComplexType)'),
    ...(result.count !== undefined ? { '@odata.count': result.count } : {}),
    value: rows.map((r) => rowJson(r, sets, t.expanded, ctx)),
    ...(next ? { '@odata.nextLink': nextLink(ctx, next) } : {}),
  }
  return jsonResponse(200, body, ctx.negotiated, preferenceApplied(page.applied ? [`odata.maxpagesize=${page.size}`] : []))
}

/** The sets named; a set named twice is refused by the query layer (QUERY_BAD_ARGUMENTS). */
function crossJoinSets(names: readonly string[], ctx: HandlerContext): ODataEntitySet[] {
  return names.map((name) => {
    const set = ctx.service.set.get(name)
    if (!set) throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `$crossjoin: ${name} is not an entity set of this service; sets: ${ctx.service.sets.map((s) => s.name).join(', ')}`, { target: name })
    return set
  })
}

/** One row: each expanded set's entity under the set's name, a navigation link for the others. */
function rowJson(row: Row, sets: readonly ODataEntitySet[], expanded: ReadonlyMap<string, Shape>, ctx: HandlerContext): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const metadata = ctx.negotiated.metadata
  for (const set of sets) {
    const entity = row[set.name] as Row
    const shape = expanded.get(set.name)
    if (shape) {
      // The context URL names no entity set for these entities, so their id is always written.
      const head: Record<string, unknown> = metadata === 'none' ? {} : { '@odata.id': `${ctx.root}/${entityPath(set, entity)}` }
      out[set.name] = entityJson(entity, shape, ctx, head)
    } else if (metadata !== 'none') {
      out[`${set.name}@odata.navigationLink`] = entityPath(set, entity)
    }
  }
  return out
}
