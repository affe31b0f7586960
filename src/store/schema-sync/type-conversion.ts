import { formatAttributeType, type AttributeType } from '../../model/index.js'
import type { Dialect } from '../driver/driver.js'

/** A column's type as sync compares it: the attribute type and, for an Enum, its values. */
export interface ColumnType {
  readonly type: AttributeType
  readonly enumValues?: readonly string[]
}

/**
 * How stored values become values of a new type. Widening keeps every value; narrowing or
 * changing kind names the values it cannot keep (`lost`), so they can be counted before
 * anything runs, and says what happens to them once the user accepts it.
 */
export interface TypeConversion {
  /** Condition on a non-NULL old value that is true when the value would be lost or altered. */
  readonly lost?: (c: string) => string
  /** The affected values, e.g. `values longer than 10 characters`. */
  readonly problem: string
  /** What would happen to them, as a clause (`they would be cut to 10 characters`); `fallback` names the replacement. */
  effect(fallback: string): string
  /** Condition on a non-NULL old value that is true when the value is replaced by the fallback (default or NULL). */
  readonly replaced?: (c: string) => string
  /** The new value of a row; `fallback` is the SQL literal (default or NULL) for values that cannot be kept. */
  convert(c: string, fallback: string): string
  /** Every stored value changes representation, even where the SQLite storage class stays. */
  readonly rewritesAll: boolean
}

type Family = 'text' | 'int' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'uuid' | 'binary'

function family(t: AttributeType): Family {
  switch (t.kind) {
    case 'Integer':
    case 'Long':
    case 'AutoNumber':
      return 'int'
    case 'Decimal':
      return 'decimal'
    case 'Boolean':
      return 'boolean'
    case 'Date':
      return 'date'
    case 'DateTime':
      return 'datetime'
    case 'UUID':
      return 'uuid'
    case 'Binary':
      return 'binary'
    default:
      return 'text'
  }
}

/** The conversion between two column types, or undefined when every stored value stays valid as it is. */
export function typeConversion(from: ColumnType, to: ColumnType, dialect: Dialect): TypeConversion | undefined {
  const same = formatAttributeType(from.type) === formatAttributeType(to.type)
  if (same && !enumValuesDropped(from, to)) return undefined
  switch (family(to.type)) {
    case 'text':
      return toText(from, to, dialect)
    case 'int':
      return toInteger(from.type, to.type, dialect)
    case 'decimal':
      return toDecimal(from.type, to.type as { precision: number; scale: number }, dialect)
    case 'boolean':
      return toBoolean(from.type, dialect)
    case 'date':
    case 'datetime':
      return toDateOrTime(from.type, to.type, dialect)
    default:
      return incompatible(from.type, to.type)
  }
}

function enumValuesDropped(from: ColumnType, to: ColumnType): boolean {
  if (to.type.kind !== 'Enum' || to.enumValues === undefined) return false
  if (from.type.kind !== 'Enum' || from.enumValues === undefined) return true
  const kept = new Set(to.enumValues)
  return from.enumValues.some((v) => !kept.has(v))
}

/** Every value stays as it is (only its column type may change). */
const keep = (): TypeConversion => ({ problem: '', effect: () => '', convert: (c) => c, rewritesAll: false })

function incompatible(from: AttributeType, to: AttributeType): TypeConversion {
  return {
    lost: () => 'TRUE',
    replaced: () => 'TRUE',
    problem: `values of type ${formatAttributeType(from)}, which cannot be converted to ${formatAttributeType(to)}`,
    effect: (fb) => `they would be replaced by ${fb}`,
    convert: (_c, fb) => fb,
    rewritesAll: true,
  }
}

function toText(from: ColumnType, to: ColumnType, dialect: Dialect): TypeConversion {
  const asText = textOf(from.type, dialect)
  if (asText === undefined) return incompatible(from.type, to.type)
  const t = to.type
  if (t.kind === 'Enum') {
    if (to.enumValues === undefined || !enumValuesDropped(from, to)) return { ...keep(), convert: asText }
    const list = to.enumValues.map(literal).join(', ')
    const notIn = (c: string): string => (to.enumValues?.length ? `${asText(c)} NOT IN (${list})` : 'TRUE')
    return {
      lost: notIn,
      replaced: notIn,
      problem: `values that are not values of ${t.enumeration}`,
      effect: (fb) => `they would be replaced by ${fb}`,
      convert: (c, fb) => `CASE WHEN ${notIn(c)} THEN ${fb} ELSE ${asText(c)} END`,
      rewritesAll: false,
    }
  }
  if (t.kind !== 'String' || (from.type.kind === 'String' && from.type.length <= t.length)) return { ...keep(), convert: asText }
  return {
    lost: (c) => `length(${asText(c)}) > ${t.length}`,
    problem: `values longer than ${t.length} characters`,
    effect: () => `they would be cut to ${t.length} characters`,
    convert: (c) => `substr(${asText(c)}, 1, ${t.length})`,
    rewritesAll: false,
  }
}

/** The text form of a value, the same on both databases; undefined for binary data. */
function textOf(t: AttributeType, dialect: Dialect): ((c: string) => string) | undefined {
  const pg = dialect === 'postgres'
  switch (family(t)) {
    case 'text':
      return (c) => c
    case 'int':
    case 'decimal':
    case 'uuid':
      return (c) => (pg ? `${c}::text` : family(t) === 'uuid' ? c : `CAST(${c} AS TEXT)`)
    case 'boolean':
      return (c) => `CASE WHEN ${c} THEN 'true' ELSE 'false' END`
    case 'date':
      return (c) => (pg ? `to_char(${c}, 'YYYY-MM-DD')` : c)
    case 'datetime':
      return (c) => (pg ? `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : c)
    default:
      return undefined
  }
}

const INT32 = 'BETWEEN -2147483648 AND 2147483647'

function bitsOf(t: AttributeType): 32 | 64 {
  return t.kind === 'Integer' ? 32 : 64
}

function toInteger(from: AttributeType, to: AttributeType, dialect: Dialect): TypeConversion {
  const bits = bitsOf(to)
  const cast = (x: string): string => (dialect === 'postgres' ? `CAST(${x} AS ${bits === 32 ? 'integer' : 'bigint'})` : `CAST(${x} AS INTEGER)`)
  switch (family(from)) {
    case 'int':
      if (bitsOf(from) <= bits) return keep()
      return fallbackConversion((c) => `${c} NOT ${INT32}`, 'values outside the Integer range', (c) => c)
    case 'boolean':
      return { ...keep(), convert: (c) => (dialect === 'postgres' ? `CASE WHEN ${c} THEN 1 ELSE 0 END` : c) }
    case 'decimal':
      return decimalToInteger(from, bits, cast)
    case 'text': {
      const isInt = integerText(dialect)
      const wide = (c: string): string => (dialect === 'postgres' ? `CAST(${c} AS bigint)` : `CAST(${c} AS INTEGER)`)
      const lost = (c: string): string => (bits === 32 ? `CASE WHEN ${isInt(c)} THEN ${wide(c)} NOT ${INT32} ELSE TRUE END` : `NOT (${isInt(c)})`)
      return fallbackConversion(lost, 'values that are not whole numbers in range', cast)
    }
    default:
      return incompatible(from, to)
  }
}

function decimalToInteger(from: AttributeType, bits: 32 | 64, cast: (x: string) => string): TypeConversion {
  const digits = from.kind === 'Decimal' ? from.precision - from.scale : 0
  const limit = bits === 32 ? '> 2147483647' : '> 9223372036854775807'
  const over = digits > (bits === 32 ? 9 : 18) ? (c: string) => `abs(round(${c})) ${limit}` : undefined
  return {
    lost: (c) => `${c} <> round(${c})${over ? ` OR ${over(c)}` : ''}`,
    ...(over ? { replaced: over } : {}),
    problem: over ? 'values with decimals or out of range' : 'values with decimals',
    effect: (fb) => `they would be rounded to whole numbers${over ? `, those out of range replaced by ${fb}` : ''}`,
    convert: (c, fb) => (over ? `CASE WHEN ${over(c)} THEN ${fb} ELSE ${cast(`round(${c})`)} END` : cast(`round(${c})`)),
    rewritesAll: false,
  }
}

function toDecimal(from: AttributeType, to: { precision: number; scale: number }, dialect: Dialect): TypeConversion {
  const s = to.scale
  const max = `1${'0'.repeat(Math.max(0, to.precision - s))}`
  const num = (c: string): string => (dialect === 'postgres' ? `CAST(${c} AS numeric)` : `CAST(${c} AS REAL)`)
  const real = (x: string): string => (dialect === 'sqlite' ? `CAST(${x} AS REAL)` : x)
  const f = family(from)
  if (f === 'text') {
    const isNum = numberText(dialect)
    const bad = (c: string): string => `CASE WHEN ${isNum(c)} THEN abs(round(${num(c)}, ${s})) >= ${max} ELSE TRUE END`
    return {
      replaced: bad,
      lost: (c) => `CASE WHEN ${isNum(c)} THEN ${num(c)} <> round(${num(c)}, ${s}) OR abs(round(${num(c)}, ${s})) >= ${max} ELSE TRUE END`,
      problem: 'values that are not numbers, have more decimals or are too large',
      effect: (fb) => `numbers would be rounded to ${s} decimals, the others replaced by ${fb}`,
      convert: (c, fb) => `CASE WHEN ${bad(c)} THEN ${fb} ELSE ${real(`round(${num(c)}, ${s})`)} END`,
      rewritesAll: false,
    }
  }
  if (f !== 'int' && f !== 'decimal') return incompatible(from, { kind: 'Decimal', ...to })
  const fromDigits = from.kind === 'Decimal' ? from.precision - from.scale : bitsOf(from) === 32 ? 10 : 19
  const fromScale = from.kind === 'Decimal' ? from.scale : 0
  const rounds = s < fromScale
  const over = to.precision - s < fromDigits ? (c: string) => `abs(round(${c}, ${s})) >= ${max}` : undefined
  if (!rounds && !over) return { ...keep(), convert: (c) => real(c) }
  const kept = (c: string): string => real(rounds ? `round(${c}, ${s})` : c)
  return {
    lost: (c) => [rounds ? `${c} <> round(${c}, ${s})` : '', over ? over(c) : ''].filter(Boolean).join(' OR '),
    ...(over ? { replaced: over } : {}),
    problem: [rounds ? `values with more than ${s} decimals` : '', over ? `values of ${max} or more` : ''].filter(Boolean).join(' or '),
    effect: (fb) => [rounds ? `they would be rounded to ${s} decimals` : '', over ? `those too large would be replaced by ${fb}` : ''].filter(Boolean).join('; '),
    convert: (c, fb) => (over ? `CASE WHEN ${over(c)} THEN ${fb} ELSE ${kept(c)} END` : kept(c)),
    rewritesAll: false,
  }
}

function toBoolean(from: AttributeType, dialect: Dialect): TypeConversion {
  const f = family(from)
  if (f === 'int') {
    const value = (c: string): string => (dialect === 'postgres' ? `${c} = 1` : c)
    return fallbackConversion((c) => `${c} NOT IN (0, 1)`, 'values other than 0 and 1', value)
  }
  if (f === 'text') {
    return fallbackConversion((c) => `${c} NOT IN ('true', 'false')`, "values other than 'true' and 'false'", (c) => `${c} = 'true'`)
  }
  return incompatible(from, { kind: 'Boolean' })
}

function toDateOrTime(from: AttributeType, to: AttributeType, dialect: Dialect): TypeConversion {
  const pg = dialect === 'postgres'
  if (from.kind === 'Date' && to.kind === 'DateTime') {
    return { ...keep(), convert: (c) => (pg ? `(${c}::timestamp AT TIME ZONE 'UTC')` : `${c} || 'T00:00:00.000Z'`), rewritesAll: true }
  }
  if (from.kind === 'DateTime' && to.kind === 'Date') {
    return {
      lost: (c) => (pg ? `(${c} AT TIME ZONE 'UTC')::time <> '00:00:00'` : `substr(${c}, 12, 8) <> '00:00:00'`),
      problem: 'values with a time of day',
      effect: () => 'they would be cut to their date',
      convert: (c) => (pg ? `(${c} AT TIME ZONE 'UTC')::date` : `substr(${c}, 1, 10)`),
      rewritesAll: true,
    }
  }
  return incompatible(from, to)
}

/** Values that fail `lost` take the fallback; the others become `value(c)`. */
function fallbackConversion(lost: (c: string) => string, problem: string, value: (c: string) => string): TypeConversion {
  return {
    lost,
    replaced: lost,
    problem,
    effect: (fb) => `they would be replaced by ${fb}`,
    convert: (c, fb) => `CASE WHEN ${lost(c)} THEN ${fb} ELSE ${value(c)} END`,
    rewritesAll: false,
  }
}

/** Text that is a whole number of at most 18 digits, the same test on both databases. */
function integerText(dialect: Dialect): (c: string) => string {
  if (dialect === 'postgres') return (c) => `${c} ~ '^-?[0-9]{1,18}$'`
  return (c) => `(${c} GLOB '[0-9]*' OR ${c} GLOB '-[0-9]*') AND substr(${c}, 2) NOT GLOB '*[^0-9]*' AND length(ltrim(${c}, '-')) <= 18`
}

/** Text that is a plain decimal number (`-12.5`), the same test on both databases. */
function numberText(dialect: Dialect): (c: string) => string {
  if (dialect === 'postgres') return (c) => `${c} ~ '^-?[0-9]{1,30}(\\.[0-9]+)?$'`
  return (c) =>
    `(${c} GLOB '[0-9]*' OR ${c} GLOB '-[0-9]*') AND substr(${c}, 2) NOT GLOB '*[^0-9.]*' AND ${c} NOT GLOB '*.*.*' AND ${c} NOT GLOB '*.' AND length(ltrim(${c}, '-')) <= 40`
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
