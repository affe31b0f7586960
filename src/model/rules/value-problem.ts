import { formatAttributeType } from '../attribute-type.js'
import type { AttributeType, EnumerationModel, ModelValue } from '../types.js'
import { didYouMean } from './closest-name.js'

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
/** The date-times the kernel accepts: ISO 8601 with a zone (`Z` or an offset). */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/

/**
 * Why a value written in the model (a default, a bound) is not a value of `type`, or
 * undefined when it is one. It accepts what the kernel accepts for the same type, so a
 * default the checker lets through is never refused when an object is created.
 * `null` is "no value" and always passes; callers decide whether that is allowed.
 */
export function valueProblem(value: ModelValue, type: AttributeType, enumeration?: EnumerationModel): string | undefined {
  if (value === null) return undefined
  switch (type.kind) {
    case 'String':
    case 'Text':
      return stringProblem(value, type)
    case 'Integer':
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX
        ? undefined
        : `expected a whole number between ${INT32_MIN} and ${INT32_MAX}, got ${showValue(value)}`
    case 'Long':
      return Number.isSafeInteger(value) ? undefined : `expected a whole number of at most 2^53-1 in magnitude, got ${showValue(value)}`
    case 'Decimal':
      return decimalProblem(value, type.precision, type.scale)
    case 'Boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${showValue(value)}`
    case 'Date':
      return typeof value === 'string' && isDate(value) ? undefined : `expected a date as YYYY-MM-DD, got ${showValue(value)}`
    case 'DateTime':
      return dateTimeMillis(value) !== undefined
        ? undefined
        : `expected an ISO date-time with a time zone, e.g. 2024-05-01T09:30:00Z, got ${showValue(value)}`
    case 'UUID':
      return typeof value === 'string' && UUID.test(value)
        ? undefined
        : `expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got ${showValue(value)}`
    case 'Enum':
      return enumProblem(value, enumeration)
    case 'AutoNumber':
    case 'Binary':
      return `${type.kind} takes no value in the model`
    case 'Unknown':
      return undefined
  }
}

function stringProblem(value: ModelValue, type: AttributeType): string | undefined {
  if (typeof value !== 'string') return `expected text, got ${showValue(value)}`
  if (type.kind === 'String' && characterCount(value) > type.length) {
    return `${formatAttributeType(type)} holds at most ${type.length} characters, got ${characterCount(value)}`
  }
  return undefined
}

function decimalProblem(value: ModelValue, precision: number, scale: number): string | undefined {
  const n = typeof value === 'string' && DECIMAL_TEXT.test(value) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n)) return `expected a number, got ${showValue(value)}`
  const [whole, fraction] = decimalDigits(n)
  const type = `Decimal(${precision},${scale})`
  if (fraction > scale) return `${type} allows ${scale} decimal places, got ${fraction} in ${showValue(value)}`
  if (whole > precision - scale) {
    return `${type} allows ${precision - scale} digits before the decimal point, got ${whole} in ${showValue(value)}`
  }
  return undefined
}

function enumProblem(value: ModelValue, enumeration: EnumerationModel | undefined): string | undefined {
  if (enumeration === undefined) return undefined // PD114 reports the unknown enumeration
  const names = enumeration.values.map((v) => v.name)
  return typeof value === 'string' && names.includes(value)
    ? undefined
    : `expected one of ${enumeration.qualifiedName}'s values (${names.join(', ')}), got ${showValue(value)}${didYouMean(String(value), names)}`
}

/** Digits before and after the point of a number's shortest decimal form. */
export function decimalDigits(n: number): [number, number] {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(Math.abs(n).toString())
  if (!m) return [0, 0]
  const digits = (m[1] ?? '') + (m[2] ?? '')
  const point = (m[1] ?? '').length + Number(m[3] ?? 0)
  const whole = point > 0 ? digits.padEnd(point, '0').slice(0, point) : ''
  const fraction = point >= 0 ? digits.slice(point) : '0'.repeat(-point) + digits
  return [whole.replace(/^0+/, '').length, fraction.replace(/0+$/, '').length]
}

/** Length as the database counts it: Unicode code points, not UTF-16 units. */
export function characterCount(text: string): number {
  return text.length < 64 && !/[\uD800-\uDFFF]/.test(text) ? text.length : [...text].length
}

/** Whether a text is a real calendar date written YYYY-MM-DD (no 2024-02-30). */
export function isDate(text: string): boolean {
  const m = DATE.exec(text)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** Milliseconds since the epoch of an ISO date-time with a zone; undefined when not one. */
export function dateTimeMillis(value: ModelValue): number | undefined {
  if (typeof value !== 'string') return undefined
  const m = DATE_TIME.exec(value)
  if (!m || !isDate(m[1] ?? '') || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return undefined
  const zone = (m[6] ?? 'Z').toUpperCase()
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`
  const millis = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ?? ''}${offset}`)
  return Number.isNaN(millis) ? undefined : millis
}

/** A value as a message shows it: text in quotes, anything else as written. */
export function showValue(value: ModelValue): string {
  return typeof value === 'string' ? `'${value.length > 40 ? value.slice(0, 37) + '...' : value}'` : String(value)
}

/** Types whose values have an order, so `min` and `max` mean something. */
export const ORDERED_TYPES: ReadonlySet<AttributeType['kind']> = new Set(['String', 'Integer', 'Long', 'Decimal', 'Date', 'DateTime'])

/**
 * A valid value's place in its type's order, compared as the kernel compares: numbers by
 * value, dates and strings by their text, date-times by instant. Undefined when the type
 * has no order or the value is not one of its values.
 */
export function orderKey(value: ModelValue, type: AttributeType): number | string | undefined {
  if (value === null || !ORDERED_TYPES.has(type.kind) || valueProblem(value, type) !== undefined) return undefined
  if (type.kind === 'DateTime') return dateTimeMillis(value)
  if (type.kind === 'Decimal') return Number(value)
  return typeof value === 'boolean' ? undefined : value
}
