import type { ModelIndex } from '../model/index.js'
import type { Literal, Query, QueryLimits } from './ast.js'
import { DEFAULT_LIMITS } from './ast.js'
import { resultValue } from './duration-values.js'
import { evaluateAggregation } from './evaluate-aggregation.js'
import { evaluate, followMany, followOne, type Bindings, type DataRow, type Dataset, type EvalContext } from './evaluate-expr.js'
import { compareKeys, slicePage, type EvaluationResult } from './row-order.js'
import { asciiLower } from './scalar-semantics.js'
import { checkQuery } from './typecheck.js'
import type { TypedExpand, TypedQuery, TypedSearch, TypedSortItem, TypedSubQuery } from './typed-query.js'
import { COUNT_SUFFIX, ROOT_SCOPE } from './typed-query.js'

export type { Dataset, DataRow } from './evaluate-expr.js'
export type { EvaluationResult } from './row-order.js'

/** Options of `evaluateQuery`. */
export interface EvaluateOptions {
  readonly limits?: QueryLimits
  /** The value of `now()`, canonical ISO text; the current time when absent. */
  readonly now?: string
}

/**
 * Runs a query over in-memory data with the same meaning as the SQL the store generates,
 * written as plainly as possible: filter, sort (id last), keyset cursor, skip/top, select,
 * compute, expand, aggregation. It is the oracle of the property tests that compare SQLite
 * and PostgreSQL against it, and a way for flows to query data they hold in memory.
 */
export function evaluateQuery(data: Dataset, query: Query, index: ModelIndex, options: EvaluateOptions = {}): EvaluationResult {
  const typed = checkQuery(query, index, options.limits ?? DEFAULT_LIMITS)
  const ctx: EvalContext = { data, now: options.now ?? new Date().toISOString() }
  return evaluateTyped(typed, ctx)
}

/** Evaluates an already checked query. */
export function evaluateTyped(typed: TypedQuery, ctx: EvalContext): EvaluationResult {
  const matching = matchingRows(ctx.data.get(typed.entity.qualifiedName) ?? [], typed, ctx)
  if (typed.aggregate) return evaluateAggregation(matching, typed, typed.aggregate, ctx)
  let ordered = sortRows(matching, typed.orderBy, ctx)
  if (typed.after) {
    const after = typed.after
    ordered = ordered.filter((r) => compareKeys(sortKeys(r, typed.orderBy, ctx), after, typed.orderBy) > 0)
  }
  const page = slicePage(ordered, typed.skip, typed.top)
  const rows = page.map((r) => project(r, typed, ctx))
  return typed.count ? { rows, count: matching.length } : { rows }
}

const rootBindings = (row: DataRow): Bindings => new Map([[ROOT_SCOPE, row]])

/** Rows that pass the filter and the search. */
export function matchingRows(rows: readonly DataRow[], q: TypedSubQuery, ctx: EvalContext): DataRow[] {
  return rows.filter((r) => (q.filter === undefined || evaluate(q.filter, rootBindings(r), ctx) === true) && matchesSearch(r, q.search))
}

/** Every term occurs, ASCII case-insensitively, in at least one String/Text attribute. */
function matchesSearch(row: DataRow, search: TypedSearch | undefined): boolean {
  if (!search) return true
  return search.terms.every((term) =>
    search.attributes.some((a) => {
      const v = row[a.name]
      return typeof v === 'string' && asciiLower(v).includes(term)
    }),
  )
}

function sortKeys(row: DataRow, orderBy: readonly TypedSortItem[], ctx: EvalContext): Literal[] {
  return orderBy.map((s) => evaluate(s.expr, rootBindings(row), ctx))
}

export function sortRows(rows: readonly DataRow[], orderBy: readonly TypedSortItem[], ctx: EvalContext): DataRow[] {
  const keyed = rows.map((row) => ({ row, keys: sortKeys(row, orderBy, ctx) }))
  keyed.sort((x, y) => compareKeys(x.keys, y.keys, orderBy))
  return keyed.map((k) => k.row)
}

/** The selected members, computed values and expanded navigations of one row. */
export function project(row: DataRow, q: TypedSubQuery, ctx: EvalContext): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const m of q.select) {
    const name = m.target.kind === 'attribute' ? m.target.attribute.name : m.target.association.name
    out[m.name] = row[name] ?? null
  }
  for (const c of q.compute) out[c.alias] = resultValue(evaluate(c.expr, rootBindings(row), ctx), c.expr.info.type)
  for (const e of q.expand) expandInto(out, row, e, ctx)
  return out
}

function expandInto(out: Record<string, unknown>, row: DataRow, e: TypedExpand, ctx: EvalContext): void {
  const q = e.query
  const name = e.navigation.name
  if (e.navigation.cardinality === 'one') {
    const target = followOne(ctx, row, e.navigation)
    out[name] = target !== null && matchingRows([target], q, ctx).length === 1 ? project(target, q, ctx) : null
    return
  }
  const matching = matchingRows(followMany(ctx, row, e.navigation), q, ctx)
  out[name] = slicePage(sortRows(matching, q.orderBy, ctx), q.skip, q.top).map((r) => project(r, q, ctx))
  if (q.count) out[`${name}${COUNT_SUFFIX}`] = matching.length
}
