import { mapChildren, type Expr, type LiteralExpr, type PropertyExpr } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { CountSearch, OdataLiteralExpr } from '../parser/index.js'
import type { ODataEntitySet, ODataProperty, ODataService } from '../service/service-model.js'
import { translateTypeFunction } from './translate-cast.js'
import { isRootExpr, translateEntityComparison } from './translate-entity-compare.js'
import { searchFilter } from './translate-search.js'

/** Where names in an expression are looked up: the root set, lambda variables, compute aliases. */
export interface NameScope {
  readonly service: ODataService
  readonly root: ODataEntitySet
  readonly variables: ReadonlyMap<string, ODataEntitySet>
  /** Compute aliases usable as one-segment root paths. */
  readonly computed: ReadonlySet<string>
  /** The query option, for messages (`$filter`, `$orderby`). */
  readonly option: string
}

export function rootScope(service: ODataService, root: ODataEntitySet, option: string, computed: ReadonlySet<string> = new Set()): NameScope {
  return { service, root, variables: new Map(), computed, option }
}

/**
 * Rewrites an expression from external names (as written in the URL) to model names, checking
 * every name against what the entity sets expose; enumeration literals must name one of the
 * service's enumeration types. The query layer then checks types and builds SQL.
 */
export function translateExpr(expr: Expr, scope: NameScope): Expr {
  const recurse = (e: Expr): Expr => translateExpr(e, scope)
  if (isRootExpr(expr)) throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `${scope.option}: $root is supported as an entity by key ($root/Set(…)) compared with eq or ne`, { target: '$root' })
  switch (expr.kind) {
    case 'property':
      return translateProperty(expr, scope)
    case 'literal':
      return translateLiteral(expr as OdataLiteralExpr, scope)
    case 'compare':
      return translateEntityComparison(expr, scope, translateExpr) ?? mapChildren(expr, recurse)
    case 'arith':
    case 'and':
    case 'or':
    case 'not':
    case 'negate':
    case 'in':
      return mapChildren(expr, recurse)
    case 'call':
      if ((expr.name as string) === 'cast' || (expr.name as string) === 'isof') return translateTypeFunction(expr, scope, recurse, (p) => propertyOf(p, scope))
      return mapChildren(expr, recurse)
    case 'any':
    case 'all': {
      const { path, target } = collectionPath(expr.path, startSet(expr.variable, scope), scope)
      const inner: NameScope = { ...scope, variables: new Map(scope.variables).set(expr.as, target) }
      return { ...expr, path, ...(expr.predicate ? { predicate: translateExpr(expr.predicate, inner) } : {}) }
    }
    case 'count': {
      const { path, target } = collectionPath(expr.path, startSet(expr.variable, scope), scope)
      const inner: NameScope = { ...scope, root: target, computed: new Set() }
      const { search, ...count } = expr as typeof expr & CountSearch
      if (search && !target.capabilities.searchable) {
        throw odataErrors.create('ODATA_NOT_ALLOWED', `${scope.option}: $search is not allowed on ${target.name} (see its Capabilities annotations in $metadata)`, { target: '$search' })
      }
      const filters = [...(expr.filter ? [translateExpr(expr.filter, inner)] : []), ...(search ? [searchFilter(search, target)] : [])]
      const { filter: _filter, ...rest } = count
      const filter: Expr | undefined = filters.length > 1 ? { kind: 'and', operands: filters } : filters[0]
      return { ...rest, path, ...(filter ? { filter } : {}) }
    }
  }
}

function startSet(variable: string | undefined, scope: NameScope): ODataEntitySet {
  if (variable === undefined || variable === '$this') return scope.root
  const set = scope.variables.get(variable)
  if (!set) throw unknown(`lambda variable ${variable}`, scope)
  return set
}

function translateProperty(expr: PropertyExpr, scope: NameScope): Expr {
  const [first] = expr.path
  if (expr.variable === undefined && expr.path.length === 1 && first !== undefined && scope.computed.has(first)) return expr
  const variable = expr.variable === '$this' ? undefined : expr.variable
  let set = startSet(expr.variable, scope)
  const path: string[] = []
  for (const [i, segment] of expr.path.entries()) {
    const last = i === expr.path.length - 1
    const property = set.property.get(segment)
    if (property && last) {
      path.push(property.member)
      continue
    }
    const nav = set.navigation.get(segment)
    if (!nav) throw unknownName(segment, set, scope)
    if (nav.collection) throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `${scope.option}: ${segment} is a collection; use any(), all() or $count on it`, { target: segment })
    path.push(nav.navigation.name)
    set = scope.service.set.get(nav.target) ?? set
  }
  return { kind: 'property', path, ...(variable !== undefined ? { variable } : {}) }
}

/** The property an external path ends at, if it is one (for cast and isof). */
function propertyOf(expr: PropertyExpr, scope: NameScope): ODataProperty | undefined {
  let set: ODataEntitySet | undefined = expr.variable === undefined || expr.variable === '$this' ? scope.root : scope.variables.get(expr.variable)
  for (const segment of expr.path.slice(0, -1)) {
    const nav = set?.navigation.get(segment)
    set = nav && !nav.collection ? scope.service.set.get(nav.target) : undefined
  }
  return set?.property.get(expr.path[expr.path.length - 1] as string)
}

/** A path of to-one navigations ending at a collection-valued one, and the set it leads to. */
export function collectionPath(segments: readonly string[], start: ODataEntitySet, scope: NameScope): { path: string[]; target: ODataEntitySet } {
  let set = start
  const path: string[] = []
  for (const [i, segment] of segments.entries()) {
    const nav = set.navigation.get(segment)
    if (!nav) throw unknownName(segment, set, scope)
    if (i < segments.length - 1 && nav.collection) throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `${scope.option}: ${segment} is a collection and cannot be followed by /`, { target: segment })
    path.push(nav.navigation.name)
    set = scope.service.set.get(nav.target) ?? set
  }
  return { path, target: set }
}

function translateLiteral(expr: OdataLiteralExpr, scope: NameScope): LiteralExpr {
  if (expr.enumType === undefined) return expr
  const name = expr.enumType
  const known = scope.service.enumerations.some((e) => name === `${scope.service.namespace}.${e.name}` || name === e.qualifiedName)
  if (!known) {
    const types = scope.service.enumerations.map((e) => `${scope.service.namespace}.${e.name}`).join(', ') || '(none)'
    throw odataErrors.create('ODATA_BAD_LITERAL', `${scope.option}: ${name} is not an enumeration type of this service; enumeration types: ${types}`, { target: name })
  }
  return { kind: 'literal', value: expr.value, type: 'Enum' }
}

function unknownName(name: string, set: ODataEntitySet, scope: NameScope) {
  const names = [...set.property.keys(), ...set.navigation.keys()].join(', ')
  return odataErrors.create('ODATA_UNKNOWN_PROPERTY', `${scope.option}: ${set.typeName} has no property or navigation '${name}'; it has: ${names}`, { target: name })
}

function unknown(what: string, scope: NameScope) {
  return odataErrors.create('ODATA_UNKNOWN_PROPERTY', `${scope.option}: unknown ${what}`, { target: what })
}
