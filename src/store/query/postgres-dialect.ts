import type { FunctionName, TypedExpr, ValueType } from '../../query/index.js'
import { MAX_DATE_TIME, MIN_DATE_TIME } from '../../query/index.js'
import { bind, ID_LIST, raw, sql, type Sql } from './sql-fragment.js'
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

function substring([s, start, length]: readonly Sql[]): Sql {
  const from = sql`${int4(start as Sql)} + 1`
  return length === undefined ? sql`substr(${s as Sql}, ${from})` : sql`substr(${s as Sql}, ${from}, ${int4(length)})`
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
