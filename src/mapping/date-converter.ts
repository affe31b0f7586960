import { compileDatePattern, formatOffset, offsetMinutes, type DateParts, type DatePattern } from './date-pattern.js'
import { compileTimeZone, type TimeZone } from './time-zone.js'

/**
 * Dates and date-times between the wire and the kernel encoding (`YYYY-MM-DD`,
 * `YYYY-MM-DDTHH:mm:ss.sssZ`). A date-time without an offset is read in the field's
 * `timeZone` (UTC when none is declared) and written in it.
 */
export interface DateCodec {
  /** Kernel text, or undefined when `text` is not a valid date (time) in the format. */
  read(text: string): string | undefined
  /** Wire text of a kernel value, or undefined when the value is not one. */
  write(value: string): string | undefined
  /** What the wire format looks like, for messages. */
  readonly expected: string
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i

export function compileDateCodec(
  kind: 'Date' | 'DateTime',
  options: { readonly pattern?: string; readonly timeZone?: string },
): DateCodec | { readonly problem: string } {
  const pattern = options.pattern === undefined ? undefined : compileDatePattern(options.pattern)
  if (pattern && 'problem' in pattern) return pattern
  const zone = compileTimeZone(options.timeZone ?? 'UTC')
  if ('problem' in zone) return zone
  if (kind === 'Date') return dateCodec(pattern)
  return dateTimeCodec(pattern, zone, options.timeZone !== undefined)
}

function dateCodec(pattern: DatePattern | undefined): DateCodec {
  return {
    expected: pattern ? `a date like ${pattern.text}` : 'a date (YYYY-MM-DD)',
    read(text) {
      if (!pattern) return isIsoDate(text) ? text : undefined
      const parts = pattern.parse(text)
      return parts && validDate(parts) ? isoDate(parts) : undefined
    },
    write(value) {
      const parts = isoDateParts(value)
      if (!parts) return undefined
      return pattern ? pattern.format(parts) : value
    },
  }
}

function dateTimeCodec(pattern: DatePattern | undefined, zone: TimeZone, zoned: boolean): DateCodec {
  return {
    expected: pattern ? `a date-time like ${pattern.text}` : 'a date-time (YYYY-MM-DDTHH:mm:ss with an offset)',
    read(text) {
      const parts = pattern ? pattern.parse(text) : isoDateTimeParts(text)
      if (!parts || !validDate(parts) || parts.hour > 23 || parts.minute > 59 || parts.second > 59) return undefined
      const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond)
      const instant = parts.offset === undefined ? zone.toUtc(wall) : wall - parts.offset * 60000
      const d = new Date(instant)
      return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999 ? undefined : d.toISOString()
    },
    write(value) {
      const instant = Date.parse(value)
      if (Number.isNaN(instant)) return undefined
      if (!pattern && !zoned) return new Date(instant).toISOString()
      const offset = zone.offsetAt(instant)
      const wall = new Date(instant + offset * 60000)
      const parts: DateParts = {
        year: wall.getUTCFullYear(),
        month: wall.getUTCMonth() + 1,
        day: wall.getUTCDate(),
        hour: wall.getUTCHours(),
        minute: wall.getUTCMinutes(),
        second: wall.getUTCSeconds(),
        millisecond: wall.getUTCMilliseconds(),
        offset,
      }
      return pattern ? pattern.format(parts) : `${wall.toISOString().slice(0, 23)}${formatOffset(offset, true).replace('Z', '+00:00')}`
    },
  }
}

/** `YYYY-MM-DD` naming a real day, checked without allocating (the common case of every date cell). */
function isIsoDate(text: string): boolean {
  if (text.length !== 10 || !ISO_DATE.test(text)) return false
  const digit = (i: number) => text.charCodeAt(i) - 48
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
  return validDay(year, digit(5) * 10 + digit(6), digit(8) * 10 + digit(9))
}

function isoDateParts(text: string): DateParts | undefined {
  const m = ISO_DATE.exec(text)
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0, second: 0, millisecond: 0 } : undefined
}

function isoDateTimeParts(text: string): DateParts | undefined {
  const m = ISO_DATE_TIME.exec(text)
  if (!m) return undefined
  const fraction = m[7] ?? ''
  if (/[1-9]/.test(fraction.slice(3))) return undefined
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    millisecond: Number((fraction + '000').slice(0, 3)),
    ...(m[8] === undefined ? {} : { offset: offsetMinutes(m[8].toUpperCase()) }),
  }
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** A real calendar day (no Date object per value: this runs for every cell of a file). */
function validDay(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day <= (DAYS[month - 1] as number) + (leap ? 1 : 0)
}

function validDate(p: DateParts): boolean {
  return validDay(p.year, p.month, p.day)
}

function isoDate(p: DateParts): string {
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}
