import type { EnumerationModel } from '../model/index.js'
import type { Literal, LiteralType } from './ast.js'
import { readDuration } from './duration-values.js'
import { queryErrors } from './errors.js'
import type { ValueInfo, ValueType } from './typed-query.js'

/**
 * Reading literals: inferring a JS value's type and normalising strings that stand for
 * dates, times, UUIDs and enumeration values. Both databases and the evaluator then see the
 * same canonical text, so comparisons of stored values with literals agree everywhere.
 */

const INT32_MAX = 2147483647
/** Types a string literal becomes when compared with a value of that type. */
const STRING_BACKED: ReadonlySet<ValueType> = new Set(['Date', 'DateTime', 'TimeOfDay', 'Duration', 'UUID', 'Enum'])

/** The type of a literal written without an explicit `type`. */
export function inferLiteralType(value: Literal, target?: string): ValueType {
  if (value === null) return 'Null'
  if (typeof value === 'boolean') return 'Boolean'
  if (typeof value === 'string') return 'String'
  if (!Number.isFinite(value)) throw badLiteral(`${value} is not a finite number`, target)
  if (!Number.isInteger(value)) return 'Decimal'
  if (Math.abs(value) <= INT32_MAX) return 'Integer'
  if (Number.isSafeInteger(value)) return 'Long'
  throw badLiteral(`${value} is beyond the exact integer range (±${Number.MAX_SAFE_INTEGER})`, target)
}

/** Whether a string literal of this declared type may take the type of what it is compared with. */
export function adaptsToContext(declared: LiteralType | undefined, value: Literal, contextType: ValueType): boolean {
  return typeof value === 'string' && (declared === undefined || declared === 'String' || declared === 'Enum') && STRING_BACKED.has(contextType)
}

/**
 * Checks and normalises `value` as a literal of `type`. `enumeration` is needed for Enum.
 * Throws QUERY_BAD_LITERAL naming what is allowed.
 */
export function normaliseLiteral(value: Literal, type: ValueType, options: { enumeration?: EnumerationModel; target?: string } = {}): Literal {
  if (value === null) return null
  const target = options.target
  switch (type) {
    case 'Date':
      return parseDate(expectString(value, type, target), target)
    case 'DateTime':
      return parseDateTime(expectString(value, type, target), target)
    case 'TimeOfDay':
      return parseTimeOfDay(expectString(value, type, target), target)
    case 'UUID':
      return parseUuid(expectString(value, type, target), target)
    case 'Duration':
      return parseDuration(expectString(value, type, target), target)
    case 'Enum':
      return parseEnum(expectString(value, type, target), options.enumeration, target)
    case 'Integer':
    case 'Long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badNumber(value, 'an integer', target)
      return value
    case 'Decimal':
    case 'Double':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw badNumber(value, 'a finite number', target)
      return value
    case 'Boolean':
      if (typeof value !== 'boolean') throw badLiteral(`${JSON.stringify(value)} is not true or false`, target)
      return value
    default:
      return expectString(value, type, target)
  }
}

/** Numbers arrive as JS numbers; digits kept as text (beyond a double's precision) are refused, not rounded. */
function badNumber(value: Literal, what: string, target: string | undefined) {
  if (typeof value === 'string' && /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) {
    return badLiteral(`${value} has more digits than queries compare exactly (integers within ±${Number.MAX_SAFE_INTEGER}, decimals within a double's 15–17 digits)`, target)
  }
  return badLiteral(`${JSON.stringify(value)} is not ${what}`, target)
}

function expectString(value: Literal, type: ValueType, target: string | undefined): string {
  if (typeof value !== 'string') throw badLiteral(`${JSON.stringify(value)} is not a ${type} (expected text)`, target)
  return value
}

function badLiteral(message: string, target: string | undefined) {
  return queryErrors.create('QUERY_BAD_LITERAL', message, target === undefined ? {} : { target })
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

/** Milliseconds from a fraction of up to 3 significant digits; more digits must be zeros. */
function millis(fraction: string | undefined, text: string, target: string | undefined): number {
  if (fraction === undefined) return 0
  if (/[1-9]/.test(fraction.slice(3))) throw badLiteral(`'${text}' is more precise than a millisecond`, target)
  return Number((fraction + '00').slice(0, 3))
}

/** `2024-02-29` → itself; `2024-02-30` is refused. */
export function parseDate(text: string, target?: string): string {
  const m = DATE.exec(text)
  if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw badLiteral(`'${text}' is not a date (YYYY-MM-DD)`, target)
  return text
}

/** Any ISO date-time with an offset → `YYYY-MM-DDTHH:mm:ss.sssZ` in UTC. */
export function parseDateTime(text: string, target?: string): string {
  const m = DATE_TIME.exec(text)
  if (!m) throw badDateTime(text, target)
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number]
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) throw badDateTime(text, target)
  const offset = offsetMinutes(m[8] ?? 'Z')
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  date.setUTCHours(h, mi - offset, s, millis(m[7], text, target))
  const year = date.getUTCFullYear()
  if (year < 1 || year > 9999) throw badLiteral(`'${text}' is outside the years 0001–9999`, target)
  return date.toISOString()
}

function badDateTime(text: string, target: string | undefined) {
  return badLiteral(`'${text}' is not a date-time (YYYY-MM-DDTHH:mm:ss[.sss] with Z or an offset)`, target)
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0
  const digits = zone.replace(':', '')
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))
  return zone.startsWith('-') ? -minutes : minutes
}

/** `9:05` is refused; `09:05` → `09:05:00.000`. */
export function parseTimeOfDay(text: string, target?: string): string {
  const m = TIME.exec(text)
  const [h, mi, s] = [m?.[1], m?.[2], m?.[3] ?? '0'].map(Number) as [number, number, number]
  if (!m || h > 23 || mi > 59 || s > 59) throw badLiteral(`'${text}' is not a time of day (HH:mm[:ss[.sss]])`, target)
  const ms = millis(m[4], text, target)
  return `${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}`
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/** `P1DT2H30M`, `-PT0.5S` → milliseconds; years and months are refused (their length varies). */
export function parseDuration(text: string, target?: string): number {
  const read = readDuration(text)
  if ('problem' in read) throw badLiteral(read.problem, target)
  return read.ms
}

/** 8-4-4-4-12 hexadecimal digits → lower case, as stored. */
export function parseUuid(text: string, target?: string): string {
  if (!UUID.test(text)) throw badLiteral(`'${text}' is not a UUID (8-4-4-4-12 hexadecimal digits)`, target)
  return text.toLowerCase()
}

function parseEnum(text: string, enumeration: EnumerationModel | undefined, target: string | undefined): string {
  if (!enumeration) throw badLiteral(`'${text}' is an enumeration value but is not compared with an enumeration`, target)
  if (enumeration.values.some((v) => v.name === text)) return text
  const allowed = enumeration.values.map((v) => v.name).join(', ')
  throw badLiteral(`'${text}' is not a value of ${enumeration.qualifiedName}; values: ${allowed}`, target)
}

/** The info of a literal once its type is known. */
export function literalInfo(type: ValueType, value: Literal, enumeration?: string): ValueInfo {
  return { type, nullable: value === null, ...(enumeration ? { enumeration } : {}) }
}
