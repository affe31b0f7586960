import { compileDateCodec } from '../../mapping/date-converter.js'
import { compileNumberFormat } from '../../mapping/number-format.js'
import { compileTimeZone } from '../../mapping/time-zone.js'
import { flowErrors } from '../errors.js'

/**
 * Dates, date-times and numbers read from and written as text by the expression
 * functions. Patterns and time zones are the mapping layer's, so a flow formats a date the
 * way a mapping writes it. Values are in the kernel encoding: `YYYY-MM-DD` and
 * `YYYY-MM-DDTHH:mm:ss.sssZ`.
 */

const isDateOnly = (value: string): boolean => value.length === 10

function codec(kind: 'Date' | 'DateTime', pattern: string | undefined, timeZone: string | undefined) {
  const c = compileDateCodec(kind, { ...(pattern === undefined ? {} : { pattern }), ...(timeZone === undefined ? {} : { timeZone }) })
  if ('problem' in c) throw flowErrors.create('FLOW_EXPRESSION_FAILED', c.problem)
  return c
}

/** A problem with a date pattern or time zone, for the checker; undefined when both are fine. */
export function temporalProblem(pattern: string | undefined, timeZone: string | undefined): string | undefined {
  const c = compileDateCodec('DateTime', { ...(pattern === undefined ? {} : { pattern }), ...(timeZone === undefined ? {} : { timeZone }) })
  return 'problem' in c ? c.problem : undefined
}

export function formatDate(value: string, pattern: string, timeZone: string | undefined): string | null {
  return codec(isDateOnly(value) ? 'Date' : 'DateTime', pattern, timeZone).write(value) ?? null
}

export function parseDate(text: string, pattern: string | undefined): string | null {
  return codec('Date', pattern, undefined).read(text.trim()) ?? null
}

export function parseDateTime(text: string, pattern: string | undefined, timeZone: string | undefined): string | null {
  return codec('DateTime', pattern, timeZone).read(text.trim()) ?? null
}

export function parseDecimal(text: string, decimal: string | undefined): number | null {
  return compileNumberFormat(decimal === undefined ? {} : { decimal }).parse(text) ?? null
}

/** The date or date-time `ms` milliseconds later; a Date stays a Date. */
export function addTime(value: string, ms: number): string | null {
  const date = isDateOnly(value)
  const t = Date.parse(date ? `${value}T00:00:00Z` : value)
  if (Number.isNaN(t)) return null
  const iso = new Date(t + ms).toISOString()
  return date ? iso.slice(0, 10) : iso
}

export function daysBetween(from: string, to: string): number | null {
  const a = Date.parse(isDateOnly(from) ? `${from}T00:00:00Z` : from)
  const b = Date.parse(isDateOnly(to) ? `${to}T00:00:00Z` : to)
  if (Number.isNaN(a) || Number.isNaN(b)) return null
  return Math.trunc((b - a) / 86_400_000)
}

/** The current date in UTC or in a time zone. */
export function today(now: Date, timeZone: string | undefined): string {
  if (timeZone === undefined) return now.toISOString().slice(0, 10)
  const zone = compileTimeZone(timeZone)
  if ('problem' in zone) throw flowErrors.create('FLOW_EXPRESSION_FAILED', zone.problem)
  return new Date(now.getTime() + zone.offsetAt(now.getTime()) * 60_000).toISOString().slice(0, 10)
}
