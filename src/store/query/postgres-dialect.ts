import type { FunctionName, TypedExpr, ValueType } from '../../query/index.js'
import { MAX_DATE_TIME, MIN_DATE_TIME } from '../../query/index.js'
import { bind, ID_LIST, raw, sql, type Sql } from './sql-fragment.js'
import type { TemporalSql } from './compile-temporal.js'
import { atLeastZero, isText, numericFunction, sharedFunctions, type FunctionCompiler, type SqlDialect } from './sql-dialect.js'

/**
 * PostgreSQL: every parameter is cast to its type (an untyped `$1 + $2` does not resolve);
 * integer arithmetic runs on bigint so int4 columns cannot overflow; decimals are numeric
 * and round half away from zero; text is compared under COLLATE "C" (code point order, and
 * lower/upper change ASCII letters only); the session runs in UTC, so date parts of a
 * timestamptz are those of its UTC text, as on SQLite.
 */

const CAST: Readonly<Record<ValueType, string>> = {
  String: 'text',
  Enum: 'text',
  TimeOfDay: 'text',
  Duration: 'bigint',
  Integer: 'bigint',
  Long: 'bigint',
  Decimal: 'numeric',
  Double: 'double precision',
  Boolean: 'boolean',
  Date: 'date',
  DateTime: 'timestamptz',
  UUID: 'uuid',
  Binary: 'bytea',
  Null: 'text',
}

const INT_MAX = '2147483646'

/** An int4 argument for substr, clamped so huge values cannot overflow the cast. */
function int4(value: Sql): Sql {
  const clamped = atLeastZero(value)
  return sql`CAST((CASE WHEN ${clamped} > ${INT_MAX} THEN ${INT_MAX} ELSE ${clamped} END) AS integer)`
}

/**
 * OData 4.01 substring through right(s, k), which keeps the last k characters, or all but the
 * first −k: k = −start, except that start 0 keeps everything; clamped to int4.
 */
function substring([s, start, length]: readonly Sql[]): Sql {
  const n = start as Sql
  const k = sql`CAST((CASE WHEN ${n} = 0 OR ${n} < -${INT_MAX} THEN ${INT_MAX} WHEN ${n} > ${INT_MAX} THEN -${INT_MAX} ELSE -${n} END) AS integer)`
  const suffix = sql`right(${s as Sql}, ${k})`
  return length === undefined ? suffix : sql`left(${suffix}, ${int4(length)})`
}

/** Milliseconds as an interval, exactly (interval arithmetic on doubles loses microseconds past 2,000 years). */
function interval(ms: Sql): Sql {
  return sql`CAST(CAST(CAST(${ms} AS numeric) / 1000 AS text) AS interval)`
}

const temporal: TemporalSql = {
  shiftDateTime: (dt, ms, sign) => sql`(${dt} ${sign === 1 ? '+' : '-'} ${interval(ms)})`,
  shiftDate: (d, ms, sign) => sql`CAST(CAST(${d} AS timestamp) ${sign === 1 ? '+' : '-'} ${interval(ms)} AS date)`,
  dateTimeDiff: (a, b) => sql`CAST((EXTRACT(EPOCH FROM ${a}) - EXTRACT(EPOCH FROM ${b})) * 1000 AS bigint)`,
  dateDiff: (a, b) => sql`(CAST(${a} - ${b} AS bigint) * 86400000)`,
  scale: (d, n, op) => {
    const factor = sql`CAST(${n} AS double precision)`
    const product = op === 'mul' ? sql`CAST(${d} AS double precision) * ${factor}` : sql`CAST(${d} AS double precision) / NULLIF(${factor}, 0)`
    return sql`CAST(trunc(${product}) AS bigint)`
  },
}

function extract(field: string): FunctionCompiler {
  return ([a]) => sql`CAST(EXTRACT(${field} FROM ${a as Sql}) AS bigint)`
}

/** hour/minute/second of a timestamptz, or of TimeOfDay text `HH:mm:ss.sss`. */
function timePart(field: 'HOUR' | 'MINUTE' | 'SECOND', textStart: number): FunctionCompiler {
  return ([a], [t]: readonly TypedExpr[]) => {
    if (t?.info.type === 'TimeOfDay') return sql`CAST(substr(${a as Sql}, ${String(textStart)}, 2) AS bigint)`
    return field === 'SECOND' ? sql`CAST(FLOOR(EXTRACT(SECOND FROM ${a as Sql})) AS bigint)` : extract(field)([a as Sql], [])
  }
}

const functions: Readonly<Record<FunctionName, FunctionCompiler>> = {
  ...sharedFunctions,
  // The pattern arrives in its canonical form, which PostgreSQL's advanced regular expressions read as ECMAScript would.
  matchesPattern: ([a, b]) => sql`(${a as Sql} ~ ${b as Sql})`,
  contains: ([a, b]) => sql`strpos(${a as Sql}, ${b as Sql}) > 0`,
  startswith: ([a, b]) => sql`starts_with(${a as Sql}, ${b as Sql})`,
  endswith: ([a, b]) => sql`right(${a as Sql}, length(${b as Sql})) = ${b as Sql}`,
  indexof: ([a, b]) => sql`(strpos(${a as Sql}, ${b as Sql}) - 1)`,
  substring,
  tolower: ([a]) => sql`lower(${a as Sql} COLLATE "C")`,
  toupper: ([a]) => sql`upper(${a as Sql} COLLATE "C")`,
  year: extract('YEAR'),
  month: extract('MONTH'),
  day: extract('DAY'),
  hour: timePart('HOUR', 1),
  minute: timePart('MINUTE', 4),
  second: timePart('SECOND', 7),
  fractionalseconds: ([a], [t]: readonly TypedExpr[]) =>
    t?.info.type === 'TimeOfDay'
      ? sql`(CAST(substr(${a as Sql}, 10, 3) AS numeric) / 1000)`
      : sql`(MOD(EXTRACT(MILLISECONDS FROM ${a as Sql}), 1000) / 1000)`,
  date: ([a]) => sql`CAST(${a as Sql} AS date)`,
  time: ([a]) => sql`to_char(${a as Sql}, 'HH24:MI:SS.MS')`,
  now: () => raw(`date_trunc('milliseconds', now())`),
  mindatetime: () => bind(MIN_DATE_TIME, 'CAST(', ' AS timestamptz)'),
  maxdatetime: () => bind(MAX_DATE_TIME, 'CAST(', ' AS timestamptz)'),
  totalseconds: ([a]) => sql`(CAST(${a as Sql} AS numeric) / 1000)`,
  round: ([a], [t]) => (t?.info.type === 'Integer' || t?.info.type === 'Long' ? (a as Sql) : sql`round(CAST(${a as Sql} AS numeric))`),
  floor: numericFunction('floor'),
  ceiling: numericFunction('ceil'),
}

/** The PostgreSQL dialect of the query compiler. */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  numbered: true,
  bind: (value, type) => bind(value, 'CAST(', ` AS ${CAST[type]})`),
  nullOf: (type) => (type === 'Null' ? raw('NULL') : raw(`CAST(NULL AS ${CAST[type]})`)),
  notDistinct: (a, b) => sql`${a} IS NOT DISTINCT FROM ${b}`,
  distinct: (a, b) => sql`${a} IS DISTINCT FROM ${b}`,
  collateText: (value) => sql`(${value} COLLATE "C")`,
  integer: (value) => sql`CAST(${value} AS bigint)`,
  decimal: (value) => sql`CAST(${value} AS numeric)`,
  decimalMod: (a, b) => sql`mod(CAST(${a} AS numeric), ${b})`,
  functions,
  temporal,
  inIdList: (column) => sql`${column} = ANY(${bind(ID_LIST, 'CAST(', ' AS bigint[])')})`,
  encodeIds: (ids) => ids,
  page(top, skip) {
    return sql`${top === undefined ? '' : sql` LIMIT ${top}`}${skip === undefined ? '' : sql` OFFSET ${skip}`}`
  },
  aggregate(op, value, info) {
    const v = value ?? raw('*')
    const type = info?.type
    switch (op) {
      case 'count':
        return sql`COUNT(${v})`
      case 'countdistinct':
        return sql`COUNT(DISTINCT ${v})`
      case 'sum':
        return sql`SUM(${v})`
      case 'avg':
        // The exact sum, then one floating division: the same double SQLite and the evaluator compute.
        return sql`(CAST(SUM(${v}) AS double precision) / NULLIF(COUNT(${v}), 0))`
      case 'min':
      case 'max':
        if (type === 'Boolean') return sql`${op === 'min' ? 'bool_and' : 'bool_or'}(${v})`
        if (type === 'UUID') return sql`CAST(${op.toUpperCase()}(CAST(${v} AS text)) AS uuid)`
        return sql`${op.toUpperCase()}(${type !== undefined && isText(type) ? postgresDialect.collateText(v) : v})`
    }
  },
}
