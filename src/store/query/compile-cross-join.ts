import type { TypedCrossJoin, TypedCrossJoinMember } from '../../query/index.js'
import { ROOT_SCOPE } from '../../query/index.js'
import { quoteIdent } from '../ddl.js'
import { compileExpands, forwardOneExpands, type ExpandPlan } from './compile-expand.js'
import type { QueryPlan } from './compile-plan.js'
import { afterCondition, compileLevel, fromClause, pageClause, statementContext, whereClause, type CompileOptions } from './compile-select.js'
import { predicate, sortKey, value } from './compile-expr.js'
import { rowDecoder } from './decode-rows.js'
import { finish, joinSql, sql, type Sql } from './sql-fragment.js'
import { column, newScope, type CompileContext, type SqlScope } from './sql-scope.js'

/**
 * A cross join in SQL: the members' tables in one FROM (`CROSS JOIN`), each with the to-one
 * joins its paths need, the members' own filters and the cross join's filter in one WHERE,
 * the sort keys (each member's id last) and the page. The main statement returns each
 * member's id under the member's name (and the computed values); one statement per member
 * then reads the selected members of those ids (`id IN (…)`, one bound list) with their
 * expands, and replaces each id by its object, like a to-one expand.
 */
export function compileCrossJoin(q: TypedCrossJoin, options: CompileOptions): QueryPlan {
  const aliases = { next: 0 }
  const scopes = q.members.map((m) => newScope({ aliases, physical: options.physical }, m.query.entity))
  const ctx: CompileContext = { dialect: options.dialect, physical: options.physical, aliases, scopes: new Map(q.members.map((m, i) => [m.name, scopes[i] as SqlScope])) }
  const columns: Sql[] = q.members.map((m, i) => sql`${column((scopes[i] as SqlScope).alias, 'id')} AS ${quoteIdent(m.name)}`)
  for (const c of q.compute) columns.push(sql`${value(c.expr, ctx)} AS ${quoteIdent(c.alias)}`)
  const conditions: Sql[] = []
  q.members.forEach((m, i) => {
    // A member's own filter is written from the member, as the root of a plain query.
    if (m.query.filter) conditions.push(predicate(m.query.filter, { ...ctx, scopes: new Map([...ctx.scopes, [ROOT_SCOPE, scopes[i] as SqlScope]]) }, true))
  })
  if (q.filter) conditions.push(predicate(q.filter, ctx, true))
  const slots = options.slots ?? {}
  const order = q.orderBy.map((s) => sortKey(s.expr, s.direction, ctx))
  const after = q.after ? [afterCondition(q.orderBy, q.after, ctx, slots.after)] : []
  const from = scopes.map(fromClause).join(' CROSS JOIN ')
  const numbered = options.dialect.numbered
  const main = sql`SELECT ${joinSql(columns, ', ')} FROM ${from}${whereClause([...conditions, ...after])} ORDER BY ${joinSql(order, ', ')}${pageClause(options.dialect, q, slots)}`
  const count = q.count ? finish(sql`SELECT COUNT(*) AS "n" FROM ${from}${whereClause(conditions)}`, numbered) : undefined
  return {
    main: finish(main, numbered),
    ...(count ? { count } : {}),
    decoder: rowDecoder(q.compute.map((c) => ({ name: c.alias, info: c.expr.info })), options.dialect.name),
    expands: q.members.map((m) => memberPlan(m, options)),
  }
}

/** Reads the objects of one member by the ids the main statement returned. */
function memberPlan(m: TypedCrossJoinMember, options: CompileOptions): ExpandPlan {
  const { filter: _filter, ...shown } = m.query
  const { ctx, scope } = statementContext({ dialect: options.dialect, physical: options.physical }, shown)
  const pieces = compileLevel(shown, ctx, scope, { forwardExpands: forwardOneExpands(shown) })
  const where = sql` WHERE ${ctx.dialect.inIdList(column(scope.alias, 'id'))}`
  return {
    name: m.name,
    cardinality: 'one',
    parentKey: m.name,
    childKey: 'id',
    statement: finish(sql`SELECT ${pieces.select} FROM ${fromClause(scope)}${where}`, options.dialect.numbered),
    decoder: pieces.decoder,
    expands: compileExpands(shown, pieces.foreignKeys, { dialect: options.dialect, physical: options.physical }),
  }
}
