import type { TypedArith } from '../../query/index.js'
import { sql, type Sql } from './sql-fragment.js'

/**
 * Arithmetic with dates, date-times and durations. A Duration is a whole number of
 * milliseconds in SQL on both databases (a bigint on PostgreSQL), so durations add, compare
 * and sort as integers; only moving between instants and milliseconds is the dialect's.
 */
export interface TemporalSql {
  /** A DateTime moved by `ms` milliseconds (`sign` −1 subtracts). */
  shiftDateTime(dateTime: Sql, ms: Sql, sign: 1 | -1): Sql
  /** The day into which a Date moved by `ms` milliseconds falls. */
  shiftDate(date: Sql, ms: Sql, sign: 1 | -1): Sql
  /** Milliseconds from `b` to `a`, two DateTime values. */
  dateTimeDiff(a: Sql, b: Sql): Sql
  /** Milliseconds from `b` to `a`, two Date values. */
  dateDiff(a: Sql, b: Sql): Sql
  /** Duration × number or Duration ÷ number (null for zero), in double precision, truncated toward zero. */
  scale(duration: Sql, factor: Sql, op: 'mul' | 'div'): Sql
}

/** Compiles temporal arithmetic from its compiled operands. */
export function temporalArithmetic(expr: TypedArith, left: Sql, right: Sql, t: TemporalSql): Sql {
  const sign = expr.op === 'sub' ? -1 : 1
  switch (expr.temporal) {
    case 'shiftDateTime':
      return t.shiftDateTime(left, right, sign)
    case 'shiftDate':
      return t.shiftDate(left, right, sign)
    case 'dateTimeDiff':
      return t.dateTimeDiff(left, right)
    case 'dateDiff':
      return t.dateDiff(left, right)
    case 'durations':
      return sql`(${left} ${sign === 1 ? '+' : '-'} ${right})`
    case 'scale':
      if (expr.op === 'mul') return expr.left.info.type === 'Duration' ? t.scale(left, right, 'mul') : t.scale(right, left, 'mul')
      return t.scale(left, right, 'div')
    default:
      throw new Error(`not temporal arithmetic: ${expr.op}`)
  }
}
