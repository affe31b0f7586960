import type { ArithmeticOp, Literal } from './ast.js'
import type { TemporalArith, ValueType } from './typed-query.js'

/**
 * Durations (Edm.Duration): exact spans of days, hours, minutes and seconds, without years
 * or months (their length varies). Queries compute with a whole number of **milliseconds**,
 * the precision of DateTime values; results carry the canonical ISO 8601 text
 * (`P1DT2H30M`, `-PT0.5S`, `PT0S`).
 */

const DURATION = /^([+-])?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?)?$/
const MS_PER_DAY = 86_400_000

/** Why a text is not a duration, or its value in milliseconds. */
export function readDuration(text: string): { readonly ms: number } | { readonly problem: string } {
  const m = DURATION.exec(text)
  if (!m || text.endsWith('P') || text.endsWith('T')) {
    const hint = /^-?P(\d+Y|\d+M|\d+W)/.test(text) ? ' (years, months and weeks are not durations: use days)' : ''
    return { problem: `'${text}' is not a duration ([-]PnDTnHnMn.nnnS)${hint}` }
  }
  const fraction = m[6] ?? ''
  if (/[1-9]/.test(fraction.slice(3))) return { problem: `'${text}' is more precise than a millisecond` }
  const [days, hours, minutes, seconds] = [m[2], m[3], m[4], m[5]].map((v) => Number(v ?? 0)) as [number, number, number, number]
  const ms = ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'))
  if (!Number.isSafeInteger(ms)) return { problem: `'${text}' is longer than durations can be` }
  return { ms: m[1] === '-' ? -ms || 0 : ms }
}

/** The canonical text of a number of milliseconds: `P1DT2H30M`, `-PT0.5S`, `PT0S`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : ''
  let rest = Math.abs(ms)
  const days = Math.floor(rest / MS_PER_DAY)
  rest -= days * MS_PER_DAY
  const hours = Math.floor(rest / 3_600_000)
  rest -= hours * 3_600_000
  const minutes = Math.floor(rest / 60_000)
  rest -= minutes * 60_000
  const seconds = rest / 1000
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`
  if (!days && !time) return 'PT0S'
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`
}

/** Milliseconds since 1970 of a canonical DateTime (`YYYY-MM-DDTHH:mm:ss.sssZ`) or Date (`YYYY-MM-DD`). */
export function epochMillis(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00.000Z` : text)
}

/** The canonical DateTime of milliseconds since 1970. */
export function dateTimeOf(ms: number): string {
  return new Date(ms).toISOString()
}

/** The date of the instant `ms` (the day it falls in, UTC). */
export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, -14)
}

/**
 * The meaning of temporal arithmetic on evaluated values (null in, null out; dividing by
 * zero is null). Date-times and dates are canonical text, durations milliseconds; a Date
 * shifted by a duration is the day the shifted instant falls in (OData: convert to a
 * date-time at midnight, add, drop the time), and a scaled duration is truncated toward
 * zero to a whole millisecond.
 */
export function temporalArithmetic(form: TemporalArith, op: ArithmeticOp, a: Literal, b: Literal): Literal {
  if (a === null || b === null) return null
  const sign = op === 'sub' ? -1 : 1
  switch (form) {
    case 'shiftDateTime':
      return dateTimeOf(epochMillis(a as string) + sign * (b as number))
    case 'shiftDate':
      return dateOf(epochMillis(a as string) + sign * (b as number))
    case 'dateTimeDiff':
    case 'dateDiff':
      return epochMillis(a as string) - epochMillis(b as string) || 0
    case 'durations':
      return (a as number) + sign * (b as number) || 0
    case 'scale': {
      if (op === 'mul') return Math.trunc((a as number) * (b as number)) || 0
      return b === 0 ? null : Math.trunc((a as number) / (b as number)) || 0
    }
  }
}

/** A value as results carry it: a duration as its ISO 8601 text, anything else as it is. */
export function resultValue(value: Literal, type: ValueType): Literal {
  return type === 'Duration' && typeof value === 'number' ? formatDuration(value) : value
}
