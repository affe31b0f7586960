import type { Literal, TypedQuery, TypedSearch, TypedSortItem, TypedSubQuery } from '../../query/index.js'
import { ROOT_SCOPE } from '../../query/index.js'
import { quoteIdent } from '../ddl.js'
import type { PhysicalSchema } from '../physical-schema.js'
import { predicate, sortKey, value } from './compile-expr.js'
import { rowDecoder, type RowDecoder } from './decode-rows.js'
import { isText, type SqlDialect } from './sql-dialect.js'
import { finish, joinSql, raw, slotted, sql, type Sql } from './sql-fragment.js'
import { memberColumn, newScope, type CompileContext, type SqlScope } from './sql-scope.js'

/** A finished statement: text with placeholders and the values bound to them, in order. */
export interface Statement {
  readonly sql: string
  readonly params: readonly unknown[]
}

/** What compiling needs besides the query: the dialect and where each entity is stored. */
export interface CompileOptions {
  readonly dialect: SqlDialect
  readonly physical: PhysicalSchema
  /** Slot numbers of the root level's paging, cursor and search values (see query-shape.ts). */
  readonly slots?: RootSlots
}

/** Where the root level's non-literal values sit among a query shape's slots. */
export interface RootSlots {
  readonly top?: number
  readonly skip?: number
  /** Slot of the first cursor value; the others follow. */
  readonly after?: number
  /** Slot of the first search term; the others follow. */
  readonly search?: number
}

/** What a level compiles besides its own options. */
export interface LevelOptions {
  /** Navigations expanded through this level's own foreign keys, which the select must carry. */
  readonly forwardExpands: readonly string[]
  readonly searchSlot?: number
}

/** What one level (the main query, or one expand) selects, filters and sorts by. */
export interface LevelPieces {
  readonly select: Sql
  /** Filter and search, without the keyset cursor. */
  readonly conditions: readonly Sql[]
  readonly order: readonly Sql[]
  readonly decoder: RowDecoder
  /** Hidden column holding each forward to-one expand's foreign key, by navigation name. */
  readonly foreignKeys: ReadonlyMap<string, string>
}

/** A new statement over `entity`'s table as `t0`, with the root scope bound to it. */
export function statementContext(options: CompileOptions, q: TypedSubQuery): { ctx: CompileContext; scope: SqlScope } {
  const aliases = { next: 0 }
  const scope = newScope({ aliases, physical: options.physical }, q.entity)
  return { ctx: { dialect: options.dialect, physical: options.physical, aliases, scopes: new Map([[ROOT_SCOPE, scope]]) }, scope }
}

/** Compiles the select list, conditions and sort keys of one level. */
export function compileLevel(q: TypedSubQuery, ctx: CompileContext, scope: SqlScope, options: LevelOptions): LevelPieces {
  const columns: Sql[] = []
  const decoded: { name: string; info: TypedSubQuery['select'][number]['info'] }[] = []
  for (const m of q.select) {
    columns.push(sql`${memberColumn(scope.table, scope.alias, m.target)} AS ${quoteIdent(m.name)}`)
    decoded.push({ name: m.name, info: m.info })
  }
  for (const c of q.compute) {
    columns.push(sql`${value(c.expr, ctx)} AS ${quoteIdent(c.alias)}`)
    decoded.push({ name: c.alias, info: c.expr.info })
  }
  const foreignKeys = new Map<string, string>()
  for (const name of options.forwardExpands) {
    const selected = q.select.some((m) => m.name === name)
    const key = selected ? name : `$fk.${name}`
    if (!selected) columns.push(sql`${memberColumn(scope.table, scope.alias, referenceTarget(q, name))} AS ${quoteIdent(key)}`)
    foreignKeys.set(name, key)
  }
  const conditions = [...(q.filter ? [predicate(q.filter, ctx, true)] : []), ...(q.search ? [searchCondition(q.search, ctx, scope, options.searchSlot)] : [])]
  return {
    select: joinSql(columns, ', '),
    conditions,
    order: q.orderBy.map((s) => sortKey(s.expr, s.direction, ctx)),
    decoder: rowDecoder(decoded, ctx.dialect.name),
    foreignKeys,
  }
}

function referenceTarget(q: TypedSubQuery, name: string) {
  const expand = q.expand.find((e) => e.navigation.name === name)
  if (!expand) throw new Error(`no expand ${name}`)
  return { kind: 'reference' as const, association: expand.navigation.association }
}

/** Every term must occur, ASCII case-insensitively, in one String/Text column. */
function searchCondition(search: TypedSearch, ctx: CompileContext, scope: SqlScope, firstSlot: number | undefined): Sql {
  const f = ctx.dialect.functions
  if (search.attributes.length === 0) return raw('FALSE')
  const terms = search.terms.map((term, j) => {
    const bound = slotted(ctx.dialect.bind(term, 'String'), firstSlot === undefined ? undefined : firstSlot + j)
    const hits = search.attributes.map((a) => {
      const column = memberColumn(scope.table, scope.alias, { kind: 'attribute', attribute: a })
      return f.contains([f.tolower([column], []), bound], [])
    })
    return sql`(${joinSql(hits, ' OR ')})`
  })
  return joinSql(terms, ' AND ')
}

/** ` WHERE a AND b`, or nothing. */
export function whereClause(conditions: readonly Sql[]): Sql {
  return conditions.length === 0 ? raw('') : sql` WHERE ${joinSql(conditions, ' AND ')}`
}

/** The table of a scope with the joins its paths made; call it after compiling the expressions. */
export function fromClause(scope: SqlScope): string {
  return `${quoteIdent(scope.table.table)} AS ${scope.alias}${scope.joinClauses.join('')}`
}

/** LIMIT/OFFSET with bound values (numbered by `slots` at the root). */
export function pageClause(dialect: SqlDialect, q: Pick<TypedSubQuery, 'top' | 'skip'>, slots: RootSlots = {}): Sql {
  const top = q.top === undefined ? undefined : slotted(dialect.bind(q.top, 'Long'), slots.top)
  const skip = q.skip === undefined ? undefined : slotted(dialect.bind(q.skip, 'Long'), slots.skip)
  return dialect.page(top, skip)
}

/** The main statement of a non-aggregated query, and its count statement when asked for. */
export function compileSelect(q: TypedQuery, options: CompileOptions, forwardExpands: readonly string[]): { main: Statement; count?: Statement; pieces: LevelPieces } {
  const { ctx, scope } = statementContext(options, q)
  const slots = options.slots ?? {}
  const pieces = compileLevel(q, ctx, scope, { forwardExpands, ...(slots.search === undefined ? {} : { searchSlot: slots.search }) })
  const after = q.after ? [afterCondition(q.orderBy, q.after, ctx, slots.after)] : []
  const where = whereClause([...pieces.conditions, ...after])
  const from = fromClause(scope)
  const main = sql`SELECT ${pieces.select} FROM ${from}${where} ORDER BY ${joinSql(pieces.order, ', ')}${pageClause(options.dialect, q, slots)}`
  const numbered = options.dialect.numbered
  if (!q.count) return { main: finish(main, numbered), pieces }
  const count = sql`SELECT COUNT(*) AS "n" FROM ${from}${whereClause(pieces.conditions)}`
  return { main: finish(main, numbered), count: finish(count, numbered), pieces }
}

type Term = Sql | boolean

function and(terms: readonly Term[]): Term {
  if (terms.some((t) => t === false)) return false
  const rest = terms.filter((t): t is Sql => t !== true)
  return rest.length === 0 ? true : rest.length === 1 ? (rest[0] as Sql) : sql`(${joinSql(rest, ' AND ')})`
}

/**
 * Rows strictly after the cursor in sort order (nulls first ascending, last descending):
 * `(k1 > v1) OR (k1 = v1 AND k2 > v2) OR …`, the id being the last key.
 */
export function afterCondition(orderBy: readonly TypedSortItem[], after: readonly Literal[], ctx: CompileContext, firstSlot?: number): Sql {
  const equal: Term[] = []
  const disjuncts: Sql[] = []
  orderBy.forEach((item, i) => {
    const key = value(item.expr, ctx)
    const v = after[i] ?? null
    const slot = firstSlot === undefined ? undefined : firstSlot + i
    const bound = v === null ? undefined : slotted(ctx.dialect.bind(v, item.expr.info.type), slot, item.expr.info)
    const greater = beyond(key, bound, item, ctx)
    const term = and([...equal, greater])
    if (term === true) disjuncts.push(raw('TRUE'))
    else if (term !== false) disjuncts.push(term)
    equal.push(bound === undefined ? (item.expr.info.nullable ? sql`${key} IS NULL` : false) : sql`${key} = ${bound}`)
  })
  return disjuncts.length === 0 ? raw('FALSE') : sql`(${joinSql(disjuncts, ' OR ')})`
}

function beyond(key: Sql, bound: Sql | undefined, item: TypedSortItem, ctx: CompileContext): Term {
  const nullable = item.expr.info.nullable
  const k = isText(item.expr.info.type) ? ctx.dialect.collateText(key) : key
  if (item.direction === 'asc') {
    if (bound === undefined) return nullable ? sql`${key} IS NOT NULL` : true
    return sql`${k} > ${bound}`
  }
  if (bound === undefined) return false
  return nullable ? sql`(${k} < ${bound} OR ${key} IS NULL)` : sql`${k} < ${bound}`
}

