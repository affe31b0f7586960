import type { TypedArith, TypedExpr } from '../../query/index.js'
import { compileCollection } from './compile-collection.js'
import { compileCompare, compileIn } from './compile-compare.js'
import { temporalArithmetic } from './compile-temporal.js'
import { isText } from './sql-dialect.js'
import { joinSql, raw, slotted, sql, type Sql } from './sql-fragment.js'
import { joinPath, memberColumn, scopeOf, type CompileContext } from './sql-scope.js'

/**
 * Expressions to SQL. Values compile with `value`; truth values with `predicate` and a
 * polarity: the negative form of a predicate is true exactly when the two-valued predicate
 * is false (null included), so `not` never meets SQL's three-valued logic and simple
 * comparisons stay index-friendly (`not (a lt 5)` → `(a >= ? OR a IS NULL)`). The positive
 * form may be NULL where the predicate is false; WHERE, AND, OR, EXISTS and CASE WHEN all
 * read NULL as false, so that is safe.
 */
export function value(expr: TypedExpr, ctx: CompileContext): Sql {
  switch (expr.kind) {
    case 'literal':
      return expr.value === null ? ctx.dialect.nullOf(expr.info.type) : slotted(ctx.dialect.bind(expr.value, expr.info.type), expr.slot, expr.info)
    case 'member': {
      const { alias, table } = joinPath(ctx, scopeOf(ctx, expr.scope), expr.navigations)
      return memberColumn(table, alias, expr.member)
    }
    case 'computed':
      return value(expr.expr, ctx)
    case 'groupKey':
    case 'aggregate':
      return groupValue(expr.kind, expr.index, ctx)
    case 'arith':
      return arithmetic(expr, ctx)
    case 'negate':
      return sql`(-${isIntegralExpr(expr) ? integerOperand(expr.operand, ctx) : value(expr.operand, ctx)})`
    case 'call':
      if (expr.info.type === 'Boolean') return asValue(expr, ctx)
      return ctx.dialect.functions[expr.name](expr.args.map((a) => value(a, ctx)), expr.args)
    case 'count':
      return compileCollection(expr, ctx, true)
    default:
      return asValue(expr, ctx)
  }
}

function groupValue(kind: 'groupKey' | 'aggregate', index: number, ctx: CompileContext): Sql {
  const found = kind === 'groupKey' ? ctx.group?.keys[index] : ctx.group?.aggregates[index]
  if (!found) throw new Error(`${kind} ${index} used outside an aggregated statement`)
  return found
}

/** A truth value used as a value: never null, TRUE/FALSE (1/0 on SQLite). */
function asValue(expr: TypedExpr, ctx: CompileContext): Sql {
  return sql`(CASE WHEN ${predicate(expr, ctx, true)} THEN TRUE ELSE FALSE END)`
}

/**
 * An integral operand as a 64-bit integer: bound literals are already typed, Long members
 * are bigint columns; anything else (an Integer column, length(), …) may be 32-bit on
 * PostgreSQL and is cast so arithmetic cannot overflow at 2^31.
 */
function integerOperand(expr: TypedExpr, ctx: CompileContext): Sql {
  const v = value(expr, ctx)
  if (expr.kind === 'literal' || (expr.kind === 'member' && expr.info.type === 'Long')) return v
  return ctx.dialect.integer(v)
}

function isIntegralExpr(expr: TypedExpr): boolean {
  return expr.info.type === 'Integer' || expr.info.type === 'Long'
}

/** Division and remainder by zero give null on both databases (NULLIF), like the evaluator. */
function arithmetic(expr: TypedArith, ctx: CompileContext): Sql {
  const d = ctx.dialect
  if (expr.temporal) return temporalArithmetic(expr, value(expr.left, ctx), value(expr.right, ctx), d.temporal)
  const integral = expr.integral
  const left = integral ? integerOperand(expr.left, ctx) : value(expr.left, ctx)
  const right = integral ? integerOperand(expr.right, ctx) : value(expr.right, ctx)
  switch (expr.op) {
    case 'add':
      return sql`(${left} + ${right})`
    case 'sub':
      return sql`(${left} - ${right})`
    case 'mul':
      return sql`(${left} * ${right})`
    case 'div':
      return integral ? sql`(${left} / NULLIF(${right}, 0))` : sql`(${d.decimal(left)} / NULLIF(${right}, 0))`
    case 'divby':
      return sql`(${d.decimal(left)} / NULLIF(${right}, 0))`
    case 'mod':
      return integral ? sql`(${left} % NULLIF(${right}, 0))` : d.decimalMod(left, sql`NULLIF(${right}, 0)`)
  }
}

const TRUE = raw('TRUE')
const FALSE = raw('FALSE')

/** A constant truth value in the requested polarity. */
export function constant(holds: boolean, positive: boolean): Sql {
  return holds === positive ? TRUE : FALSE
}

/** Compiles a truth value; `positive: false` compiles its two-valued negation. */
export function predicate(expr: TypedExpr, ctx: CompileContext, positive: boolean): Sql {
  switch (expr.kind) {
    case 'literal':
      return constant(expr.value === true, positive)
    case 'compare':
      return compileCompare(expr, ctx, positive)
    case 'in':
      return compileIn(expr, ctx, positive)
    case 'and':
    case 'or': {
      const joiner = (expr.kind === 'and') === positive ? ' AND ' : ' OR '
      return sql`(${joinSql(expr.operands.map((o) => predicate(o, ctx, positive)), joiner)})`
    }
    case 'not':
      return predicate(expr.operand, ctx, !positive)
    case 'any':
    case 'all':
      return compileCollection(expr, ctx, positive)
    case 'computed':
      return predicate(expr.expr, ctx, positive)
    case 'call':
      if (expr.info.type === 'Boolean') return callPredicate(expr, ctx, positive)
      return booleanValue(expr, ctx, positive)
    default:
      return booleanValue(expr, ctx, positive)
  }
}

/** contains/startswith/endswith: null arguments make the SQL null, which the negative form turns into true. */
function callPredicate(expr: TypedExpr & { kind: 'call' }, ctx: CompileContext, positive: boolean): Sql {
  const p = ctx.dialect.functions[expr.name](expr.args.map((a) => value(a, ctx)), expr.args)
  if (positive) return p
  return expr.args.some((a) => a.info.nullable) ? sql`NOT COALESCE(${p}, FALSE)` : sql`NOT (${p})`
}

/** A Boolean member or value used as a condition. */
function booleanValue(expr: TypedExpr, ctx: CompileContext, positive: boolean): Sql {
  const v = value(expr, ctx)
  if (positive) return sql`${v} = TRUE`
  return expr.info.nullable ? sql`(${v} = FALSE OR ${v} IS NULL)` : sql`${v} = FALSE`
}

/** A sort key: text under code-point collation, nulls first ascending and last descending. */
export function sortKey(expr: TypedExpr, direction: 'asc' | 'desc', ctx: CompileContext): Sql {
  const v = value(expr, ctx)
  const keyed = isText(expr.info.type) ? ctx.dialect.collateText(v) : v
  const nulls = expr.info.nullable ? (direction === 'asc' ? ' NULLS FIRST' : ' NULLS LAST') : ''
  return sql`${keyed} ${direction === 'asc' ? 'ASC' : 'DESC'}${nulls}`
}
