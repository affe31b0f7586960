import { granted, type MemberGrant } from '../../../kernel/index.js'
import type { ComputeItem, ExpandItem, Expr, SortItem, SubQuery } from '../../../query/index.js'
import type { ODataLimits } from '../options.js'
import { odataErrors } from '../odata-errors.js'
import type { ExpandOption, ExpandQuery } from '../parser/index.js'
import type { ODataEntitySet, ODataNavigation, ODataProperty, ODataService } from '../service/service-model.js'
import { rootScope, translateExpr } from './translate-expr.js'
import { searchFilter } from './translate-search.js'

/** What a response shows of one level: the selected properties, computed values and expansions. */
export interface Shape {
  readonly set: ODataEntitySet
  readonly properties: readonly ODataProperty[]
  readonly computed: readonly string[]
  readonly expands: readonly ExpandShape[]
  /** Whether `$select` narrowed the properties (the context URL then lists them). */
  readonly selected: boolean
}

export interface ExpandShape {
  readonly nav: ODataNavigation
  /** `entities`, only references (`/$ref`), or only their number (`/$count`). */
  readonly mode: 'entities' | 'ref' | 'count'
  readonly shape: Shape
  /** `$count=true` inside the expand: write `<nav>@odata.count`. */
  readonly count: boolean
}

export interface TranslateContext {
  readonly service: ODataService
  readonly limits: ODataLimits
  /** Members of a set's entity the caller may read. */
  readonly readable: (set: ODataEntitySet) => MemberGrant
}

/** One level's query options, as the parser returns them inside `$expand` and at the top. */
export type LevelOptions = ExpandQuery

/**
 * Translates one level of OData query options (external names) into the query AST's
 * sub-query (model names) and the shape of the response. Capability restrictions and the
 * `$top` limit are enforced here, before any SQL exists.
 */
export function translateLevel(set: ODataEntitySet, q: LevelOptions, ctx: TranslateContext, option = ''): { sub: SubQuery; shape: Shape } {
  checkCapabilities(set, q, option)
  if (q.top !== undefined && q.top > ctx.limits.maxTop) {
    throw odataErrors.create('ODATA_LIMIT_EXCEEDED', `${option}$top ${q.top} is more than the allowed ${ctx.limits.maxTop}`, { target: '$top' })
  }
  const compute = (q.compute ?? []).map((c): ComputeItem => ({ as: c.as, expr: translateExpr(c.expr, rootScope(ctx.service, set, `${option}$compute`)) }))
  const aliases = new Set(compute.map((c) => c.as))
  const filters: Expr[] = []
  if (q.filter) filters.push(translateExpr(q.filter, rootScope(ctx.service, set, `${option}$filter`, aliases)))
  if (q.search) filters.push(searchFilter(q.search, set))
  const orderBy = (q.orderBy ?? []).map((s): SortItem => ({ direction: s.direction, expr: translateExpr(s.expr, rootScope(ctx.service, set, `${option}$orderby`, aliases)) }))
  const { properties, computed, selected } = selection(set, q, aliases, ctx, option)
  const expanded = (q.expand ?? []).flatMap((e) => expandItems(set, e, ctx, option))
  const select = [...new Set([...properties.map((p) => p.member), ...set.key.map((k) => k.member), 'version', ...computed])]
  const sub: SubQuery = {
    ...(filters.length === 1 ? { filter: filters[0] } : filters.length > 1 ? { filter: { kind: 'and', operands: filters } } : {}),
    ...(orderBy.length ? { orderBy } : {}),
    ...(q.top !== undefined ? { top: q.top } : {}),
    ...(q.skip !== undefined ? { skip: q.skip } : {}),
    ...(q.count ? { count: true } : {}),
    ...(compute.length ? { compute } : {}),
    select,
    ...(expanded.length ? { expand: expanded.map((e) => e.item) } : {}),
  }
  return { sub, shape: { set, properties, computed, expands: expanded.map((e) => e.shape), selected } }
}

function checkCapabilities(set: ODataEntitySet, q: LevelOptions, option: string): void {
  const c = set.capabilities
  const refuse = (what: string) => {
    throw odataErrors.create('ODATA_NOT_ALLOWED', `${option}${what} is not allowed on ${set.name} (see its Capabilities annotations in $metadata)`, { target: what })
  }
  if (q.filter && !c.filterable) refuse('$filter')
  if (q.orderBy?.length && !c.sortable) refuse('$orderby')
  if (q.count && !c.countable) refuse('$count')
  if (q.expand?.length && !c.expandable) refuse('$expand')
  if ((q.top !== undefined || q.skip !== undefined) && !c.topSkip) refuse(q.top !== undefined ? '$top' : '$skip')
  if (q.search && !c.searchable) refuse('$search')
}

function selection(set: ODataEntitySet, q: LevelOptions, aliases: ReadonlySet<string>, ctx: TranslateContext, option: string) {
  const items = q.select ?? []
  const all = items.length === 0 || items.some((i) => i.kind === 'star')
  if (all) {
    const readable = ctx.readable(set)
    return { properties: set.properties.filter((p) => granted(readable, p.member)), computed: [...aliases], selected: false }
  }
  const names = new Set<string>()
  for (const item of items) {
    if (item.kind !== 'path') continue
    const [name] = item.path
    if (item.path.length !== 1 || name === undefined || !(set.property.has(name) || set.navigation.has(name) || aliases.has(name))) {
      throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `${option}$select: ${set.typeName} has no property '${item.path.join('/')}'`, { target: item.path.join('/') })
    }
    // As declared: a name matched without case (IdentifierMap) is the identifier it matched.
    names.add(aliases.has(name) ? name : (set.property.get(name)?.name ?? set.navigation.get(name)?.name ?? name))
  }
  return { properties: set.properties.filter((p) => names.has(p.name)), computed: [...aliases].filter((a) => names.has(a)), selected: true }
}

function expandItems(set: ODataEntitySet, e: ExpandOption, ctx: TranslateContext, option: string): { item: ExpandItem; shape: ExpandShape }[] {
  if (e.kind === 'star') {
    return set.navigations.flatMap((nav) => expandNav(nav, e.suffix, { ...(e.query.levels !== undefined ? { levels: e.query.levels } : {}) }, ctx, option))
  }
  const [name] = e.path
  const nav = name === undefined || e.path.length !== 1 ? undefined : set.navigation.get(name)
  if (!nav) {
    throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `${option}$expand: ${set.typeName} has no navigation '${e.path.join('/')}'; navigations: ${[...set.navigation.keys()].join(', ') || '(none)'}`, { target: e.path.join('/') })
  }
  return expandNav(nav, e.suffix, e.query, ctx, option)
}

function expandNav(nav: ODataNavigation, suffix: ExpandOption['suffix'], q: ExpandQuery, ctx: TranslateContext, option: string): { item: ExpandItem; shape: ExpandShape }[] {
  const target = ctx.service.set.get(nav.target)
  if (!target) return []
  const inner = `${option}$expand(${nav.name})/`
  const levels = q.levels === 'max' ? ctx.limits.maxLevels : (q.levels ?? 1)
  const own: ExpandQuery = { ...q, levels: undefined }
  const nested = levels > 1 ? { ...own, expand: [...(own.expand ?? []), { kind: 'path' as const, path: [nav.name], query: { ...own, levels: levels - 1 } }] } : own
  if (suffix === '$count') {
    const { sub, shape } = translateLevel(target, { ...(q.filter ? { filter: q.filter } : {}), ...(q.search ? { search: q.search } : {}) }, ctx, inner)
    return [{ item: { navigation: nav.navigation.name, query: { ...sub, count: true, top: 0 } }, shape: { nav, mode: 'count', shape, count: true } }]
  }
  const { sub, shape } = translateLevel(target, suffix === '$ref' ? { ...nested, select: [], expand: [] } : nested, ctx, inner)
  const query = suffix === '$ref' ? { ...sub, select: [...new Set(['id', ...target.key.map((k) => k.member)])] } : sub
  return [{ item: { navigation: nav.navigation.name, query }, shape: { nav, mode: suffix === '$ref' ? 'ref' : 'entities', shape, count: q.count === true } }]
}
