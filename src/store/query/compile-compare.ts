import type { CompareOp, TypedCompare, TypedExpr, TypedIn } from '../../query/index.js'
import { constant, value } from './compile-expr.js'
import { isText } from './sql-dialect.js'
import { joinSql, sql, type Sql } from './sql-fragment.js'
import type { CompileContext } from './sql-scope.js'

/**
 * Comparisons with null as a value for eq/ne (`a eq null` → `a IS NULL`, two nullable
 * sides → `IS` / `IS NOT DISTINCT FROM`) and false for the ordering operators; each in a
 * positive and a negative (two-valued `not`) form.
 */

const SQL_OP: Readonly<Record<CompareOp, string>> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' }
const INVERSE: Readonly<Record<CompareOp, CompareOp>> = { eq: 'ne', ne: 'eq', lt: 'ge', le: 'gt', gt: 'le', ge: 'lt' }

const isNullLiteral = (e: TypedExpr): boolean => e.kind === 'literal' && e.value === null

/** A comparison in the requested polarity (see compile-expr.ts). */
export function compileCompare(expr: TypedCompare, ctx: CompileContext, positive: boolean): Sql {
  const { left, right } = expr
  if (expr.op === 'eq' || expr.op === 'ne') return equality(left, right, (expr.op === 'eq') === positive, ctx)
  if (isNullLiteral(left) || isNullLiteral(right)) return constant(false, positive)
  const text = isText(left.info.type) || isText(right.info.type)
  const l = text ? ctx.dialect.collateText(value(left, ctx)) : value(left, ctx)
  const r = value(right, ctx)
  if (positive) return sql`${l} ${SQL_OP[expr.op]} ${r}`
  const orNull = [...(left.info.nullable ? [sql` OR ${l} IS NULL`] : []), ...(right.info.nullable ? [sql` OR ${r} IS NULL`] : [])]
  const inverse = sql`${l} ${SQL_OP[INVERSE[expr.op]]} ${r}`
  return orNull.length === 0 ? inverse : sql`(${inverse}${joinSql(orNull, '')})`
}

/** `wantEqual` is the effective test after polarity: eq positive or ne negative. */
function equality(left: TypedExpr, right: TypedExpr, wantEqual: boolean, ctx: CompileContext): Sql {
  const lNull = isNullLiteral(left)
  const rNull = isNullLiteral(right)
  if (lNull && rNull) return constant(true, wantEqual)
  if (lNull || rNull) {
    const other = value(lNull ? right : left, ctx)
    return wantEqual ? sql`${other} IS NULL` : sql`${other} IS NOT NULL`
  }
  const l = value(left, ctx)
  const r = value(right, ctx)
  const ln = left.info.nullable
  const rn = right.info.nullable
  if (wantEqual) return ln && rn ? ctx.dialect.notDistinct(l, r) : sql`${l} = ${r}`
  if (ln && rn) return ctx.dialect.distinct(l, r)
  if (ln || rn) return sql`(${l} <> ${r} OR ${ln ? l : r} IS NULL)`
  return sql`${l} <> ${r}`
}

/** `a in (…)` means `a eq v1 or a eq v2 …`: a null in the list matches a null operand. */
export function compileIn(expr: TypedIn, ctx: CompileContext, positive: boolean): Sql {
  const operand = value(expr.operand, ctx)
  const literals = expr.values.filter((v) => v.kind === 'literal' && v.value !== null)
  const hasNull = expr.values.some(isNullLiteral)
  const others = expr.values.filter((v) => v.kind !== 'literal')
  const list = literals.length ? joinSql(literals.map((v) => value(v, ctx)), ', ') : undefined
  const nullable = expr.operand.info.nullable
  const parts: Sql[] = []
  if (positive) {
    if (list) parts.push(sql`${operand} IN (${list})`)
    if (hasNull && nullable) parts.push(sql`${operand} IS NULL`)
  } else if (list) {
    parts.push(hasNull || !nullable ? sql`${operand} NOT IN (${list})` : sql`(${operand} NOT IN (${list}) OR ${operand} IS NULL)`)
  }
  if (!positive && hasNull && nullable) parts.push(sql`${operand} IS NOT NULL`)
  for (const other of others) parts.push(equality(expr.operand, other, positive, ctx))
  if (parts.length === 0) return constant(false, positive)
  return sql`(${joinSql(parts, positive ? ' OR ' : ' AND ')})`
}
