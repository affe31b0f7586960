import type { Literal } from './ast.js'
import { resultValue } from './duration-values.js'
import { evaluate, type DataRow, type EvalContext } from './evaluate-expr.js'
import { compareKeys, slicePage, type EvaluationResult } from './row-order.js'
import { compareValues } from './scalar-semantics.js'
import type { TypedAggregate, TypedAggregation, TypedQuery } from './typed-query.js'
import { ROOT_SCOPE } from './typed-query.js'
import { isIntegral } from './value-types.js'

interface Group {
  readonly keys: readonly Literal[]
  readonly rows: DataRow[]
}

/**
 * Groups the matching rows, aggregates each group, then applies having, the group order,
 * skip and top. Without groupBy there is exactly one group, even over no rows.
 */
export function evaluateAggregation(rows: readonly DataRow[], q: TypedQuery, agg: TypedAggregation, ctx: EvalContext): EvaluationResult {
  const groups = groupRows(rows, agg, ctx)
  const evaluated = groups.map((g) => {
    const aggregates = agg.aggregates.map((a) => aggregateValue(a, g.rows, ctx))
    return { keys: g.keys, aggregates, ctx: { ...ctx, group: { keys: g.keys, aggregates } } }
  })
  const kept = evaluated.filter((g) => agg.having === undefined || evaluate(agg.having, new Map(), g.ctx) === true)
  const keyed = kept.map((g) => ({ g, sort: agg.orderBy.map((s) => evaluate(s.expr, new Map(), g.ctx)) }))
  keyed.sort((x, y) => compareKeys(x.sort, y.sort, agg.orderBy))
  const page = slicePage(keyed, q.skip, q.top).map(({ g }) => {
    const out: Record<string, unknown> = {}
    agg.groupBy.forEach((key, i) => (out[key.name] = g.keys[i] ?? null))
    agg.aggregates.forEach((a, i) => (out[a.alias] = resultValue(g.aggregates[i] ?? null, a.info.type)))
    return out
  })
  return q.count ? { rows: page, count: kept.length } : { rows: page }
}

function groupRows(rows: readonly DataRow[], agg: TypedAggregation, ctx: EvalContext): Group[] {
  if (agg.groupBy.length === 0) return [{ keys: [], rows: [...rows] }]
  const groups = new Map<string, Group>()
  for (const row of rows) {
    const keys = agg.groupBy.map((g) => evaluate(g.member, new Map([[ROOT_SCOPE, row]]), ctx))
    const id = JSON.stringify(keys)
    const group = groups.get(id) ?? { keys, rows: [] }
    group.rows.push(row)
    groups.set(id, group)
  }
  return [...groups.values()]
}

/**
 * One aggregate over a group. Nulls are ignored (as in SQL); sum and avg of nothing are
 * null. A Decimal attribute's sum is rounded to the attribute's scale, as the SQLite
 * compiler does to undo floating-point drift (PostgreSQL sums numeric exactly).
 */
function aggregateValue(a: TypedAggregate, rows: readonly DataRow[], ctx: EvalContext): Literal {
  if (a.op === 'count' && a.expr === undefined) return rows.length
  const expr = a.expr
  if (expr === undefined) return null
  const values = rows.map((r) => evaluate(expr, new Map([[ROOT_SCOPE, r]]), ctx)).filter((v): v is NonNullable<Literal> => v !== null)
  switch (a.op) {
    case 'count':
      return values.length
    case 'countdistinct':
      return new Set(values.map((v) => JSON.stringify(v))).size
    case 'min':
    case 'max': {
      if (values.length === 0) return null
      const sign = a.op === 'min' ? 1 : -1
      return values.reduce((best, v) => (sign * compareValues(v, best) < 0 ? v : best))
    }
    case 'sum':
    case 'avg': {
      if (values.length === 0) return null
      const sum = roundedSum(values as number[], a)
      return a.op === 'sum' ? sum : sum / values.length
    }
  }
}

function roundedSum(values: readonly number[], a: TypedAggregate): number {
  const sum = values.reduce((s, v) => s + v, 0)
  if (isIntegral(a.info.type) || a.info.scale === undefined) return sum
  return Number(sum.toFixed(a.info.scale))
}
