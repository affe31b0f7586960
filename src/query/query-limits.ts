import type { CrossJoinQuery, Expr, Query, QueryLimits, SubQuery } from './ast.js'
import { DEFAULT_MAX_CROSS_JOIN_MEMBERS } from './ast.js'
import { queryErrors } from './errors.js'

/**
 * Size limits, checked on the raw query before anything else so that a hostile query
 * (a huge `in` list, deeply nested lambdas, a wide expand tree) costs almost nothing to
 * refuse. Every expression node of the whole query (filters, sort keys, computes,
 * aggregates, expands) counts towards `maxFilterNodes`, each search term as one node.
 */
export function checkLimits(query: Query, limits: QueryLimits): void {
  const counter = { nodes: 0 }
  checkSubQuery(query, limits, counter, 0)
  if (query.aggregate) {
    for (const g of query.aggregate.groupBy) countExpr(g, limits, counter, 0)
    for (const a of query.aggregate.aggregates) if (a.expr) countExpr(a.expr, limits, counter, 0)
    if (query.aggregate.having) countExpr(query.aggregate.having, limits, counter, 0)
  }
}

/**
 * The limits of a cross join: at most `maxCrossJoinMembers` members, and the node budget
 * shared by its own filter, sort keys and computes and every member's filter and expands.
 */
export function checkCrossJoinLimits(query: CrossJoinQuery, limits: QueryLimits): void {
  const most = limits.maxCrossJoinMembers ?? DEFAULT_MAX_CROSS_JOIN_MEMBERS
  const members = Array.isArray(query.members) ? query.members : []
  if (members.length > most) throw exceeded(`a cross join has ${members.length} members; at most ${most} are allowed`, 'members')
  const counter = { nodes: 0 }
  const { members: _members, kind: _kind, after: _after, ...own } = query
  checkSubQuery(own, limits, counter, 0)
  for (const m of members) checkSubQuery({ ...(m.filter ? { filter: m.filter } : {}), ...(m.expand ? { expand: m.expand } : {}) }, limits, counter, 0)
}

interface Counter {
  nodes: number
}

function exceeded(message: string, target: string) {
  return queryErrors.create('QUERY_LIMIT_EXCEEDED', message, { target })
}

function checkSubQuery(q: SubQuery, limits: QueryLimits, counter: Counter, depth: number): void {
  if (q.top !== undefined && q.top > limits.maxTop) {
    throw exceeded(`top ${q.top} is more than the allowed ${limits.maxTop}; page with skip or after`, 'top')
  }
  if (q.filter) countExpr(q.filter, limits, counter, 0)
  for (const s of q.orderBy ?? []) countExpr(s.expr, limits, counter, 0)
  for (const c of q.compute ?? []) countExpr(c.expr, limits, counter, 0)
  if (q.search) counter.nodes += q.search.split(/\s+/).filter(Boolean).length
  checkNodes(counter, limits)
  for (const e of q.expand ?? []) {
    if (depth + 1 > limits.maxExpandDepth) {
      throw exceeded(`expand is nested more than ${limits.maxExpandDepth} levels deep`, e.navigation)
    }
    checkSubQuery(e.query, limits, counter, depth + 1)
  }
}

function checkNodes(counter: Counter, limits: QueryLimits): void {
  if (counter.nodes > limits.maxFilterNodes) {
    throw exceeded(`the query has more than ${limits.maxFilterNodes} expression nodes`, 'filter')
  }
}

function countExpr(expr: Expr, limits: QueryLimits, counter: Counter, lambdaDepth: number): void {
  if (typeof expr !== 'object' || expr === null) {
    throw queryErrors.create('QUERY_BAD_ARGUMENTS', `an expression must be an object with a kind, got ${JSON.stringify(expr)}`)
  }
  counter.nodes++
  checkNodes(counter, limits)
  switch (expr.kind) {
    case 'compare':
    case 'arith':
      countExpr(expr.left, limits, counter, lambdaDepth)
      countExpr(expr.right, limits, counter, lambdaDepth)
      return
    case 'and':
    case 'or':
      for (const o of expr.operands ?? []) countExpr(o, limits, counter, lambdaDepth)
      return
    case 'not':
    case 'negate':
      countExpr(expr.operand, limits, counter, lambdaDepth)
      return
    case 'in':
      if ((expr.values?.length ?? 0) > limits.maxInValues) {
        throw exceeded(`an 'in' list has ${expr.values.length} values; at most ${limits.maxInValues} are allowed`, 'in')
      }
      countExpr(expr.operand, limits, counter, lambdaDepth)
      for (const v of expr.values ?? []) countExpr(v, limits, counter, lambdaDepth)
      return
    case 'call':
      for (const a of expr.args ?? []) countExpr(a, limits, counter, lambdaDepth)
      return
    case 'any':
    case 'all':
    case 'count':
      countNested(expr.kind === 'count' ? expr.filter : expr.predicate, limits, counter, lambdaDepth + 1)
      return
    default:
      return
  }
}

function countNested(expr: Expr | undefined, limits: QueryLimits, counter: Counter, lambdaDepth: number): void {
  if (lambdaDepth > limits.maxLambdaDepth) {
    throw exceeded(`lambdas (any, all, count) are nested more than ${limits.maxLambdaDepth} levels deep`, 'filter')
  }
  if (expr) countExpr(expr, limits, counter, lambdaDepth)
}
