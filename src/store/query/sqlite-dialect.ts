import type { FunctionName, TypedExpr } from '../../query/index.js'
import { MAX_DATE_TIME, MIN_DATE_TIME } from '../../query/index.js'
import { bind, ID_LIST, raw, sql, type Sql } from './sql-fragment.js'
import type { TemporalSql } from './compile-temporal.js'
import { numericFunction, sharedFunctions, type FunctionCompiler, type SqlDialect } from './sql-dialect.js'

/**
 * SQLite: DateTime is ISO text `YYYY-MM-DDTHH:mm:ss.sssZ`, Date `YYYY-MM-DD`, so date parts
 * are fixed substrings, and date arithmetic goes through julianday() in whole milliseconds; Boolean is 0/1; Decimal is REAL. better-sqlite3 binds every JS
 * number as REAL, so integral parameters are cast to INTEGER (integer division needs it).
 * LIKE is case-insensitive here, so string functions use instr/substr instead.
 */

/** Start (1-based) of a part in DateTime text, and in TimeOfDay text. */
const PARTS = { hour: [12, 1], minute: [15, 4], second: [18, 7] } as const

function timePart(name: keyof typeof PARTS): FunctionCompiler {
  return ([a], [t]) => {
    const at = t?.info.type === 'TimeOfDay' ? PARTS[name][1] : PARTS[name][0]
    return sql`CAST(substr(${a as Sql}, ${String(at)}, 2) AS INTEGER)`
  }
}

/**
 * OData 4.01 substring: a negative start counts from the end, clamped to the first character.
 * SQLite's substr counts a negative start from the end itself; taking the length from that
 * suffix (rather than passing it along) clamps instead of counting the missing characters.
 */
function substring([s, start, length]: readonly Sql[]): Sql {
  const from = sql`(CASE WHEN ${start as Sql} < 0 THEN ${start as Sql} ELSE ${start as Sql} + 1 END)`
  const suffix = sql`substr(${s as Sql}, ${from})`
  return length === undefined ? suffix : sql`substr(${suffix}, 1, max(${length}, 0))`
}

/** Julian day in milliseconds, exact for the millisecond text DateTime and Date are stored as. */
function julianMillis(value: Sql): Sql {
  return sql`CAST(round(julianday(${value}) * 86400000.0) AS INTEGER)`
}

const temporal: TemporalSql = {
  shiftDateTime: (dt, ms, sign) => sql`strftime('%Y-%m-%dT%H:%M:%fZ', (${julianMillis(dt)} ${sign === 1 ? '+' : '-'} ${ms}) / 86400000.0)`,
  shiftDate: (d, ms, sign) => sql`date((${julianMillis(d)} ${sign === 1 ? '+' : '-'} ${ms}) / 86400000.0)`,
  dateTimeDiff: (a, b) => sql`(${julianMillis(a)} - ${julianMillis(b)})`,
  dateDiff: (a, b) => sql`(${julianMillis(a)} - ${julianMillis(b)})`,
  scale: (d, n, op) => (op === 'mul' ? sql`CAST(CAST(${d} AS REAL) * ${n} AS INTEGER)` : sql`CAST(CAST(${d} AS REAL) / NULLIF(${n}, 0) AS INTEGER)`),
}

function endsWith([a, b]: readonly Sql[]): Sql {
  const s = a as Sql
  const p = b as Sql
  return sql`(length(${s}) >= length(${p}) AND substr(${s}, length(${s}) - length(${p}) + 1) = ${p})`
}

const functions: Readonly<Record<FunctionName, FunctionCompiler>> = {
  ...sharedFunctions,
  contains: ([a, b]) => sql`instr(${a as Sql}, ${b as Sql}) > 0`,
  startswith: ([a, b]) => sql`substr(${a as Sql}, 1, length(${b as Sql})) = ${b as Sql}`,
  endswith: endsWith,
  indexof: ([a, b]) => sql`(instr(${a as Sql}, ${b as Sql}) - 1)`,
  substring,
  tolower: ([a]) => sql`lower(${a as Sql})`,
  toupper: ([a]) => sql`upper(${a as Sql})`,
  year: ([a]) => sql`CAST(substr(${a as Sql}, 1, 4) AS INTEGER)`,
  month: ([a]) => sql`CAST(substr(${a as Sql}, 6, 2) AS INTEGER)`,
  day: ([a]) => sql`CAST(substr(${a as Sql}, 9, 2) AS INTEGER)`,
  hour: timePart('hour'),
  minute: timePart('minute'),
  second: timePart('second'),
  fractionalseconds: ([a], [t]: readonly TypedExpr[]) =>
    sql`(CAST(substr(${a as Sql}, ${t?.info.type === 'TimeOfDay' ? '10' : '21'}, 3) AS INTEGER) / 1000.0)`,
  date: ([a]) => sql`substr(${a as Sql}, 1, 10)`,
  time: ([a]) => sql`substr(${a as Sql}, 12, 12)`,
  now: () => raw(`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`),
  mindatetime: () => bind(MIN_DATE_TIME),
  maxdatetime: () => bind(MAX_DATE_TIME),
  totalseconds: ([a]) => sql`(${a as Sql} / 1000.0)`,
  round: numericFunction('round'),
  floor: numericFunction('floor'),
  ceiling: numericFunction('ceil'),
  // portico_matches is registered on every connection by the driver (RE2, linear time).
  matchesPattern: ([a, b]) => sql`(portico_matches(${a as Sql}, ${b as Sql}) = 1)`,
}

/** The SQLite dialect of the query compiler. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  numbered: false,
  bind: (value, type) => (value !== null && (type === 'Integer' || type === 'Long' || type === 'Duration') ? bind(value, 'CAST(', ' AS INTEGER)') : bind(value)),
  nullOf: () => raw('NULL'),
  notDistinct: (a, b) => sql`${a} IS ${b}`,
  distinct: (a, b) => sql`${a} IS NOT ${b}`,
  collateText: (value) => value,
  integer: (value) => value,
  decimal: (value) => sql`CAST(${value} AS REAL)`,
  decimalMod: (a, b) => sql`mod(${a}, ${b})`,
  functions,
  temporal,
  inIdList: (column) => sql`${column} IN (SELECT "value" FROM json_each(${bind(ID_LIST)}))`,
  encodeIds: (ids) => JSON.stringify(ids),
  page(top, skip) {
    if (top === undefined && skip === undefined) return raw('')
    return sql` LIMIT ${top ?? raw('-1')}${skip === undefined ? '' : sql` OFFSET ${skip}`}`
  },
  aggregate(op, value, info) {
    const v = value ?? raw('*')
    switch (op) {
      case 'count':
        return sql`COUNT(${v})`
      case 'countdistinct':
        return sql`COUNT(DISTINCT ${v})`
      case 'sum':
        return info?.scale === undefined || info.type !== 'Decimal' ? sql`SUM(${v})` : sql`ROUND(SUM(${v}), ${String(info.scale)})`
      case 'avg':
        return info?.scale === undefined ? sql`AVG(${v})` : sql`(ROUND(SUM(${v}), ${String(info.scale)}) / COUNT(${v}))`
      case 'min':
        return sql`MIN(${v})`
      case 'max':
        return sql`MAX(${v})`
    }
  },
}
