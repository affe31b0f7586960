import { isPorticoError } from '../../../errors/index.js'
import type { Query } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { QueryOptions } from '../parser/index.js'
import { decodeSkipToken, type SkipToken } from '../query/skip-token.js'
import { translateLevel, type LevelOptions, type Shape } from '../query/translate-options.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { entityPath } from './entity-url.js'
import { contextUrl, jsonResponse, type HandlerContext, type ODataResponse } from './handler-context.js'
import { preferenceApplied } from './negotiate.js'
import { cursorOf, nextLink, pageSizeOf, withCursor, type Cursor } from './paging.js'
import { entityJson } from './serialize.js'

/** One entity set taking part in `$all`: its translated options and how its rows are written. */
interface Part {
  readonly set: ODataEntitySet
  readonly filter: Query['filter']
  readonly cursor: Cursor
  readonly shape: Shape
}

/**
 * `GET $all` (OData URL conventions 4.01 §4.14): the entities of every set the caller may
 * read, set after set in the order of the service document, each by its key order, each
 * with `@odata.type` and `@odata.id`. `$all/Ns.Type` keeps the sets of that type. Paged
 * server-side: the skip token names the set the next page starts in and the keyset cursor
 * within it. Without a type cast, `$filter` and `$search` apply per set and a set whose type
 * lacks a property the filter names (or that does not allow the option) contributes nothing.
 */
export async function readAll(cast: string | undefined, ctx: HandlerContext): Promise<ODataResponse> {
  const o = ctx.options
  const parts = partsOf(cast, o, ctx)
  const token = o.skipToken === undefined ? undefined : decodeSkipToken(o.skipToken)
  const requested = token ? token.remaining : o.top
  const page = pageSizeOf(ctx, Math.min(...parts.map((p) => p.set.pageSize), ctx.service.maxPageSize))
  const capped = requested !== undefined && requested <= page.size
  const size = Math.min(requested ?? Infinity, page.size)
  const start = token?.set === undefined ? 0 : parts.findIndex((p) => p.set.name === token.set)
  if (start < 0) throw odataErrors.create('ODATA_BAD_SKIPTOKEN', '$skiptoken: not a token this service issued; follow @odata.nextLink as given', { target: '$skiptoken' })
  const served: { part: Part; row: Record<string, unknown> }[] = []
  let skipLeft = token ? 0 : (o.skip ?? 0)
  let next: SkipToken | undefined
  for (let i = start; i < parts.length && (served.length < size || !capped); i++) {
    const part = parts[i] as Part
    let skip = 0
    if (skipLeft > 0) {
      const n = await countOf(part, ctx)
      if (skipLeft >= n) {
        skipLeft -= n
        continue
      }
      ;[skip, skipLeft] = [skipLeft, 0]
    }
    const need = size - served.length
    const after = i === start ? token?.after : undefined
    const query: Query = { entity: part.set.entity.qualifiedName, ...part.cursor.sub, ...(part.filter ? { filter: part.filter } : {}), top: capped ? need : need + 1, ...(after ? { after } : skip ? { skip } : {}) }
    const { rows } = await ctx.ops.query(query)
    for (const row of rows.slice(0, need)) served.push({ part, row })
    if (rows.length > need) {
      const last = need > 0 ? rows[need - 1] : undefined
      next = { set: part.set.name, ...(last ? { after: cursorOf(last, part.cursor.keys) } : {}), ...(requested !== undefined ? { remaining: requested - served.length } : {}) }
      break
    }
  }
  const count = o.count ? (await Promise.all(parts.map((p) => countOf(p, ctx)))).reduce((a, b) => a + b, 0) : undefined
  const body = {
    ...contextUrl(ctx, `Collection(${cast ?? 'Edm.EntityType'})`),
    ...(count !== undefined ? { '@odata.count': count } : {}),
    value: served.map(({ part, row }) => entityOf(row, part, ctx)),
    ...(next ? { '@odata.nextLink': nextLink(ctx, next) } : {}),
  }
  return jsonResponse(200, body, ctx.negotiated, preferenceApplied(page.applied ? [`odata.maxpagesize=${page.size}`] : []))
}

const WITHOUT_CAST = ['orderBy', 'expand', 'compute'] as const

/** The sets `$all` reads, with their options; refusals of one set only drop it when there is no type cast. */
function partsOf(cast: string | undefined, o: QueryOptions, ctx: HandlerContext): Part[] {
  const typeOf = (set: ODataEntitySet) => `${ctx.service.namespace}.${set.typeName}`
  const sets = ctx.service.sets.filter((s) => cast === undefined || typeOf(s) === cast)
  if (cast !== undefined && sets.length === 0) {
    const types = [...new Set(ctx.service.sets.map(typeOf))].join(', ')
    throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `$all/${cast}: ${cast} is not an entity type of this service; types: ${types}`, { target: cast })
  }
  if (o.apply) throw odataErrors.create('ODATA_NOT_IMPLEMENTED', '$apply is not supported on $all', { target: '$apply' })
  if (cast === undefined) {
    for (const name of WITHOUT_CAST) {
      if (o[name]?.length) throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `$${name.toLowerCase()} on $all needs a type cast ($all/Ns.Type)`, { target: `$${name.toLowerCase()}` })
    }
    if (o.select?.some((s) => s.kind !== 'star')) throw odataErrors.create('ODATA_NOT_IMPLEMENTED', '$select on $all takes only * without a type cast ($all/Ns.Type)', { target: '$select' })
  }
  if (o.top !== undefined && o.top > ctx.limits.maxTop) throw odataErrors.create('ODATA_LIMIT_EXCEEDED', `$top ${o.top} is more than the allowed ${ctx.limits.maxTop}`, { target: '$top' })
  const options: LevelOptions = { ...o, top: undefined, skip: undefined, count: undefined }
  const parts: Part[] = []
  let refusal: unknown
  for (const set of sets) {
    const readable = ctx.ops.readable(set.entity.qualifiedName)
    if (readable !== 'all' && readable.size === 0) continue
    try {
      const { sub, shape } = translateLevel(set, options, ctx)
      const { filter, ...rest } = sub
      parts.push({ set, filter, cursor: withCursor(rest), shape })
    } catch (error) {
      if (cast !== undefined || !isPorticoError(error) || (error.code !== 'ODATA_UNKNOWN_PROPERTY' && error.code !== 'ODATA_NOT_ALLOWED')) throw error
      refusal ??= error
    }
  }
  if (parts.length === 0 && refusal) throw refusal
  return parts
}

async function countOf(part: Part, ctx: HandlerContext): Promise<number> {
  const { count } = await ctx.ops.query({ entity: part.set.entity.qualifiedName, ...(part.filter ? { filter: part.filter } : {}), select: ['id'], count: true, top: 0 })
  return count ?? 0
}

function entityOf(row: Record<string, unknown>, part: Part, ctx: HandlerContext): Record<string, unknown> {
  // The context URL names no entity set, so every entity says its type and id.
  const head: Record<string, unknown> = ctx.negotiated.metadata === 'none' ? {} : { '@odata.type': `#${ctx.service.namespace}.${part.set.typeName}`, '@odata.id': `${ctx.root}/${entityPath(part.set, row)}` }
  return entityJson(row, part.shape, ctx, head)
}
