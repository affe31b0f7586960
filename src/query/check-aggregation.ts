import type { EntityModel, ModelIndex } from '../model/index.js'
import type { AggregateItem, PropertyExpr, Query } from './ast.js'
import { checkExpr, checkPredicate } from './check-expr.js'
import { queryErrors } from './errors.js'
import { rootEnv, type CheckEnv } from './resolve-path.js'
import type { TypedAggregate, TypedExpr, TypedGroupKey, TypedGroupRef, TypedQuery, TypedSortItem, ValueInfo } from './typed-query.js'
import { checkAlias, checkPaging, checkSubQuery } from './check-sub-query.js'
import { describeType, isIntegral, isNumeric, orderable } from './value-types.js'

/**
 * Checks an aggregated query: `filter` and `search` apply to objects before grouping;
 * `having`, `orderBy`, `top` and `skip` apply to the groups and see only group keys
 * (to-one paths to values) and aggregate aliases.
 */
export function checkAggregation(query: Query, entity: EntityModel, index: ModelIndex, slots?: ReadonlyMap<object, number>): TypedQuery {
  const aggregate = query.aggregate
  if (!aggregate) throw new Error('checkAggregation needs an aggregate')
  for (const option of ['select', 'expand', 'compute', 'after'] as const) {
    if (query[option] !== undefined) {
      throw queryErrors.create('QUERY_BAD_AGGREGATION', `${option} cannot be combined with aggregate; aggregated rows have only group keys and aliases`, { target: option })
    }
  }
  const env = rootEnv(index, entity, slots)
  const groupBy = checkGroupBy(aggregate.groupBy ?? [], env)
  const taken = new Set(groupBy.map((g) => g.name))
  const aggregates = (aggregate.aggregates ?? []).map((item) => {
    const checked = checkAggregate(item, env, taken)
    taken.add(checked.alias)
    return checked
  })
  const refs = new Map<string, TypedGroupRef>([
    ...groupBy.map((g, index): [string, TypedGroupRef] => [g.name, { kind: 'groupKey', index, info: g.member.info }]),
    ...aggregates.map((a, index): [string, TypedGroupRef] => [a.alias, { kind: 'aggregate', index, info: a.info }]),
  ])
  const grouped: CheckEnv = { ...env, grouped: refs }
  const having = aggregate.having === undefined ? undefined : checkPredicate(aggregate.having, grouped, 'having')
  const plain = checkSubQuery({ ...(query.filter ? { filter: query.filter } : {}), ...(query.search ? { search: query.search } : {}) }, entity, index, slots)
  return {
    entity,
    ...(plain.filter ? { filter: plain.filter } : {}),
    ...(plain.search ? { search: plain.search } : {}),
    orderBy: [],
    ...checkPaging(query),
    select: [],
    compute: [],
    expand: [],
    count: query.count === true,
    aggregate: { groupBy, aggregates, ...(having ? { having } : {}), orderBy: groupOrder(query, grouped, groupBy) },
  }
}

function checkGroupBy(paths: readonly PropertyExpr[], env: CheckEnv): TypedGroupKey[] {
  const seen = new Set<string>()
  return paths.map((p) => {
    if (p?.kind !== 'property' || p.variable !== undefined) {
      throw queryErrors.create('QUERY_BAD_AGGREGATION', 'groupBy takes paths from the queried entity (property expressions without a variable)', { target: 'groupBy' })
    }
    const member = checkExpr(p, env)
    if (member.kind !== 'member') throw queryErrors.create('QUERY_BAD_AGGREGATION', `'${p.path.join('/')}' cannot be grouped by`, { target: p.path.join('/') })
    if (seen.has(member.path)) throw queryErrors.create('QUERY_BAD_AGGREGATION', `'${member.path}' is grouped by twice`, { target: member.path })
    if (member.info.type === 'Binary') throw queryErrors.create('QUERY_BAD_AGGREGATION', `'${member.path}' is binary and cannot be grouped by`, { target: member.path })
    seen.add(member.path)
    return { name: member.path, member }
  })
}

function checkAggregate(item: AggregateItem, env: CheckEnv, taken: ReadonlySet<string>): TypedAggregate {
  const alias = checkAlias(item.as, taken, env.implicit.entity, env.index, { mayShadowMembers: true })
  const expr = item.expr === undefined ? undefined : checkExpr(item.expr, env)
  if (expr === undefined && item.op !== 'count') {
    throw queryErrors.create('QUERY_BAD_AGGREGATION', `${item.op} needs an expression to aggregate`, { target: alias })
  }
  return { op: item.op, ...(expr ? { expr } : {}), alias, info: aggregateInfo(item, expr, alias) }
}

function aggregateInfo(item: AggregateItem, expr: TypedExpr | undefined, alias: string): ValueInfo {
  const type = expr?.info.type ?? 'Null'
  const refuse = (what: string) =>
    queryErrors.create('QUERY_TYPE_MISMATCH', `${item.op} (${alias}) needs ${what}, got ${expr ? describeType(expr.info) : 'nothing'}`, { target: alias })
  const scale = expr?.info.scale === undefined ? {} : { scale: expr.info.scale }
  switch (item.op) {
    case 'count':
    case 'countdistinct':
      if (type === 'Binary') throw refuse('comparable values')
      return { type: 'Long', nullable: false }
    case 'sum':
      if (!isNumeric(type)) throw refuse('numbers')
      return { type: isIntegral(type) ? 'Long' : type, nullable: true, ...scale }
    case 'avg':
      if (!isNumeric(type)) throw refuse('numbers')
      return { type: type === 'Double' ? 'Double' : 'Decimal', nullable: true, ...scale }
    case 'min':
    case 'max':
      if (!orderable(type) || type === 'Null') throw refuse('ordered values')
      return { ...(expr as TypedExpr).info, nullable: true }
    default:
      throw queryErrors.create('QUERY_BAD_AGGREGATION', `unknown aggregate '${String(item.op)}'; use sum, avg, min, max, count or countdistinct`, { target: alias })
  }
}

function groupOrder(query: Query, grouped: CheckEnv, groupBy: readonly TypedGroupKey[]): TypedSortItem[] {
  const requested = (query.orderBy ?? []).map((item): TypedSortItem => {
    if (item.direction !== 'asc' && item.direction !== 'desc') {
      throw queryErrors.create('QUERY_BAD_ARGUMENTS', `sort direction must be asc or desc, got ${JSON.stringify(item.direction)}`, { target: 'orderBy' })
    }
    return { expr: checkExpr(item.expr, grouped), direction: item.direction }
  })
  // The group keys break ties, each once: a key the caller already sorts by is not repeated.
  const sorted = new Set(requested.flatMap((item) => (item.expr.kind === 'groupKey' ? [item.expr.index] : [])))
  const keys = groupBy.flatMap((g, index): TypedSortItem[] => (sorted.has(index) ? [] : [{ expr: { kind: 'groupKey', index, info: g.member.info }, direction: 'asc' }]))
  return [...requested, ...keys]
}
