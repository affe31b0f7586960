import type { AggregateOp, FunctionName, Literal, TypedExpr, ValueInfo, ValueType } from '../../query/index.js'
import type { Dialect } from '../driver/driver.js'
import type { TemporalSql } from './compile-temporal.js'
import { raw, sql, type Sql } from './sql-fragment.js'

/** Compiles one function call from its compiled arguments (and their types). */
export type FunctionCompiler = (args: readonly Sql[], typed: readonly TypedExpr[]) => Sql

/**
 * The few places SQLite and PostgreSQL differ, Kysely-style: the compiler is shared and a
 * dialect overrides parameter casts, null-safe equality, text collation, integer and
 * decimal arithmetic, the functions, paging and a few aggregates.
 */
export interface SqlDialect {
  readonly name: Dialect
  /** `$1…$n` placeholders (PostgreSQL) rather than `?`. */
  readonly numbered: boolean
  /** A literal bound as a parameter, typed so the database reads it as `type`. */
  bind(value: Literal, type: ValueType): Sql
  /** NULL of a value type. */
  nullOf(type: ValueType): Sql
  /** Equality under which null equals null (`IS`, `IS NOT DISTINCT FROM`). */
  notDistinct(a: Sql, b: Sql): Sql
  distinct(a: Sql, b: Sql): Sql
  /** Makes a text value compare and sort by code point. */
  collateText(value: Sql): Sql
  /** An integral operand of arithmetic, as a 64-bit integer. */
  integer(value: Sql): Sql
  /** The left operand of a decimal division, so integers divide exactly. */
  decimal(value: Sql): Sql
  /** Decimal remainder with the sign of the dividend. */
  decimalMod(a: Sql, b: Sql): Sql
  readonly functions: Readonly<Record<FunctionName, FunctionCompiler>>
  /** Arithmetic with dates, date-times and durations (milliseconds). */
  readonly temporal: TemporalSql
  /**
   * `column IN (…)` over one bound list of ids (the `ID_LIST` parameter), so an expand
   * statement has one text whatever the number of parents.
   */
  inIdList(column: Sql): Sql
  /** The value bound for `ID_LIST`. */
  encodeIds(ids: readonly number[]): unknown
  /** `LIMIT … OFFSET …` for bound top and skip. */
  page(top: Sql | undefined, skip: Sql | undefined): Sql
  /** An aggregate over a compiled expression of the given type. */
  aggregate(op: AggregateOp, value: Sql | undefined, info: ValueInfo | undefined): Sql
}

/** Whether a value type is stored and compared as text. */
export function isText(type: ValueType): boolean {
  return type === 'String' || type === 'Enum' || type === 'TimeOfDay'
}

/** Clamps a nullable integer expression below at 0 without losing null (GREATEST ignores nulls on PostgreSQL). */
export function atLeastZero(value: Sql): Sql {
  return sql`(CASE WHEN ${value} < 0 THEN 0 ELSE ${value} END)`
}

/** Functions that read the same on both databases. */
export const sharedFunctions = {
  concat: ([a, b]: readonly Sql[]) => sql`(${a as Sql} || ${b as Sql})`,
  length: ([a]: readonly Sql[]) => sql`length(${a as Sql})`,
  trim: ([a]: readonly Sql[]) => sql`trim(${a as Sql})`,
  totaloffsetminutes: ([a]: readonly Sql[], [t]: readonly TypedExpr[]) =>
    t?.info.nullable ? sql`(CASE WHEN ${a as Sql} IS NULL THEN NULL ELSE 0 END)` : raw('0'),
} satisfies Partial<Record<FunctionName, FunctionCompiler>>

/** round/floor/ceiling keep an integral argument unchanged. */
export function numericFunction(name: string): FunctionCompiler {
  return ([a], [t]) => (t?.info.type === 'Integer' || t?.info.type === 'Long' ? (a as Sql) : sql`${name}(${a as Sql})`)
}
