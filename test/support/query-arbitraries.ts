/**
 * Random well-typed queries over the example model, for property tests: every expression
 * kind, navigation paths, nested lambdas, counts, `in`, functions, sort keys and paging.
 * Literals come from the pools of literal-pools.ts.
 */
import fc from 'fast-check'
import type { EntityModel, ModelIndex } from '../../src/model/index.js'
import { chance, EXACT_POOLS, pick, type LiteralPools } from './literal-pools.js'
import { valueTypeOf, type ArithmeticOp, type CompareOp, type CrossJoinQuery, type Expr, type FunctionName, type Query, type SortItem, type ValueType } from '../../src/query/index.js'

type Gen = fc.GeneratorValue

/** `dur` (Duration) has no attributes: its values are literals and temporal arithmetic. */
type Kind = 'int' | 'dec' | 'str' | 'date' | 'dt' | 'dur' | 'enum' | 'bool'

interface PathInfo {
  readonly path: readonly string[]
  readonly kind: Kind
  readonly type: ValueType
  readonly enumValues?: readonly string[]
}

interface Scope {
  readonly variable?: string
  readonly entity: EntityModel
}

interface Ctx {
  readonly g: Gen
  readonly index: ModelIndex
  readonly pools: LiteralPools
  readonly scopes: readonly Scope[]
  readonly lambdaDepth: number
  readonly names: { next: number }
  readonly paths: (entity: EntityModel) => readonly PathInfo[]
}

function kindOf(type: ValueType): Kind | undefined {
  switch (type) {
    case 'Integer':
    case 'Long':
      return 'int'
    case 'Decimal':
      return 'dec'
    case 'String':
      return 'str'
    case 'Date':
      return 'date'
    case 'DateTime':
      return 'dt'
    case 'Enum':
      return 'enum'
    case 'Boolean':
      return 'bool'
    default:
      return undefined
  }
}

/** Value paths of an entity: its members, and those of entities up to two to-one steps away. */
function valuePaths(index: ModelIndex, entity: EntityModel, prefix: readonly string[] = [], depth = 2): PathInfo[] {
  const out: PathInfo[] = []
  for (const a of entity.attributes) {
    const type = valueTypeOf(a.type)
    const kind = kindOf(type)
    const enumValues = a.type.kind === 'Enum' ? index.enumeration(a.type.enumeration)?.values.map((v) => v.name) : undefined
    if (kind) out.push({ path: [...prefix, a.name], kind, type, ...(enumValues ? { enumValues } : {}) })
  }
  for (const nav of index.navigations(entity)) {
    if (nav.cardinality !== 'one') continue
    if (nav.direction === 'forward') out.push({ path: [...prefix, nav.name], kind: 'int', type: 'Long' })
    if (depth > 0) out.push(...valuePaths(index, nav.target, [...prefix, nav.name], depth - 1))
  }
  return out
}


/** A path of `kind` from one of the scopes, mostly a direct member of the innermost ones. */
function property(ctx: Ctx, kind: Kind): { expr: Expr; info: PathInfo } | undefined {
  const all = ctx.scopes.flatMap((s) => ctx.paths(s.entity).filter((p) => p.kind === kind).map((info) => ({ s, info })))
  const direct = all.filter((c) => c.info.path.length === 1 && c.s === ctx.scopes[ctx.scopes.length - 1])
  const candidates = direct.length > 0 && chance(ctx.g, 60) ? direct : all
  if (candidates.length === 0) return undefined
  const { s, info } = pick(ctx.g, candidates)
  const expr: Expr = { kind: 'property', path: info.path, ...(s.variable ? { variable: s.variable } : {}) }
  return { expr, info }
}

function literal(ctx: Ctx, kind: Kind, info?: PathInfo): Expr {
  const { g, pools } = ctx
  switch (kind) {
    case 'int':
      return { kind: 'literal', value: pools.integer(g) }
    case 'dec':
      return { kind: 'literal', value: pools.decimal(g) }
    case 'str':
      return { kind: 'literal', value: pools.string(g) }
    case 'date':
      return { kind: 'literal', value: pools.date(g), type: 'Date' }
    case 'dt':
      return { kind: 'literal', value: pools.dateTime(g), type: 'DateTime' }
    case 'dur':
      return { kind: 'literal', value: pools.duration(g), type: 'Duration' }
    case 'enum':
      return { kind: 'literal', value: pick(g, info?.enumValues ?? ['Active']) }
    case 'bool':
      return { kind: 'literal', value: chance(g, 50) }
  }
}

/** A value of `kind`: a path, a literal, or (with depth left) a computed expression. */
function valueOf(ctx: Ctx, kind: Kind, depth: number): Expr {
  if (depth > 0 && chance(ctx.g, 45)) {
    if (kind === 'int' || kind === 'dec') return numeric(ctx, kind, depth - 1)
    if (kind === 'str') return text(ctx, depth - 1)
    if (kind === 'date' && chance(ctx.g, 50)) return { kind: 'call', name: 'date', args: [valueOf(ctx, 'dt', 0)] }
    if ((kind === 'date' || kind === 'dt') && chance(ctx.g, 30)) return shifted(ctx, kind, depth - 1)
    if (kind === 'dur') return duration(ctx, depth - 1)
    if (kind === 'bool') return predicate(ctx, depth - 1)
  }
  if (chance(ctx.g, 65)) {
    const p = property(ctx, kind)
    if (p) return p.expr
  }
  if (kind === 'dt' && chance(ctx.g, 10)) return { kind: 'call', name: pick(ctx.g, ['mindatetime', 'maxdatetime'] as const), args: [] }
  return literal(ctx, kind)
}

/** A date or date-time that is not an extreme (mindatetime/maxdatetime), so shifting it stays within the years 0001–9999. */
function ordinary(ctx: Ctx, kind: 'date' | 'dt'): Expr {
  return property(ctx, kind)?.expr ?? literal(ctx, kind)
}

/** A date or date-time moved by a duration. */
function shifted(ctx: Ctx, kind: 'date' | 'dt', depth: number): Expr {
  return { kind: 'arith', op: pick(ctx.g, ['add', 'sub'] as const), left: ordinary(ctx, kind), right: duration(ctx, depth) }
}

/**
 * A duration: a literal, a difference of dates or date-times, a sum, a negation, or a literal
 * scaled by an exact number (so the three engines multiply the same doubles).
 */
function duration(ctx: Ctx, depth: number): Expr {
  const g = ctx.g
  const choice = g(fc.nat, { max: depth > 0 ? 6 : 3 })
  switch (choice) {
    case 0:
      return literal(ctx, 'dur')
    case 1: {
      const kind = pick(g, ['date', 'dt'] as const)
      return { kind: 'arith', op: 'sub', left: ordinary(ctx, kind), right: ordinary(ctx, kind) }
    }
    case 2:
      return { kind: 'arith', op: 'mul', left: literal(ctx, 'dur'), right: chance(g, 50) ? valueOf(ctx, 'int', 0) : literal(ctx, 'dec') }
    case 3:
      return { kind: 'arith', op: pick(g, ['div', 'divby'] as const), left: literal(ctx, 'dur'), right: { kind: 'literal', value: ctx.pools.divisor(g), type: 'Decimal' } }
    case 4:
      return { kind: 'negate', operand: duration(ctx, depth - 1) }
    default:
      return { kind: 'arith', op: pick(g, ['add', 'sub'] as const), left: duration(ctx, depth - 1), right: duration(ctx, depth - 1) }
  }
}

const INT_OPS: readonly ArithmeticOp[] = ['add', 'sub', 'mul', 'div', 'mod']

function numeric(ctx: Ctx, kind: 'int' | 'dec', depth: number): Expr {
  const g = ctx.g
  const choice = g(fc.nat, { max: 9 })
  if (kind === 'int') {
    if (choice === 0) return { kind: 'call', name: 'length', args: [valueOf(ctx, 'str', depth)] }
    if (choice === 1) return { kind: 'call', name: 'indexof', args: [valueOf(ctx, 'str', depth), valueOf(ctx, 'str', 0)] }
    if (choice === 2) return { kind: 'call', name: pick(g, ['year', 'month', 'day'] as const), args: [valueOf(ctx, pick(g, ['date', 'dt'] as const), 0)] }
    if (choice === 3) return { kind: 'call', name: pick(g, ['hour', 'minute', 'second'] as const), args: [valueOf(ctx, 'dt', 0)] }
    if (choice === 4) return countOf(ctx, depth)
    if (choice === 5) return { kind: 'negate', operand: valueOf(ctx, 'int', depth) }
    return { kind: 'arith', op: pick(g, INT_OPS), left: valueOf(ctx, 'int', depth), right: valueOf(ctx, 'int', depth) }
  }
  if (choice === 0) return { kind: 'call', name: pick(g, ['round', 'floor', 'ceiling'] as const), args: [valueOf(ctx, 'dec', depth)] }
  if (choice === 1) return { kind: 'negate', operand: valueOf(ctx, 'dec', depth) }
  if (choice <= 3) {
    // Division and decimal remainder only by exact divisors, so both databases agree to the last digit.
    const divisor = ctx.pools.divisor(g)
    return { kind: 'arith', op: pick(g, ['div', 'divby', 'mod'] as const), left: valueOf(ctx, pick(g, ['dec', 'int'] as const), depth), right: { kind: 'literal', value: divisor, type: 'Decimal' } }
  }
  return { kind: 'arith', op: pick(g, ['add', 'sub', 'mul'] as const), left: valueOf(ctx, 'dec', depth), right: valueOf(ctx, pick(g, ['dec', 'int'] as const), depth) }
}

function text(ctx: Ctx, depth: number): Expr {
  const g = ctx.g
  const name = pick(g, ['tolower', 'toupper', 'trim', 'concat', 'substring', 'substring'] as const)
  const s = valueOf(ctx, 'str', depth)
  if (name === 'concat') return { kind: 'call', name, args: [s, valueOf(ctx, 'str', depth)] }
  if (name === 'substring') {
    const start: Expr = chance(g, 80) ? { kind: 'literal', value: ctx.pools.small(g, -8, 8) } : valueOf(ctx, 'int', 0)
    const length: Expr[] = chance(g, 50) ? [{ kind: 'literal', value: ctx.pools.small(g, 0, 6) }] : []
    return { kind: 'call', name, args: [s, start, ...length] }
  }
  return { kind: 'call', name, args: [s] }
}

function collection(ctx: Ctx): { variable?: string; path: string[]; target: EntityModel } | undefined {
  const options = ctx.scopes.flatMap((s) => {
    const direct = ctx.index.navigations(s.entity).filter((n) => n.cardinality === 'many').map((n) => ({ s, path: [n.name], target: n.target }))
    const viaOne = ctx.index
      .navigations(s.entity)
      .filter((n) => n.cardinality === 'one')
      .flatMap((one) => ctx.index.navigations(one.target).filter((n) => n.cardinality === 'many').map((n) => ({ s, path: [one.name, n.name], target: n.target })))
    return [...direct, ...viaOne]
  })
  if (options.length === 0) return undefined
  const { s, path, target } = pick(ctx.g, options)
  return { ...(s.variable ? { variable: s.variable } : {}), path, target }
}

function countOf(ctx: Ctx, depth: number): Expr {
  const c = collection(ctx)
  if (!c || ctx.lambdaDepth >= 2) return literal(ctx, 'int')
  const inner: Ctx = { ...ctx, scopes: [{ entity: c.target }, ...ctx.scopes.filter((s) => s.variable)], lambdaDepth: ctx.lambdaDepth + 1 }
  const filter = depth > 0 && chance(ctx.g, 60) ? { filter: predicate(inner, depth - 1) } : {}
  return { kind: 'count', path: c.path, ...(c.variable ? { variable: c.variable } : {}), ...filter }
}

function lambda(ctx: Ctx, depth: number): Expr {
  const c = collection(ctx)
  if (!c || ctx.lambdaDepth >= 2) return comparison(ctx, depth)
  const as = `v${ctx.names.next++}`
  const inner: Ctx = { ...ctx, scopes: [...ctx.scopes, { variable: as, entity: c.target }], lambdaDepth: ctx.lambdaDepth + 1 }
  const kind = pick(ctx.g, ['any', 'all'] as const)
  const predicateExpr = kind === 'any' && chance(ctx.g, 20) ? {} : { predicate: predicate(inner, depth) }
  return { kind, path: c.path, as, ...(c.variable ? { variable: c.variable } : {}), ...predicateExpr }
}

const OPS: readonly CompareOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge']

function comparison(ctx: Ctx, depth: number): Expr {
  const g = ctx.g
  const kind = pick(g, ['int', 'int', 'dec', 'dec', 'str', 'str', 'date', 'dt', 'dur', 'enum', 'bool'] as const)
  const op = pick(g, kind === 'bool' ? (['eq', 'ne'] as const) : OPS)
  if (kind === 'dur' && chance(g, 15)) {
    return { kind: 'compare', op, left: { kind: 'call', name: 'totalseconds', args: [duration(ctx, depth)] }, right: literal(ctx, 'dec') }
  }
  if (kind === 'dur' && chance(g, 30)) {
    // 4.01: a plain string compared with a duration is read as one.
    return { kind: 'compare', op, left: duration(ctx, depth), right: { kind: 'literal', value: ctx.pools.duration(g) } }
  }
  if (kind === 'enum') {
    const p = property(ctx, 'enum')
    if (p) return { kind: 'compare', op, left: p.expr, right: chance(g, 10) ? { kind: 'literal', value: null } : literal(ctx, 'enum', p.info) }
  }
  if (kind === 'dt' && chance(g, 15)) {
    return { kind: 'compare', op, left: { kind: 'call', name: 'time', args: [valueOf(ctx, 'dt', 0)] }, right: { kind: 'literal', value: ctx.pools.time(g) } }
  }
  if (kind === 'dt' && chance(g, 15)) {
    return { kind: 'compare', op, left: { kind: 'call', name: 'fractionalseconds', args: [valueOf(ctx, 'dt', 0)] }, right: literal(ctx, 'dec') }
  }
  const valueKind = kind === 'enum' ? 'str' : kind
  const roll = g(fc.integer, { min: 1, max: 100 })
  const right = roll <= 6 ? { kind: 'literal' as const, value: null } : roll <= 66 ? literal(ctx, valueKind) : valueOf(ctx, valueKind, depth)
  return { kind: 'compare', op, left: valueOf(ctx, valueKind, depth), right }
}

function membership(ctx: Ctx): Expr {
  const g = ctx.g
  const kind = pick(g, ['int', 'dec', 'str', 'enum'] as const)
  const p = property(ctx, kind)
  if (!p) return comparison(ctx, 0)
  const n = g(fc.nat, { max: 4 })
  const values: Expr[] = Array.from({ length: n }, () => (chance(g, 15) ? { kind: 'literal', value: null } : literal(ctx, kind, p.info)))
  return { kind: 'in', operand: p.expr, values }
}

const STRING_PREDICATES: readonly FunctionName[] = ['contains', 'startswith', 'endswith']

/** A truth value over the scopes in `ctx`. */
export function predicate(ctx: Ctx, depth: number): Expr {
  const g = ctx.g
  const choice = g(fc.nat, { max: depth > 0 ? 11 : 5 })
  switch (choice) {
    case 0:
    case 1:
      return comparison(ctx, depth)
    case 2:
      return membership(ctx)
    case 3:
      return { kind: 'call', name: pick(g, STRING_PREDICATES), args: [valueOf(ctx, 'str', depth), valueOf(ctx, 'str', 0)] }
    case 4: {
      const p = property(ctx, pick(g, ['int', 'dec', 'str', 'date', 'dt'] as const))
      return p ? { kind: 'compare', op: pick(g, ['eq', 'ne'] as const), left: p.expr, right: { kind: 'literal', value: null } } : comparison(ctx, 0)
    }
    case 5:
      return property(ctx, 'bool')?.expr ?? comparison(ctx, 0)
    case 6:
    case 7:
      return { kind: pick(g, ['and', 'or'] as const), operands: Array.from({ length: 2 + g(fc.nat, { max: 1 }) }, () => predicate(ctx, depth - 1)) }
    case 8:
      return { kind: 'not', operand: predicate(ctx, depth - 1) }
    case 9:
    case 10:
      return lambda(ctx, depth - 1)
    default:
      return { kind: 'compare', op: pick(g, OPS), left: countOf(ctx, depth - 1), right: { kind: 'literal', value: ctx.pools.small(g, 0, 3) } }
  }
}

function sortItems(ctx: Ctx): SortItem[] {
  const g = ctx.g
  const n = g(fc.nat, { max: 3 })
  return Array.from({ length: n }, () => {
    const kind = pick(g, ['int', 'dec', 'str', 'str', 'date', 'dt', 'dur', 'enum', 'bool'] as const)
    const p = property(ctx, kind)
    const expr = p && chance(g, 70) ? p.expr : valueOf(ctx, kind === 'enum' ? 'str' : kind, 1)
    return { expr, direction: pick(g, ['asc', 'desc'] as const) }
  })
}

export const QUERY_ENTITIES = ['Catalog.Product', 'Catalog.Product', 'Catalog.Category', 'Catalog.Tag', 'Sales.Order', 'Sales.OrderLine', 'Sales.Customer'] as const

/** An arbitrary query with a random filter, sort and page over one of the example entities. */
export function queryArbitrary(index: ModelIndex, pools: LiteralPools = EXACT_POOLS): fc.Arbitrary<Query> {
  const cache = new Map<EntityModel, PathInfo[]>()
  const paths = (entity: EntityModel): PathInfo[] => {
    let found = cache.get(entity)
    if (!found) cache.set(entity, (found = valuePaths(index, entity)))
    return found
  }
  return fc.gen().map((g) => {
    const entity = index.requireEntity(pick(g, QUERY_ENTITIES))
    const ctx: Ctx = { g, index, pools, scopes: [{ entity }], lambdaDepth: 0, names: { next: 0 }, paths }
    const filter = predicate(ctx, g(fc.integer, { min: 1, max: 3 }))
    const paging = chance(g, 30) ? { top: g(fc.nat, { max: 6 }), ...(chance(g, 50) ? { skip: g(fc.nat, { max: 4 }) } : {}) } : {}
    const search = chance(g, 8) ? { search: pools.string(g) } : {}
    return { entity: entity.qualifiedName, filter, orderBy: sortItems(ctx), ...paging, ...search }
  })
}

/**
 * An arbitrary cross join of two members (the same entity may be both): each with an own
 * filter sometimes, a cross filter over both members' paths (comparisons between them
 * included), sort keys from either, and a page.
 */
export function crossJoinArbitrary(index: ModelIndex, pools: LiteralPools = EXACT_POOLS): fc.Arbitrary<CrossJoinQuery> {
  const paths = (entity: EntityModel): PathInfo[] => valuePaths(index, entity)
  return fc.gen().map((g) => {
    const members = ['A', 'B'].map((name) => ({ name, entity: index.requireEntity(pick(g, QUERY_ENTITIES)) }))
    const own = members.map((m) => {
      const ctx: Ctx = { g, index, pools, scopes: [{ entity: m.entity }], lambdaDepth: 0, names: { next: 0 }, paths }
      return { name: m.name, entity: m.entity.qualifiedName, ...(chance(g, 40) ? { filter: predicate(ctx, 1) } : {}), select: [] }
    })
    const ctx: Ctx = { g, index, pools, scopes: members.map((m) => ({ variable: m.name, entity: m.entity })), lambdaDepth: 0, names: { next: 0 }, paths }
    const filter = predicate(ctx, g(fc.integer, { min: 1, max: 2 }))
    const paging = chance(g, 40) ? { top: g(fc.nat, { max: 6 }), ...(chance(g, 50) ? { skip: g(fc.nat, { max: 4 }) } : {}) } : {}
    return { kind: 'crossJoin' as const, members: own, filter, orderBy: sortItems(ctx), ...paging, ...(chance(g, 30) ? { count: true } : {}) }
  })
}

const AGGREGATABLE: readonly Kind[] = ['int', 'dec', 'str', 'date', 'dt', 'enum', 'bool']

/** An arbitrary aggregation: group keys along to-one paths, every aggregate, having and a group order. */
export function aggregateQueryArbitrary(index: ModelIndex, pools: LiteralPools = EXACT_POOLS): fc.Arbitrary<Query> {
  return fc.gen().map((g) => {
    const entity = index.requireEntity(pick(g, QUERY_ENTITIES))
    const paths = valuePaths(index, entity)
    const ctx: Ctx = { g, index, pools, scopes: [{ entity }], lambdaDepth: 0, names: { next: 0 }, paths: (e) => valuePaths(index, e) }
    const keys = [...new Set(Array.from({ length: g(fc.nat, { max: 2 }) }, () => pick(g, paths.filter((p) => p.kind !== 'dt')).path.join('/')))]
    const numeric = paths.filter((p) => p.kind === 'int' || p.kind === 'dec')
    const aggregates = Array.from({ length: 1 + g(fc.nat, { max: 3 }) }, (_, i) => {
      const op = pick(g, ['sum', 'avg', 'min', 'max', 'count', 'countdistinct'] as const)
      const source = op === 'sum' || op === 'avg' ? pick(g, numeric) : pick(g, paths.filter((p) => AGGREGATABLE.includes(p.kind)))
      const expr: Expr | undefined = op === 'count' && chance(g, 50) ? undefined : { kind: 'property', path: source.path }
      return { op, as: `a${i}`, ...(expr ? { expr } : {}) }
    })
    const names = [...keys, ...aggregates.map((a) => a.as)]
    const orderBy: SortItem[] = Array.from({ length: g(fc.nat, { max: 2 }) }, () => ({ expr: { kind: 'property', path: [pick(g, names)] }, direction: pick(g, ['asc', 'desc'] as const) }))
    const numericAggregates = aggregates.filter((a) => a.op !== 'min' && a.op !== 'max')
    const having: Expr | undefined =
      numericAggregates.length > 0 && chance(g, 40)
        ? { kind: 'compare', op: pick(g, OPS), left: { kind: 'property', path: [pick(g, numericAggregates).as] }, right: literal(ctx, pick(g, ['int', 'dec'] as const)) }
        : undefined
    const filter = chance(g, 50) ? { filter: predicate(ctx, 1) } : {}
    const paging = chance(g, 25) ? { top: g(fc.nat, { max: 4 }), skip: g(fc.nat, { max: 2 }) } : {}
    return {
      entity: entity.qualifiedName,
      ...filter,
      aggregate: { groupBy: keys.map((k) => ({ kind: 'property' as const, path: k.split('/') })), aggregates, ...(having ? { having } : {}) },
      orderBy,
      ...paging,
      count: chance(g, 30),
    }
  })
}
