import type { AggregateItem, Expr, PropertyExpr, SortItem } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ApplyStep } from '../parser/index.js'
import type { ODataEntitySet, ODataService } from '../service/service-model.js'
import { rootScope, translateExpr } from './translate-expr.js'
import { searchFilter } from './translate-search.js'

/** A group key of an aggregated result: where the row has it and where the response puts it. */
export interface GroupKey {
  /** Model path joined with `/`, the key of the result row. */
  readonly row: string
  /** External path: nested objects in the response (`Category/Name` → `{ Category: { Name } }`). */
  readonly external: readonly string[]
}

/** `$apply` translated: object filters, and (when it aggregates) the aggregation with its group options. */
export interface AppliedQuery {
  readonly filters: readonly Expr[]
  /** Entity order and top from `topcount`/`bottomcount` when nothing is aggregated. */
  readonly orderBy: readonly SortItem[]
  readonly top?: number
  readonly skip?: number
  readonly aggregation?: {
    readonly groupBy: readonly PropertyExpr[]
    readonly aggregates: readonly AggregateItem[]
    readonly having: readonly Expr[]
    readonly keys: readonly GroupKey[]
    readonly aliases: readonly string[]
  }
}

interface State {
  filters: Expr[]
  orderBy: SortItem[]
  top?: number
  skip?: number
  aggregation?: { groupBy: PropertyExpr[]; aggregates: AggregateItem[]; having: Expr[]; keys: GroupKey[]; aliases: string[] }
}

/**
 * Translates the core of the Data Aggregation extension onto the query AST: `filter` and
 * `search` before grouping, `groupby((paths), aggregate(...))` or `aggregate(...)`, then
 * `filter` (as having), `orderby`, `top`, `skip` on the groups; `topcount`/`bottomcount`
 * over entities. Other transformations are refused (400) naming them.
 */
export function translateApply(steps: readonly ApplyStep[], set: ODataEntitySet, service: ODataService): AppliedQuery {
  const state: State = { filters: [], orderBy: [] }
  for (const step of steps) applyStep(step, state, set, service)
  return {
    filters: state.filters,
    orderBy: state.orderBy,
    ...(state.top !== undefined ? { top: state.top } : {}),
    ...(state.skip !== undefined ? { skip: state.skip } : {}),
    ...(state.aggregation ? { aggregation: state.aggregation } : {}),
  }
}

/** The scope after aggregation: group paths and aliases. */
export function groupScopeAliases(applied: AppliedQuery): ReadonlySet<string> {
  return new Set(applied.aggregation?.aliases ?? [])
}

function applyStep(step: ApplyStep, state: State, set: ODataEntitySet, service: ODataService): void {
  const scope = (aliases: readonly string[] = []) => rootScope(service, set, '$apply', new Set(aliases))
  const agg = state.aggregation
  switch (step.kind) {
    case 'identity':
      return
    case 'filter':
      if (agg) agg.having.push(translateExpr(step.filter, scope(agg.aliases)))
      else state.filters.push(translateExpr(step.filter, scope()))
      return
    case 'search':
      if (agg) throw notImplemented('search after aggregation')
      state.filters.push(searchFilter(step.search, set))
      return
    case 'aggregate':
    case 'groupby':
      if (agg || state.top !== undefined || state.skip !== undefined) throw notImplemented(`${step.kind} after another aggregation or paging`)
      state.aggregation = aggregation(step, set, service)
      return
    case 'orderby':
      state.orderBy = step.orderBy.map((s) => ({ direction: s.direction, expr: translateExpr(s.expr, scope(agg?.aliases)) }))
      return
    case 'top':
      state.top = Math.min(step.count, state.top ?? Infinity)
      return
    case 'skip':
      state.skip = (state.skip ?? 0) + step.count
      return
    case 'topcount':
    case 'bottomcount':
      if (agg) throw notImplemented(`${step.kind} after aggregation`)
      state.orderBy = [{ direction: step.kind === 'topcount' ? 'desc' : 'asc', expr: translateExpr(step.by, scope()) }]
      state.top = countOf(step.threshold, step.kind)
      return
    default:
      throw notImplemented(step.kind)
  }
}

function aggregation(step: Extract<ApplyStep, { kind: 'aggregate' | 'groupby' }>, set: ODataEntitySet, service: ODataService): NonNullable<State['aggregation']> {
  const scope = rootScope(service, set, '$apply')
  const paths = step.kind === 'groupby' ? step.groupBy : []
  const groupBy = paths.map((p) => translateExpr(p, scope) as PropertyExpr)
  const keys = groupBy.map((g, i) => ({ row: g.path.join('/'), external: (paths[i] as PropertyExpr).path }))
  let items: readonly AggregateItem[] = step.kind === 'aggregate' ? step.aggregates : []
  if (step.kind === 'groupby') {
    for (const inner of step.then ?? []) {
      if (inner.kind !== 'aggregate') throw notImplemented(`${inner.kind} inside groupby`)
      items = [...items, ...inner.aggregates]
    }
  }
  const aggregates = items.map((a): AggregateItem => ({ op: a.op, as: a.as, ...(a.expr ? { expr: translateExpr(a.expr, scope) } : {}) }))
  return { groupBy, aggregates, having: [], keys, aliases: [...keys.map((k) => k.external.join('/')), ...aggregates.map((a) => a.as)] }
}

function countOf(threshold: Expr, kind: string): number {
  if (threshold.kind === 'literal' && typeof threshold.value === 'number' && Number.isSafeInteger(threshold.value) && threshold.value >= 0) return threshold.value
  throw odataErrors.create('ODATA_BAD_LITERAL', `$apply: ${kind} needs a non-negative integer count`, { target: kind })
}

function notImplemented(what: string) {
  return odataErrors.create('ODATA_NOT_IMPLEMENTED', `$apply: ${what} is not supported (supported: filter, search, groupby with aggregate, aggregate, orderby, top, skip, topcount, bottomcount, identity)`, { target: '$apply' })
}
