import type { ModelIndex } from '../../model/index.js'
import {
  asciiLower,
  canonicalPattern,
  checkCrossJoin,
  checkCrossJoinLimits,
  checkLimits,
  checkPaging,
  checkQuery,
  normaliseCursorValue,
  normaliseLiteral,
  isCrossJoin,
  type CrossJoinQuery,
  type Literal,
  type Query,
  type QueryLimits,
  type ValueType,
} from '../../query/index.js'
import { BoundedCache } from '../../support/bounded-cache.js'
import { compileCrossJoin } from './compile-cross-join.js'
import type { ExpandPlan } from './compile-expand.js'
import { compilePlan, type QueryPlan } from './compile-plan.js'
import type { CompileOptions, Statement } from './compile-select.js'
import { queryShape, type QueryShape } from './query-shape.js'
import { isSlotParam, SLOT, type SlotParam } from './sql-fragment.js'

/** How many query shapes an engine remembers; the oldest is forgotten first. */
const CAPACITY = 500

const RE_READ: ReadonlySet<ValueType> = new Set(['Date', 'DateTime', 'TimeOfDay', 'Duration', 'UUID', 'Enum'])

/**
 * Plans by query shape. Literals are parameters, so queries that differ only in their
 * values (the common case: the same list screen, the next keyset page) share one plan:
 * a hit re-checks the limits and re-reads each value as its slot's type, and skips type
 * checking and SQL generation. A miss runs both and remembers the result.
 */
export function createPlanCache(index: ModelIndex, limits: QueryLimits, options: CompileOptions): (query: Query | CrossJoinQuery) => QueryPlan {
  const plans = new BoundedCache<QueryPlan>(CAPACITY)
  const compile = (query: Query | CrossJoinQuery, shape: QueryShape): QueryPlan => {
    const check = { slots: shape.literals }
    const compileOptions = { ...options, slots: shape.root }
    if (isCrossJoin(query)) return compileCrossJoin(checkCrossJoin(query, index, limits, check), compileOptions)
    return compilePlan(checkQuery(query, index, limits, check), compileOptions)
  }
  return (query) => {
    const shape = queryShape(query)
    let template = plans.get(shape.key)
    if (template) {
      if (isCrossJoin(query)) checkCrossJoinLimits(query, limits)
      else checkLimits(query, limits)
      checkPaging(query)
      for (const [slot, type] of shape.declared) normaliseLiteral(shape.values[slot] as Literal, type === 'Integer' ? 'Long' : type)
    } else {
      template = plans.set(shape.key, compile(query, shape))
    }
    return instantiate(template, (param) => valueFor(param, shape, index))
  }
}

/** The value of one slot of this query, read as the template needs it. */
function valueFor(param: SlotParam, shape: QueryShape, index: ModelIndex): unknown {
  const slot = param[SLOT]
  const raw = shape.values[slot] as Literal
  switch (shape.kinds[slot]) {
    case 'search':
      return asciiLower(String(raw))
    case 'after':
      return param.info ? normaliseCursorValue(raw, param.info, slot - (shape.root.after ?? 0), index) : raw
    case 'literal': {
      const info = param.info
      if (info?.pattern && typeof raw === 'string') return canonicalPattern(raw)
      if (!info || !RE_READ.has(info.type) || typeof raw !== 'string') return raw
      const enumeration = info.enumeration ? index.enumeration(info.enumeration) : undefined
      return normaliseLiteral(raw, info.type, enumeration ? { enumeration } : {})
    }
    default:
      return raw
  }
}

function fill(statement: Statement, value: (param: SlotParam) => unknown): Statement {
  return { sql: statement.sql, params: statement.params.map((p) => (isSlotParam(p) ? value(p) : p)) }
}

function instantiateExpand(plan: ExpandPlan, value: (param: SlotParam) => unknown): ExpandPlan {
  return {
    ...plan,
    statement: fill(plan.statement, value),
    ...(plan.count ? { count: fill(plan.count, value) } : {}),
    expands: plan.expands.map((e) => instantiateExpand(e, value)),
  }
}

/** The plan with every slot replaced by this query's value. */
export function instantiate(plan: QueryPlan, value: (param: SlotParam) => unknown): QueryPlan {
  return {
    ...plan,
    main: fill(plan.main, value),
    ...(plan.count ? { count: fill(plan.count, value) } : {}),
    expands: plan.expands.map((e) => instantiateExpand(e, value)),
  }
}
