import { mapChildren, type CrossJoinMember, type Expr, type SortItem } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ExpandOption, QueryOptions } from '../parser/index.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { translateExpr, type NameScope } from './translate-expr.js'
import { translateLevel, type Shape, type TranslateContext } from './translate-options.js'

/** A `$crossjoin` request in the query AST's terms, and what each row shows of each set. */
export interface TranslatedCrossJoin {
  readonly members: readonly CrossJoinMember[]
  readonly filter?: Expr
  readonly orderBy: readonly SortItem[]
  /** The shape of each expanded set's entity, by set name; other sets are written as links. */
  readonly expanded: ReadonlyMap<string, Shape>
}

const TOP_LEVEL_UNSUPPORTED = ['select', 'search', 'apply', 'compute'] as const

/**
 * Translates the query options of `$crossjoin(A,B)` (OData URL §4.15): `$filter` and
 * `$orderby` paths start with a set's name (`Products/category`, then navigations, lambdas,
 * `$count` as usual), `$expand` names the sets (with nested `$select` and `$expand`); a set
 * that is not expanded only needs its key for the navigation link.
 */
export function translateCrossJoin(sets: readonly ODataEntitySet[], o: QueryOptions, ctx: TranslateContext): TranslatedCrossJoin {
  for (const name of TOP_LEVEL_UNSUPPORTED) {
    if (o[name] !== undefined) throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `$${name} is not supported on $crossjoin; use $expand=Set($select=…)`, { target: `$${name}` })
  }
  if (o.top !== undefined && o.top > ctx.limits.maxTop) {
    throw odataErrors.create('ODATA_LIMIT_EXCEEDED', `$top ${o.top} is more than the allowed ${ctx.limits.maxTop}`, { target: '$top' })
  }
  const byName = new Map(sets.map((s) => [s.name, s]))
  const used = { filter: new Set<string>(), orderBy: new Set<string>() }
  const scope = (option: string): NameScope => ({ service: ctx.service, root: sets[0] as ODataEntitySet, variables: byName, computed: new Set(), option })
  const filter = o.filter ? translateExpr(bindSetNames(o.filter, byName, '$filter', used.filter), scope('$filter')) : undefined
  const orderBy = (o.orderBy ?? []).map((s): SortItem => ({ direction: s.direction, expr: translateExpr(bindSetNames(s.expr, byName, '$orderby', used.orderBy), scope('$orderby')) }))
  checkCapabilities(sets, o, used)
  const expanded = expandedSets(byName, o.expand ?? [], ctx)
  const members = sets.map((set): CrossJoinMember => {
    const level = expanded.get(set.name)
    const keyOnly = [...new Set(['id', ...set.key.map((k) => k.member)])]
    return { name: set.name, entity: set.entity.qualifiedName, select: level ? (level.sub.select ?? keyOnly) : keyOnly, ...(level?.sub.expand ? { expand: level.sub.expand } : {}) }
  })
  return { members, ...(filter ? { filter } : {}), orderBy, expanded: new Map([...expanded].map(([name, level]) => [name, level.shape])) }
}

function checkCapabilities(sets: readonly ODataEntitySet[], o: QueryOptions, used: { filter: ReadonlySet<string>; orderBy: ReadonlySet<string> }): void {
  const refuse = (what: string, set: ODataEntitySet) => {
    throw odataErrors.create('ODATA_NOT_ALLOWED', `${what} is not allowed on ${set.name} (see its Capabilities annotations in $metadata)`, { target: what })
  }
  for (const set of sets) {
    const c = set.capabilities
    if (used.filter.has(set.name) && !c.filterable) refuse('$filter', set)
    if (used.orderBy.has(set.name) && !c.sortable) refuse('$orderby', set)
    if (o.count && !c.countable) refuse('$count', set)
    if ((o.top !== undefined || o.skip !== undefined) && !c.topSkip) refuse(o.top !== undefined ? '$top' : '$skip', set)
  }
}

function expandedSets(byName: ReadonlyMap<string, ODataEntitySet>, items: readonly ExpandOption[], ctx: TranslateContext) {
  const out = new Map<string, ReturnType<typeof translateLevel>>()
  for (const item of items) {
    const targets = item.kind === 'star' ? [...byName.values()] : [setNamed(byName, item.path)]
    if (item.suffix !== undefined) throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `$expand with ${item.suffix} is not supported on $crossjoin`, { target: item.suffix })
    const { select, expand, levels: _levels, ...rest } = item.query
    const other = Object.keys(rest).filter((k) => rest[k as keyof typeof rest] !== undefined)
    if (other.length > 0) {
      throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `only $select and $expand apply to an entity set of a cross join, not ${other.map((k) => `$${k.toLowerCase()}`).join(', ')}`, { target: '$expand' })
    }
    for (const set of targets) {
      if (out.has(set.name)) throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `$expand: ${set.name} is expanded twice`, { target: set.name })
      out.set(set.name, translateLevel(set, { ...(select ? { select } : {}), ...(expand ? { expand } : {}) }, ctx, `$expand(${set.name})/`))
    }
  }
  return out
}

function setNamed(byName: ReadonlyMap<string, ODataEntitySet>, path: readonly string[]): ODataEntitySet {
  const set = path.length === 1 ? byName.get(path[0] as string) : undefined
  if (!set) {
    throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `$expand: '${path.join('/')}' is not an entity set of the cross join; its sets: ${[...byName.keys()].join(', ')}`, { target: path.join('/') })
  }
  return set
}

/**
 * Makes the first segment of every root path a variable naming its entity set
 * (`Products/category` → variable `Products`, path `category`), as the query AST's cross
 * join wants; a root path that does not start with a set of the cross join is refused.
 * Paths inside `$count(…)` filters start at the counted element and are left alone, and so
 * is the type name of `cast`/`isof`. `used` collects the sets named.
 */
export function bindSetNames(expr: Expr, sets: ReadonlyMap<string, ODataEntitySet>, option: string, used: Set<string>): Expr {
  const recurse = (e: Expr): Expr => bindSetNames(e, sets, option, used)
  const rebase = <T extends { readonly path: readonly string[]; readonly variable?: string }>(node: T): T => {
    if (node.variable !== undefined) return node
    const [head, ...tail] = node.path
    if (head === undefined || tail.length === 0 || !sets.has(head)) {
      throw odataErrors.create(
        'ODATA_UNKNOWN_PROPERTY',
        `${option}: '${node.path.join('/')}' does not start with an entity set of the cross join (${[...sets.keys()].join(', ')}); write Set/property`,
        { target: node.path.join('/') },
      )
    }
    used.add(head)
    return { ...node, variable: head, path: tail }
  }
  switch (expr.kind) {
    case 'property':
      return rebase(expr)
    case 'call': {
      const typed = (expr.name as string) === 'cast' || (expr.name as string) === 'isof'
      if (typed && expr.args.length === 1) {
        throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `${option}: ${expr.name} of the instance itself has no meaning in a cross join; give a path that starts with a set`, { target: expr.name })
      }
      return { ...expr, args: expr.args.map((a, i) => (typed && i === expr.args.length - 1 ? a : recurse(a))) }
    }
    case 'any':
    case 'all':
      return mapChildren(rebase(expr), recurse)
    case 'count':
      return rebase(expr)
    default:
      return mapChildren(expr, recurse)
  }
}
