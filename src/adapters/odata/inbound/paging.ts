import type { Row } from '../../../kernel/index.js'
import type { ComputeItem, Literal, SortItem, SubQuery } from '../../../query/index.js'
import { encodeSkipToken, type SkipToken } from '../query/skip-token.js'
import type { HandlerContext } from './handler-context.js'

/** Where each sort key's value is found in a result row. */
export interface Cursor {
  readonly sub: SubQuery
  readonly keys: readonly string[]
}

/**
 * Makes the sort keys readable from the rows, so the last row of a page gives the keyset
 * cursor: a sort key that is a member is selected, any other expression is computed under
 * a private alias. The id (always the last sort key) is always selected.
 */
export function withCursor(sub: SubQuery): Cursor {
  const extra: ComputeItem[] = []
  const select = new Set(sub.select ?? [])
  const computed = new Set((sub.compute ?? []).map((c) => c.as))
  const keys = (sub.orderBy ?? []).map((s: SortItem, i) => {
    const e = s.expr
    if (e.kind === 'property' && e.variable === undefined && e.path.length === 1) {
      const name = e.path[0] as string
      select.add(name)
      return name
    }
    const alias = `_pk${i}`
    extra.push({ as: alias, expr: e })
    select.add(alias)
    return alias
  })
  const compute = [...(sub.compute ?? []), ...extra]
  for (const c of computed) select.add(c)
  return { sub: { ...sub, select: [...select], ...(compute.length ? { compute } : {}) }, keys }
}

/** The cursor of a row: its sort-key values, then its id. */
export function cursorOf(row: Row, keys: readonly string[]): Literal[] {
  const value = (v: unknown): Literal => (v !== null && typeof v === 'object' ? ((v as Row).id as Literal) : (v as Literal) ?? null)
  return [...keys.map((k) => value(row[k])), row.id as Literal]
}

/** The page size: the set's, narrowed by `Prefer: maxpagesize` and the service's maximum. */
export function pageSizeOf(ctx: HandlerContext, setPageSize: number): { size: number; applied: boolean } {
  const asked = ctx.negotiated.prefer.maxPageSize
  // One row more than the page is read to know whether another page follows; that row must fit under maxTop.
  const size = Math.min(asked ?? setPageSize, ctx.service.maxPageSize, ctx.limits.maxTop - 1)
  return { size, applied: asked !== undefined }
}

/** The next link: the request's own options without paging, plus a skip token. */
export function nextLink(ctx: HandlerContext, token: SkipToken): string {
  const kept = ctx.request.query
    .split('&')
    .filter((part) => part !== '' && !/^(\$|%24)(skip|top|skiptoken)=/i.test(part))
  kept.push(`$skiptoken=${encodeSkipToken(token)}`)
  return `${ctx.root}${ctx.request.path}?${kept.join('&')}`
}
