import type { EntityModel, ModelIndex, Navigation } from '../model/index.js'
import { queryErrors } from './errors.js'
import type { CollectionPath, MemberTarget, ScopeId, TypedComputed, TypedExpr, TypedGroupRef, TypedMember, ValueInfo } from './typed-query.js'
import { ROOT_SCOPE } from './typed-query.js'
import { asNullable, attributeInfo } from './value-types.js'

/** An entity a path can start from: the root, a lambda variable or a counted element. */
export interface Scope {
  readonly id: ScopeId
  readonly entity: EntityModel
}

/** What a path may refer to at one point of a query. */
export interface CheckEnv {
  readonly index: ModelIndex
  /** Lambda variables in scope, by name. */
  readonly variables: ReadonlyMap<string, Scope>
  /** The scope of a path written without a variable. */
  readonly implicit: Scope
  /** Compute aliases, usable as one-segment paths from the root. */
  readonly computed: ReadonlyMap<string, TypedComputed>
  /** In an aggregated query's having/orderBy: group keys and aggregate aliases by name. */
  readonly grouped?: ReadonlyMap<string, TypedGroupRef>
  /** Numbers the scopes of one query so each lambda has its own id. */
  readonly sequence: { next: number }
  /** Slot numbers of literal nodes, carried into the typed literals (for shape caches). */
  readonly slots?: ReadonlyMap<object, number>
}

/** The environment at the top of a (sub-)query over `entity`: no variables, paths start at the root. */
export function rootEnv(index: ModelIndex, entity: EntityModel, slots?: ReadonlyMap<object, number>): CheckEnv {
  return { index, variables: new Map(), implicit: { id: ROOT_SCOPE, entity }, computed: new Map(), sequence: { next: 0 }, ...(slots ? { slots } : {}) }
}

/** Attributes and navigations of an entity, for "members: …" in messages. */
export function memberList(index: ModelIndex, entity: EntityModel): string {
  return [...entity.attributes.map((a) => a.name), ...index.navigations(entity).map((n) => n.name)].join(', ')
}

function unknownMember(index: ModelIndex, entity: EntityModel, name: string) {
  return queryErrors.create(
    'QUERY_UNKNOWN_PROPERTY',
    `'${name}' is not a member of ${entity.qualifiedName}; members: ${memberList(index, entity)}`,
    { target: name },
  )
}

/**
 * The implicit scope of a cross join's own expressions: there is no root entity, so a path
 * must start with a member's name (a variable). Never bound to a row or a table.
 */
export const NO_ROOT_SCOPE: ScopeId = '$none'

function startScope(env: CheckEnv, variable: string | undefined, path: string): Scope {
  if (variable === undefined) {
    if (env.implicit.id === NO_ROOT_SCOPE) {
      const members = [...env.variables.keys()].join(', ')
      throw queryErrors.create('QUERY_BAD_PATH', `'${path}' does not start with a member of the cross join (${members})`, { target: path })
    }
    return env.implicit
  }
  const scope = env.variables.get(variable)
  if (!scope) {
    const known = [...env.variables.keys()]
    const hint = known.length ? `variables in scope: ${known.join(', ')}` : 'no lambda variable is in scope here'
    throw queryErrors.create('QUERY_UNKNOWN_VARIABLE', `'${variable}' is not a lambda variable in scope; ${hint}`, { target: variable })
  }
  return scope
}

interface Walk {
  readonly scope: Scope
  readonly entity: EntityModel
  readonly navigations: readonly Navigation[]
  readonly nullable: boolean
}

/** Follows the to-one navigations of `segments` from `scope`. */
function walkToOne(env: CheckEnv, scope: Scope, segments: readonly string[], path: string): Walk {
  let entity = scope.entity
  let nullable = false
  const navigations: Navigation[] = []
  for (const name of segments) {
    const nav = env.index.navigation(entity, name)
    if (!nav) {
      if (env.index.attribute(entity, name)) {
        throw queryErrors.create('QUERY_BAD_PATH', `'${path}' goes through '${name}', an attribute of ${entity.qualifiedName}; only navigations can be followed`, { target: path })
      }
      throw unknownMember(env.index, entity, name)
    }
    if (nav.cardinality === 'many') {
      throw queryErrors.create('QUERY_BAD_PATH', `'${path}' goes through '${name}', a collection of ${entity.qualifiedName}; use any, all or count`, { target: path })
    }
    nullable ||= nav.direction === 'inverse' || !nav.association.required
    navigations.push(nav)
    entity = nav.target
  }
  return { scope, entity, navigations, nullable }
}

function checkSegments(path: readonly string[]): string {
  if (!Array.isArray(path) || path.length === 0 || path.some((s) => typeof s !== 'string' || s === '')) {
    throw queryErrors.create('QUERY_BAD_PATH', `a path must be a non-empty list of names, got ${JSON.stringify(path)}`)
  }
  return path.join('/')
}

/**
 * Resolves a value path: to-one navigations, then an attribute or a reference (whose value
 * is the referenced id). One-segment root paths may also name a compute alias, and in an
 * aggregated query's having/orderBy only group keys and aliases are visible.
 */
export function resolveValuePath(env: CheckEnv, path: readonly string[], variable: string | undefined): TypedExpr {
  const text = checkSegments(path)
  if (env.grouped && variable === undefined) return resolveGrouped(env.grouped, text)
  if (variable === undefined && path.length === 1 && (env.implicit.id === ROOT_SCOPE || env.implicit.id === NO_ROOT_SCOPE)) {
    const computed = env.computed.get(text)
    if (computed) return computed
  }
  const walk = walkToOne(env, startScope(env, variable, text), path.slice(0, -1), text)
  const last = path[path.length - 1] as string
  return memberAt(env, walk, last, text)
}

function memberAt(env: CheckEnv, walk: Walk, name: string, path: string): TypedMember {
  const attribute = env.index.attribute(walk.entity, name)
  if (attribute) {
    const info = attributeInfo(attribute)
    return memberNode(walk, path, { kind: 'attribute', attribute }, walk.nullable ? asNullable(info) : info)
  }
  const nav = env.index.navigation(walk.entity, name)
  if (nav && nav.direction === 'forward' && nav.cardinality === 'one') {
    const info: ValueInfo = { type: 'Long', nullable: walk.nullable || !nav.association.required }
    return memberNode(walk, path, { kind: 'reference', association: nav.association }, info)
  }
  if (nav) {
    throw queryErrors.create('QUERY_BAD_PATH', `'${path}' ends at the navigation '${name}'; name one of its members, or use any, all or count for a collection`, { target: path })
  }
  throw unknownMember(env.index, walk.entity, name)
}

function memberNode(walk: Walk, path: string, member: MemberTarget, info: ValueInfo): TypedMember {
  return { kind: 'member', scope: walk.scope.id, navigations: walk.navigations, entity: walk.entity, member, path, info }
}

function resolveGrouped(grouped: ReadonlyMap<string, TypedGroupRef>, text: string): TypedGroupRef {
  const ref = grouped.get(text)
  if (!ref) {
    throw queryErrors.create(
      'QUERY_BAD_AGGREGATION',
      `'${text}' is neither a groupBy path nor an aggregate alias; after aggregation use: ${[...grouped.keys()].join(', ')}`,
      { target: text },
    )
  }
  return ref
}

/** Resolves the path of `count`, `any` or `all`: to-one navigations, then a to-many one. */
export function resolveCollectionPath(env: CheckEnv, path: readonly string[], variable: string | undefined): CollectionPath & { readonly element: EntityModel } {
  const text = checkSegments(path)
  if (env.grouped && variable === undefined) {
    throw queryErrors.create('QUERY_BAD_AGGREGATION', `'${text}' cannot be used after aggregation; aggregate it instead`, { target: text })
  }
  const walk = walkToOne(env, startScope(env, variable, text), path.slice(0, -1), text)
  const last = path[path.length - 1] as string
  const nav = env.index.navigation(walk.entity, last)
  if (!nav || nav.cardinality !== 'many') {
    if (!nav && !env.index.attribute(walk.entity, last)) throw unknownMember(env.index, walk.entity, last)
    const many = env.index.navigations(walk.entity).filter((n) => n.cardinality === 'many').map((n) => n.name)
    throw queryErrors.create(
      'QUERY_NOT_A_COLLECTION',
      `'${text}' is not a collection of ${walk.entity.qualifiedName}; collections: ${many.join(', ') || '(none)'}`,
      { target: text },
    )
  }
  return { scope: walk.scope.id, navigations: walk.navigations, collection: nav, element: nav.target }
}

/** The `id` member of a scope's entity: the last sort key of every query. */
export function idMember(entity: EntityModel, index: ModelIndex, scope: ScopeId = ROOT_SCOPE): TypedMember {
  const attribute = index.attribute(entity, 'id')
  if (!attribute) throw new Error(`${entity.qualifiedName} has no id`)
  return { kind: 'member', scope, navigations: [], entity, member: { kind: 'attribute', attribute }, path: 'id', info: { type: 'Long', nullable: false } }
}
