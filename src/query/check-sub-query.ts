import type { EntityModel, ModelIndex } from '../model/index.js'
import type { ComputeItem, ExpandItem, SortItem, SubQuery } from './ast.js'
import { checkExpr, checkPredicate } from './check-expr.js'
import { queryErrors } from './errors.js'
import { asciiLower } from './scalar-semantics.js'
import { idMember, rootEnv, type CheckEnv } from './resolve-path.js'
import type { SelectedMember, TypedComputed, TypedComputeItem, TypedExpand, TypedSearch, TypedSortItem, TypedSubQuery } from './typed-query.js'
import { attributeInfo, describeType, isSearchable, orderable } from './value-types.js'

/** Checks the options a query shares with its expands, for the entity `entity`. */
export function checkSubQuery(q: SubQuery, entity: EntityModel, index: ModelIndex, slots?: ReadonlyMap<object, number>): TypedSubQuery {
  const base = rootEnv(index, entity, slots)
  const compute = checkCompute(q.compute ?? [], base)
  const env: CheckEnv = { ...base, computed: new Map(compute.map((c) => [c.alias, c])) }
  const filter = q.filter === undefined ? undefined : checkPredicate(q.filter, env, 'filter')
  const search = checkSearch(q.search, entity)
  const selected = checkSelect(q.select, entity, index, compute)
  return {
    entity,
    ...(filter ? { filter } : {}),
    ...(search ? { search } : {}),
    orderBy: [...checkOrderBy(q.orderBy ?? [], env), { expr: idMember(entity, index), direction: 'asc' }],
    ...checkPaging(q),
    select: selected.members,
    compute: selected.compute,
    expand: checkExpand(q.expand ?? [], entity, index, slots),
    count: checkFlag(q.count, 'count'),
  }
}

function checkFlag(value: unknown, name: string): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw queryErrors.create('QUERY_BAD_ARGUMENTS', `${name} must be true or false`, { target: name })
  return value === true
}

/** top and skip: non-negative integers (the limit on top is checked with the other limits). */
export function checkPaging(q: SubQuery): { top?: number; skip?: number } {
  for (const name of ['top', 'skip'] as const) {
    const value = q[name]
    if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)) {
      throw queryErrors.create('QUERY_BAD_ARGUMENTS', `${name} must be a non-negative integer, got ${JSON.stringify(value)}`, { target: name })
    }
  }
  return { ...(q.top === undefined ? {} : { top: q.top }), ...(q.skip === undefined || q.skip === 0 ? {} : { skip: q.skip }) }
}

const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Checks an alias: a plain name, unused, and (for computes, which live beside the members)
 * not the name of a member or navigation. Aggregate aliases replace the members, so they
 * may reuse a member's name.
 */
export function checkAlias(alias: unknown, taken: ReadonlySet<string>, entity: EntityModel, index: ModelIndex, options: { mayShadowMembers?: boolean } = {}): string {
  if (typeof alias !== 'string' || !ALIAS.test(alias)) {
    throw queryErrors.create('QUERY_BAD_ALIAS', `alias ${JSON.stringify(alias)} must be a plain name ([A-Za-z_][A-Za-z0-9_]*)`, { target: String(alias) })
  }
  if (taken.has(alias)) throw queryErrors.create('QUERY_BAD_ALIAS', `alias '${alias}' is used twice`, { target: alias })
  if (!options.mayShadowMembers && (index.attribute(entity, alias) || index.navigation(entity, alias))) {
    throw queryErrors.create('QUERY_BAD_ALIAS', `alias '${alias}' hides the member '${alias}' of ${entity.qualifiedName}; choose another name`, { target: alias })
  }
  return alias
}

function checkCompute(items: readonly ComputeItem[], env: CheckEnv): TypedComputed[] {
  const taken = new Set<string>()
  return items.map((item) => {
    const alias = checkAlias(item.as, taken, env.implicit.entity, env.index)
    taken.add(alias)
    const expr = checkExpr(item.expr, env)
    return { kind: 'computed', alias, expr, info: expr.info }
  })
}

function checkSearch(search: string | undefined, entity: EntityModel): TypedSearch | undefined {
  if (search === undefined) return undefined
  if (typeof search !== 'string') throw queryErrors.create('QUERY_BAD_ARGUMENTS', 'search must be text', { target: 'search' })
  const terms = search.split(/\s+/).filter(Boolean).map(asciiLower)
  if (terms.length === 0) return undefined
  return { terms, attributes: entity.attributes.filter(isSearchable) }
}

export function checkOrderBy(items: readonly SortItem[], env: CheckEnv): TypedSortItem[] {
  return items.map((item) => {
    const expr = checkExpr(item.expr, env)
    if (!orderable(expr.info.type) || expr.info.type === 'Null') {
      throw queryErrors.create('QUERY_TYPE_MISMATCH', `cannot sort by a ${describeType(expr.info)} value`, { target: 'orderBy' })
    }
    if (item.direction !== 'asc' && item.direction !== 'desc') {
      throw queryErrors.create('QUERY_BAD_ARGUMENTS', `sort direction must be asc or desc, got ${JSON.stringify(item.direction)}`, { target: 'orderBy' })
    }
    return { expr, direction: item.direction }
  })
}

function allMembers(entity: EntityModel, index: ModelIndex): SelectedMember[] {
  const attributes = entity.attributes.map((a): SelectedMember => ({ name: a.name, target: { kind: 'attribute', attribute: a }, info: attributeInfo(a) }))
  const references = index
    .navigations(entity)
    .filter((n) => n.direction === 'forward' && n.cardinality === 'one')
    .map((n): SelectedMember => ({ name: n.name, target: { kind: 'reference', association: n.association }, info: { type: 'Long', nullable: !n.association.required } }))
  const id = attributes.filter((m) => m.name === 'id')
  return [...id, ...attributes.filter((m) => m.name !== 'id'), ...references]
}

function checkSelect(
  select: readonly string[] | undefined,
  entity: EntityModel,
  index: ModelIndex,
  compute: readonly TypedComputed[],
): { members: SelectedMember[]; compute: TypedComputeItem[] } {
  const all = allMembers(entity, index)
  const computeItems = compute.map((c) => ({ alias: c.alias, expr: c.expr }))
  if (select === undefined) return { members: all, compute: computeItems }
  if (!Array.isArray(select)) throw queryErrors.create('QUERY_BAD_ARGUMENTS', 'select must be a list of member names', { target: 'select' })
  const byName = new Map(all.map((m) => [m.name, m]))
  const names = new Set(['id', ...select])
  for (const name of names) {
    if (byName.has(name) || computeItems.some((c) => c.alias === name)) continue
    if (index.navigation(entity, name)) {
      throw queryErrors.create('QUERY_BAD_PATH', `'${name}' is a navigation of ${entity.qualifiedName}; expand it instead of selecting it`, { target: name })
    }
    const allowed = [...all.map((m) => m.name), ...computeItems.map((c) => c.alias)].join(', ')
    throw queryErrors.create('QUERY_UNKNOWN_PROPERTY', `'${name}' is not a member of ${entity.qualifiedName}; members: ${allowed}`, { target: name })
  }
  return { members: all.filter((m) => names.has(m.name)), compute: computeItems.filter((c) => names.has(c.alias)) }
}

function checkExpand(items: readonly ExpandItem[], entity: EntityModel, index: ModelIndex, slots: ReadonlyMap<object, number> | undefined): TypedExpand[] {
  const seen = new Set<string>()
  return items.map((item) => {
    const navigation = index.navigation(entity, item.navigation)
    if (!navigation) {
      const navs = index.navigations(entity).map((n) => n.name).join(', ') || '(none)'
      throw queryErrors.create('QUERY_UNKNOWN_PROPERTY', `'${item.navigation}' is not a navigation of ${entity.qualifiedName}; navigations: ${navs}`, { target: String(item.navigation) })
    }
    if (seen.has(navigation.name)) throw queryErrors.create('QUERY_BAD_ARGUMENTS', `'${navigation.name}' is expanded twice`, { target: navigation.name })
    seen.add(navigation.name)
    const query = item.query ?? {}
    if (navigation.cardinality === 'one' && (query.top !== undefined || query.skip || query.orderBy?.length || query.count)) {
      throw queryErrors.create('QUERY_BAD_ARGUMENTS', `'${navigation.name}' is a single object: top, skip, orderBy and count apply to collections only`, { target: navigation.name })
    }
    return { navigation, query: checkSubQuery(query, navigation.target, index, slots) }
  })
}

