import { kernelErrors, type EntityOperations, type Row } from '../../../kernel/index.js'
import type { Expr, Literal } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { OdataLiteralExpr, PathArguments, PathSegment } from '../parser/index.js'
import { rootScope, translateExpr } from '../query/translate-expr.js'
import type { ODataEntitySet, ODataNavigation, ODataOperation, ODataProperty, ODataService } from '../service/service-model.js'
import { relationFilter } from './relation-filter.js'

/** The parent a navigation was reached from (for creating related entities and `$ref`). */
export interface ParentLink {
  readonly set: ODataEntitySet
  readonly row: Row
  readonly nav: ODataNavigation
}

export interface CollectionTarget {
  readonly kind: 'collection'
  readonly set: ODataEntitySet
  readonly filter?: Expr
  readonly parent?: ParentLink
}

export interface EntityTarget {
  readonly kind: 'entity'
  readonly set: ODataEntitySet
  readonly filter: Expr
  /** Key values by member, when addressed by key (an upsert creates with them). */
  readonly key?: Readonly<Record<string, Literal>>
  readonly parent?: ParentLink
}

export type Target =
  | CollectionTarget
  | EntityTarget
  | { readonly kind: 'property'; readonly entity: EntityTarget; readonly property: ODataProperty; readonly raw: boolean }
  | { readonly kind: 'count'; readonly collection: CollectionTarget }
  | { readonly kind: 'ref'; readonly of: CollectionTarget | EntityTarget }
  /** `…/$each`: every member of the (possibly filtered) collection, for PATCH and DELETE. */
  | { readonly kind: 'each'; readonly collection: CollectionTarget }
  | OperationTarget

/** A bound action or function invoked on what the path before it addresses (`Orders(1)/Sales.Cancel`). */
export interface OperationTarget {
  readonly kind: 'operation'
  readonly operation: ODataOperation
  readonly bound: CollectionTarget | EntityTarget
  readonly args?: PathArguments
}

const and = (a: Expr | undefined, b: Expr): Expr => (a ? { kind: 'and', operands: [a, b] } : b)

/**
 * Walks a resource path: an entity set, keys (in parentheses or as a segment), `/$filter(…)`
 * segments, navigations (each hop reads the object it starts from, so a missing one is 404),
 * a property and `$value`, `$count`, `$ref` or `$each`.
 */
export async function resolveTarget(segments: readonly PathSegment[], service: ODataService, ops: EntityOperations): Promise<Target> {
  let target: Target = rootTarget(segments, service)
  for (let i = 1; i < segments.length; i++) target = await step(target, segments[i] as PathSegment, service, ops)
  return target
}

/**
 * The entity set or entity the first segment addresses. It depends on the path alone, and
 * parsed paths are shared and frozen, so it is worked out once per path.
 */
export function rootTarget(segments: readonly PathSegment[], service: ODataService): CollectionTarget | EntityTarget {
  const known = roots.get(segments)
  if (known) return known
  const first = segments[0]
  const set = first?.kind === 'name' ? service.set.get(first.name) : undefined
  if (!first || first.kind !== 'name' || !set) throw unknownResource(first && first.kind === 'name' ? first.name : String(first?.kind))
  const target = first.args ? keyTarget({ kind: 'collection', set }, first.args) : ({ kind: 'collection', set } as const)
  roots.set(segments, target)
  return target
}

const roots = new WeakMap<readonly PathSegment[], CollectionTarget | EntityTarget>()

async function step(target: Target, segment: PathSegment, service: ODataService, ops: EntityOperations): Promise<Target> {
  if (target.kind === 'operation') throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `${target.operation.name} is not composable: nothing may follow it in the path`, { target: target.operation.name })
  if (segment.kind === 'name' && (target.kind === 'entity' || target.kind === 'collection')) {
    // A bound operation's name comes before a type cast or a key written as a segment.
    const operation = boundOperation(target, segment.name, service)
    if (operation) return { kind: 'operation', operation, bound: target, ...(segment.args ? { args: segment.args } : {}) }
    if (!segment.args && isTypeName(segment.name, service)) return typeCast(target, segment.name, service)
  }
  if (target.kind === 'collection') {
    if (segment.kind === 'filter') return filtered(target, segment.filter, service)
    if (segment.kind === 'each') return { kind: 'each', collection: target }
    if (segment.kind === 'name' && !segment.args) return keyTarget(target, keySegment(target.set, segment.name))
  }
  if (segment.kind === 'query') throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', 'send the query options of …/$query with POST, in a text/plain body', { target: '$query' })
  if (segment.kind === 'count' && target.kind === 'collection') return { kind: 'count', collection: target }
  if (segment.kind === 'ref' && (target.kind === 'collection' || target.kind === 'entity')) return { kind: 'ref', of: target }
  if (segment.kind === 'value' && target.kind === 'property' && !target.raw) return { ...target, raw: true }
  if (segment.kind !== 'name' || target.kind !== 'entity') throw unknownResource(segment.kind === 'name' ? segment.name : segment.kind === 'filter' ? '$filter' : segment.kind)
  const property = target.set.property.get(segment.name)
  if (property && !segment.args) return { kind: 'property', entity: target, property, raw: false }
  const nav = target.set.navigation.get(segment.name)
  const next = nav ? service.set.get(nav.target) : undefined
  if (!nav || !next) throw unknownResource(segment.name)
  const row = await findOne(target, ops, nav.navigation.direction === 'forward' && !nav.collection ? [nav.navigation.name] : [])
  const filter = await relationFilter(nav.navigation, row, ops)
  const parent = { set: target.set, row, nav }
  if (!nav.collection) {
    if (segment.args) throw odataErrors.create('ODATA_BAD_KEY', `${segment.name} is a single entity and takes no key`, { target: segment.name })
    return { kind: 'entity', set: next, filter, parent }
  }
  const collection: CollectionTarget = { kind: 'collection', set: next, filter, parent }
  return segment.args ? keyTarget(collection, segment.args) : collection
}

/**
 * The operation bound to the target's set (to one entity or to the collection, as the target
 * is) that a segment names: `Namespace.Name`, or `Name` alone (4.01: the service's namespace
 * is a default namespace). The checker keeps bound names apart from properties and navigations.
 */
function boundOperation(target: CollectionTarget | EntityTarget, name: string, service: ODataService): ODataOperation | undefined {
  const ops = service.boundTo.get(target.set.name)
  if (!ops || ops.size === 0) return undefined
  const prefix = `${service.namespace}.`
  const operation = ops.get(name.startsWith(prefix) ? name.slice(prefix.length) : name)
  if (!operation) return undefined
  if (operation.binding?.collection === (target.kind === 'collection')) return operation
  // Not a key written as a segment: the name is the set's operation, bound to the other kind.
  const boundTo = operation.binding?.collection ? `the collection ${target.set.name}` : `one entity of ${target.set.name}`
  throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `${operation.name} is bound to ${boundTo}`, { target: name })
}

/** Reads the one object an entity target addresses (with the given extra members), or 404. */
export async function findOne(target: EntityTarget, ops: EntityOperations, members: readonly string[] = []): Promise<Row> {
  const { rows } = await ops.query({ entity: target.set.entity.qualifiedName, filter: target.filter, select: ['id', 'version', ...members], top: 1 })
  const row = rows[0]
  if (!row) throw kernelErrors.create('KERNEL_NOT_FOUND', `no ${target.set.typeName} in ${target.set.name} has that key`, { target: target.set.name })
  return row
}

/** A qualified entity type name of the service: after a collection or entity it is a type cast, not a key value (URL Conventions, key-as-segment precedence). */
function isTypeName(name: string, service: ODataService): boolean {
  return name.startsWith(`${service.namespace}.`) && service.sets.some((s) => `${service.namespace}.${s.typeName}` === name)
}

/** A cast to the set's own type changes nothing; the model has no derived types, so any other is 404. */
export function typeCast<T extends CollectionTarget | EntityTarget>(target: T, name: string, service: ODataService): T {
  const own = `${service.namespace}.${target.set.typeName}`
  if (name === own) return target
  throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `${target.set.name} holds ${own}, and ${name} is not derived from it`, { target: name })
}

/** `/$filter(…)`: the collection narrowed like `$filter` narrows it (names, capabilities and limits alike). */
function filtered(collection: CollectionTarget, filter: Expr, service: ODataService): CollectionTarget {
  if (!collection.set.capabilities.filterable) {
    throw odataErrors.create('ODATA_NOT_ALLOWED', `/$filter is not allowed on ${collection.set.name} (see its Capabilities annotations in $metadata)`, { target: '$filter' })
  }
  return { ...collection, filter: and(collection.filter, translateExpr(filter, rootScope(service, collection.set, '/$filter'))) }
}

/**
 * A key value written as a segment (`Products/5`, `Categories/BOOKS`), read as the type of the
 * set's single key; a composite key has no segment form here.
 */
function keySegment(set: ODataEntitySet, text: string): PathArguments {
  const [key, ...more] = set.key
  if (!key || more.length > 0) {
    throw odataErrors.create('ODATA_BAD_KEY', `${set.name} has a composite key (${set.key.map((k) => k.name).join(', ')}); address a member as ${set.name}(${set.key.map((k) => `${k.name}=…`).join(',')}), not by '${text}'`, { target: set.name })
  }
  const wire = key.type.wire
  const number = wire === 'int32' || wire === 'int64' ? /^[+-]?[0-9]+$/ : wire === 'decimal' ? /^[+-]?[0-9]+(\.[0-9]+)?$/ : undefined
  if (number) return { kind: 'key', value: number.test(text) ? { kind: 'literal', value: Number(text), type: wire === 'decimal' ? 'Decimal' : 'Integer' } : { kind: 'literal', value: text, type: 'String' } }
  if (wire === 'boolean') return { kind: 'key', value: { kind: 'literal', value: text === 'true' ? true : text === 'false' ? false : text } }
  return { kind: 'key', value: { kind: 'literal', value: text, type: SEGMENT_TYPES[key.type.name] ?? 'String' } }
}

const SEGMENT_TYPES: Readonly<Record<string, OdataLiteralExpr['type']>> = { 'Edm.Date': 'Date', 'Edm.Guid': 'UUID', 'Edm.DateTimeOffset': 'DateTime' }

function keyTarget(collection: CollectionTarget, args: PathArguments): EntityTarget {
  const set = collection.set
  const given: [string, OdataLiteralExpr][] =
    args.kind === 'key' ? (set.key.length === 1 ? [[(set.key[0] as ODataProperty).name, args.value]] : []) : args.values.map((v) => [v.name, v.value])
  const names = set.key.map((k) => k.name)
  if (given.length !== names.length || !given.every(([n]) => names.includes(n)) || new Set(given.map(([n]) => n)).size !== names.length) {
    throw odataErrors.create('ODATA_BAD_KEY', `${set.name} is keyed by (${names.join(', ')}); give ${names.length === 1 ? 'one value' : names.map((n) => `${n}=…`).join(',')}`, { target: set.name })
  }
  const key: Record<string, Literal> = {}
  const operands = given.map(([name, literal]): Expr => {
    const property = set.property.get(name) as ODataProperty
    key[property.member] = checkKeyLiteral(literal, property)
    return { kind: 'compare', op: 'eq', left: { kind: 'property', path: [property.member] }, right: { kind: 'literal', value: key[property.member] as Literal, ...(literal.type && literal.type !== 'Enum' ? { type: literal.type } : {}) } }
  })
  const filter = operands.length === 1 ? (operands[0] as Expr) : ({ kind: 'and', operands } as Expr)
  // Key values alone address the entity only in an unfiltered set: behind a /$filter segment
  // the entity must also match it (no lookup by key alone, no upsert).
  const byKeyAlone = collection.filter === undefined || collection.parent !== undefined
  return { kind: 'entity', set, filter: and(collection.filter, filter), ...(byKeyAlone ? { key } : {}), ...(collection.parent ? { parent: collection.parent } : {}) }
}

function checkKeyLiteral(literal: OdataLiteralExpr, property: ODataProperty): Literal {
  const wire = property.type.wire
  const numeric = wire === 'int32' || wire === 'int64' || wire === 'decimal'
  const ok = literal.value !== null && (numeric ? typeof literal.value === 'number' : wire === 'boolean' ? typeof literal.value === 'boolean' : typeof literal.value === 'string')
  if (!ok) throw odataErrors.create('ODATA_BAD_KEY', `key ${property.name} is ${property.type.name}; ${JSON.stringify(literal.value)} is not one`, { target: property.name })
  return literal.value
}

function unknownResource(name: string) {
  return odataErrors.create('ODATA_UNKNOWN_RESOURCE', `the service has no resource '${name}' here`, { target: name })
}
