import type { TypedAggregation, TypedQuery } from '../../query/index.js'
import { quoteIdent } from '../ddl.js'
import { predicate, sortKey, value } from './compile-expr.js'
import { compileLevel, fromClause, pageClause, statementContext, whereClause, type CompileOptions, type Statement } from './compile-select.js'
import { rowDecoder, type RowDecoder } from './decode-rows.js'
import { finish, joinSql, raw, sql, type Sql } from './sql-fragment.js'
import type { CompileContext } from './sql-scope.js'

/**
 * An aggregated query: GROUP BY the group keys, aggregates beside them, HAVING and the
 * group order over the same expressions (PostgreSQL cannot refer to output aliases inside
 * expressions, so keys and aggregates are written out again). The count of groups wraps the
 * grouped statement.
 */
export function compileAggregate(q: TypedQuery, agg: TypedAggregation, options: CompileOptions): { main: Statement; count?: Statement; decoder: RowDecoder } {
  const { ctx: base, scope } = statementContext(options, q)
  const slots = options.slots ?? {}
  const level = { ...q, select: [], compute: [], orderBy: [], expand: [] }
  const conditions = compileLevel(level, base, scope, { forwardExpands: [], ...(slots.search === undefined ? {} : { searchSlot: slots.search }) }).conditions
  const keys = agg.groupBy.map((g) => value(g.member, base))
  const aggregates = agg.aggregates.map((a) => options.dialect.aggregate(a.op, a.expr ? value(a.expr, base) : undefined, a.info))
  const ctx: CompileContext = { ...base, group: { keys, aggregates } }
  const columns = [
    ...agg.groupBy.map((g, i) => sql`${keys[i] as Sql} AS ${quoteIdent(g.name)}`),
    ...agg.aggregates.map((a, i) => sql`${aggregates[i] as Sql} AS ${quoteIdent(a.alias)}`),
  ]
  const having = agg.having ? sql` HAVING ${predicate(agg.having, ctx, true)}` : raw('')
  const order = agg.orderBy.map((s) => sortKey(s.expr, s.direction, ctx))
  const groupBy = keys.length ? sql` GROUP BY ${joinSql(keys, ', ')}` : raw('')
  const from = fromClause(scope)
  const where = whereClause(conditions)
  const orderBy = order.length ? sql` ORDER BY ${joinSql(order, ', ')}` : raw('')
  const main = sql`SELECT ${joinSql(columns, ', ')} FROM ${from}${where}${groupBy}${having}${orderBy}${pageClause(options.dialect, q, slots)}`
  const decoder = rowDecoder(
    [...agg.groupBy.map((g) => ({ name: g.name, info: g.member.info })), ...agg.aggregates.map((a) => ({ name: a.alias, info: a.info }))],
    options.dialect.name,
  )
  const numbered = options.dialect.numbered
  if (!q.count) return { main: finish(main, numbered), decoder }
  const count = sql`SELECT COUNT(*) AS "n" FROM (SELECT ${joinSql(columns, ', ')} FROM ${from}${where}${groupBy}${having}) AS "g"`
  return { main: finish(main, numbered), count: finish(count, numbered), decoder }
}
