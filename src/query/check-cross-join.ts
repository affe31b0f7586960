import type { EntityModel, ModelIndex } from '../model/index.js'
import type { ComputeItem, CrossJoinMember, CrossJoinQuery, QueryLimits } from './ast.js'
import { DEFAULT_LIMITS } from './ast.js'
import { checkExpr, checkPredicate } from './check-expr.js'
import { checkOrderBy, checkPaging, checkSubQuery } from './check-sub-query.js'
import { queryErrors } from './errors.js'
import { checkCrossJoinLimits } from './query-limits.js'
import { idMember, NO_ROOT_SCOPE, type CheckEnv, type Scope } from './resolve-path.js'
import { normaliseCursorValue, persistentEntity, type CheckOptions } from './typecheck.js'
import type { TypedComputed, TypedCrossJoin, TypedCrossJoinMember, TypedSortItem } from './typed-query.js'

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Checks a cross join against the model and the limits: each member is a persistent entity
 * under a distinct plain name, its own options are checked as a sub-query, and the cross
 * join's filter, sort keys and computes are checked with one variable per member (a path
 * without one is QUERY_BAD_PATH). The order ends with each member's id.
 */
export function checkCrossJoin(query: CrossJoinQuery, index: ModelIndex, limits: QueryLimits = DEFAULT_LIMITS, options: CheckOptions = {}): TypedCrossJoin {
  checkCrossJoinLimits(query, limits)
  if (!Array.isArray(query.members) || query.members.length === 0) {
    throw queryErrors.create('QUERY_BAD_ARGUMENTS', 'a cross join needs at least one member', { target: 'members' })
  }
  const members = checkMembers(query.members, index, options.slots)
  const scopes = new Map<string, Scope>(members.map((m) => [m.name, { id: m.name, entity: m.query.entity }]))
  const base: CheckEnv = {
    index,
    variables: scopes,
    implicit: { id: NO_ROOT_SCOPE, entity: (members[0] as TypedCrossJoinMember).query.entity },
    computed: new Map(),
    sequence: { next: 0 },
    ...(options.slots ? { slots: options.slots } : {}),
  }
  const compute = checkCompute(query.compute ?? [], base, scopes)
  const env: CheckEnv = { ...base, computed: new Map(compute.map((c) => [c.alias, c])) }
  const filter = query.filter === undefined ? undefined : checkPredicate(query.filter, env, 'filter')
  const ids = members.map((m): TypedSortItem => ({ expr: idMember(m.query.entity, index, m.name), direction: 'asc' }))
  const orderBy = [...checkOrderBy(query.orderBy ?? [], env), ...ids]
  const after = query.after === undefined ? undefined : checkAfter(query.after, orderBy, index)
  return {
    kind: 'crossJoin',
    members,
    ...(filter ? { filter } : {}),
    orderBy,
    compute: compute.map((c) => ({ alias: c.alias, expr: c.expr })),
    ...checkPaging(query),
    ...(after ? { after } : {}),
    count: query.count === true,
  }
}

function checkMembers(members: readonly CrossJoinMember[], index: ModelIndex, slots: ReadonlyMap<object, number> | undefined): TypedCrossJoinMember[] {
  const seen = new Set<string>()
  return members.map((m) => {
    if (typeof m.name !== 'string' || !NAME.test(m.name)) {
      throw queryErrors.create('QUERY_BAD_ARGUMENTS', `a cross join member needs a plain name ([A-Za-z_][A-Za-z0-9_]*), got ${JSON.stringify(m.name)}`, { target: 'members' })
    }
    if (seen.has(m.name)) throw queryErrors.create('QUERY_BAD_ARGUMENTS', `'${m.name}' is a member of the cross join twice`, { target: m.name })
    seen.add(m.name)
    const entity: EntityModel = persistentEntity(index, m.entity)
    const own = { ...(m.filter ? { filter: m.filter } : {}), ...(m.select ? { select: m.select } : {}), ...(m.expand ? { expand: m.expand } : {}) }
    return { name: m.name, query: checkSubQuery(own, entity, index, slots) }
  })
}

function checkCompute(items: readonly ComputeItem[], env: CheckEnv, members: ReadonlyMap<string, Scope>): TypedComputed[] {
  const taken = new Set<string>(members.keys())
  return items.map((item) => {
    if (typeof item.as !== 'string' || !NAME.test(item.as) || taken.has(item.as)) {
      const why = members.has(item.as) ? 'names a member of the cross join' : taken.has(item.as) ? 'is used twice' : 'must be a plain name'
      throw queryErrors.create('QUERY_BAD_ALIAS', `alias ${JSON.stringify(item.as)} ${why}`, { target: String(item.as) })
    }
    taken.add(item.as)
    const expr = checkExpr(item.expr, env)
    return { kind: 'computed', alias: item.as, expr, info: expr.info }
  })
}

function checkAfter(after: CrossJoinQuery['after'], orderBy: readonly TypedSortItem[], index: ModelIndex) {
  if (!Array.isArray(after) || after.length !== orderBy.length) {
    const got = Array.isArray(after) ? after.length : 'no list'
    throw queryErrors.create('QUERY_BAD_CURSOR', `after needs ${orderBy.length} values (one per sort key, then each member's id), got ${got}`, { target: 'after' })
  }
  return after.map((value, i) => normaliseCursorValue(value, (orderBy[i] as TypedSortItem).expr.info, i, index))
}
