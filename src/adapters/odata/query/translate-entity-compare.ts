import { queryErrors, type Expr, type PropertyExpr } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { OdataLiteralExpr, PathArguments } from '../parser/index.js'
import type { ODataEntitySet, ODataProperty } from '../service/service-model.js'
import type { NameScope } from './translate-expr.js'

/** `$root/Set(key)/…` as the grammar leaves it. */
interface RootExpr {
  readonly kind: 'root'
  readonly segments: readonly { readonly name: string; readonly args?: PathArguments }[]
}

/** One side of an entity comparison: where it is in model names, and the set of its entities. */
interface EntityOperand {
  /** Model path to the entity (`[]` for the entity in scope), or its key values for `$root/Set(key)`. */
  readonly path?: readonly string[]
  readonly variable?: string
  readonly key?: ReadonlyMap<ODataProperty, OdataLiteralExpr>
  readonly set: ODataEntitySet
}

export function isRootExpr(expr: Expr): boolean {
  return (expr as { kind: string }).kind === 'root'
}

/**
 * Structural comparison of entities (OData 4.01 URL Conventions §5.1.1.1.1) with an entity
 * addressed as `$root/Set(key)`: `category eq $root/Categories('BOOKS')`, `$it ne
 * $root/Products(5)`. Two entities are equal when they are the same entity, so the comparison
 * becomes one of keys (a reference's id needs no join); an entity of another set, or another
 * operator, is a type error. Undefined when neither side is a `$root` entity: a navigation
 * compared with anything else stands for its reference's id, as in the query language, which
 * for two navigations to the same set is entity equality.
 */
export function translateEntityComparison(expr: Extract<Expr, { kind: 'compare' }>, scope: NameScope, translate: (e: Expr, scope: NameScope) => Expr): Expr | undefined {
  if (!isRootExpr(expr.left) && !isRootExpr(expr.right)) return undefined
  const left = entityOperand(expr.left, scope)
  const right = entityOperand(expr.right, scope)
  if (!left || !right) {
    const root = (left ?? right) as EntityOperand
    throw queryErrors.create('QUERY_TYPE_MISMATCH', `${scope.option}: an entity of ${root.set.name} can only be compared with another entity of ${root.set.name}`, { target: scope.option })
  }
  if (left.set !== right.set) {
    throw queryErrors.create('QUERY_TYPE_MISMATCH', `${scope.option}: cannot compare an entity of ${left.set.name} with an entity of ${right.set.name}`, { target: scope.option })
  }
  if (expr.op !== 'eq' && expr.op !== 'ne') {
    throw queryErrors.create('QUERY_TYPE_MISMATCH', `${scope.option}: entities are compared with eq and ne only, not ${expr.op}`, { target: expr.op })
  }
  const parts = left.set.key.map((k): Expr => ({ kind: 'compare', op: expr.op, left: keyOf(left, k, scope, translate), right: keyOf(right, k, scope, translate) }))
  if (parts.length === 1) return parts[0] as Expr
  return { kind: expr.op === 'eq' ? 'and' : 'or', operands: parts }
}

/** The operand as an entity, when it is one: a path ending at a single-valued navigation, `$it`, or `$root/Set(key)`. */
function entityOperand(expr: Expr, scope: NameScope): EntityOperand | undefined {
  if (isRootExpr(expr)) return rootOperand(expr as unknown as RootExpr, scope)
  if (expr.kind !== 'property') return undefined
  const variable = expr.variable === '$this' ? undefined : expr.variable
  let set = variable === undefined ? scope.root : scope.variables.get(variable)
  if (!set) return undefined
  if (expr.path.length === 0) return { path: [], ...(variable ? { variable } : {}), set }
  const path: string[] = []
  for (const segment of expr.path) {
    const nav = set?.navigation.get(segment)
    if (!nav || nav.collection) return undefined
    path.push(nav.navigation.name)
    set = scope.service.set.get(nav.target)
  }
  return set ? { path, ...(variable ? { variable } : {}), set } : undefined
}

function rootOperand(expr: RootExpr, scope: NameScope): EntityOperand {
  const [first, ...rest] = expr.segments
  const set = first ? scope.service.set.get(first.name) : undefined
  if (!first || !set) throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `${scope.option}: $root/${first?.name ?? ''} names no entity set of the service`, { target: first?.name ?? '$root' })
  if (!first.args || rest.length > 0) {
    throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `${scope.option}: $root is supported as an entity by key ($root/${set.name}(…)) compared with eq or ne`, { target: '$root' })
  }
  const args = first.args
  const given = args.kind === 'key' ? (set.key.length === 1 ? [[set.key[0] as ODataProperty, args.value] as const] : []) : args.values.map((v) => [set.property.get(v.name), v.value] as const)
  const key = new Map<ODataProperty, OdataLiteralExpr>()
  for (const [property, value] of given) if (property && set.key.includes(property)) key.set(property, value)
  if (key.size !== set.key.length || given.length !== set.key.length) {
    throw odataErrors.create('ODATA_BAD_KEY', `${scope.option}: ${set.name} is keyed by (${set.key.map((k) => k.name).join(', ')})`, { target: set.name })
  }
  return { key, set }
}

function keyOf(operand: EntityOperand, k: ODataProperty, scope: NameScope, translate: (e: Expr, scope: NameScope) => Expr): Expr {
  const literal = operand.key?.get(k)
  if (literal) return translate(literal, scope)
  const path = operand.path ?? []
  // A reference holds the id of its entity: comparing it needs no join.
  const member = k.member === 'id' && path.length > 0 ? path : [...path, k.member]
  const property: PropertyExpr = { kind: 'property', path: member, ...(operand.variable ? { variable: operand.variable } : {}) }
  return property
}
