import type { ModelIndex } from '../model/index.js'
import type { CrossJoinQuery, Literal } from './ast.js'
import { DEFAULT_LIMITS } from './ast.js'
import { checkCrossJoin } from './check-cross-join.js'
import { resultValue } from './duration-values.js'
import { evaluate, type Bindings, type DataRow, type Dataset, type EvalContext } from './evaluate-expr.js'
import { matchingRows, project, type EvaluateOptions } from './reference-evaluator.js'
import { compareKeys, slicePage, type EvaluationResult } from './row-order.js'
import type { TypedCrossJoin } from './typed-query.js'

/**
 * Runs a cross join over in-memory data, as plainly as possible: every combination of the
 * members' matching objects, filtered, sorted (each member's id last), after the cursor,
 * skip/top; each row holds every member's projected object under its name and the computed
 * values. The oracle of the store's cross-join SQL in the property tests.
 */
export function evaluateCrossJoin(data: Dataset, query: CrossJoinQuery, index: ModelIndex, options: EvaluateOptions = {}): EvaluationResult {
  const typed = checkCrossJoin(query, index, options.limits ?? DEFAULT_LIMITS)
  return evaluateTypedCrossJoin(typed, { data, now: options.now ?? new Date().toISOString() })
}

/** Evaluates an already checked cross join. */
export function evaluateTypedCrossJoin(typed: TypedCrossJoin, ctx: EvalContext): EvaluationResult {
  let tuples: Bindings[] = [new Map()]
  for (const m of typed.members) {
    const rows = matchingRows(ctx.data.get(m.query.entity.qualifiedName) ?? [], m.query, ctx)
    tuples = tuples.flatMap((t) => rows.map((r): Bindings => new Map([...t, [m.name, r]])))
  }
  const matching = typed.filter === undefined ? tuples : tuples.filter((t) => evaluate(typed.filter as NonNullable<typeof typed.filter>, t, ctx) === true)
  const keysOf = (t: Bindings): Literal[] => typed.orderBy.map((s) => evaluate(s.expr, t, ctx))
  let ordered = matching.map((t) => ({ t, keys: keysOf(t) })).sort((x, y) => compareKeys(x.keys, y.keys, typed.orderBy))
  if (typed.after) {
    const after = typed.after
    ordered = ordered.filter((k) => compareKeys(k.keys, after, typed.orderBy) > 0)
  }
  const rows = slicePage(ordered, typed.skip, typed.top).map(({ t }) => {
    const out: Record<string, unknown> = {}
    for (const m of typed.members) out[m.name] = project(t.get(m.name) as DataRow, m.query, ctx)
    for (const c of typed.compute) out[c.alias] = resultValue(evaluate(c.expr, t, ctx), c.expr.info.type)
    return out
  })
  return typed.count ? { rows, count: matching.length } : { rows }
}
