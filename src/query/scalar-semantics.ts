import { matchesCanonical } from './regex-pattern.js'
import type { FunctionName, Literal } from './ast.js'
import { MAX_DATE_TIME, MIN_DATE_TIME } from './function-signatures.js'

/**
 * The meaning of comparisons and functions on plain JavaScript values, written for clarity:
 * the reference evaluator uses it as the oracle the SQL of both databases is tested against.
 * Strings are sequences of code points; dates and times are their canonical ISO text.
 */

/** Orders two non-null values of comparable types: numbers, strings by code point, false < true. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return compareCodePoints(String(a), String(b))
}

/** Code point order (UTF-16 order differs for characters above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1
}

/** Sort comparison with nulls first ascending and last descending. */
export function compareForSort(a: unknown, b: unknown, direction: 'asc' | 'desc'): number {
  const order = a === null && b === null ? 0 : a === null ? -1 : b === null ? 1 : compareValues(a, b)
  return direction === 'asc' ? order : -order
}

/** Lower-cases ASCII letters only, like SQLite's lower() and PostgreSQL's under COLLATE "C". */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase())
}

/** Upper-cases ASCII letters only. */
export function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (s) => s.toUpperCase())
}

/** -0 → 0: databases have no negative zero. */
export function noNegativeZero(n: number): number {
  return n === 0 ? 0 : n
}

/** Rounds half away from zero (PostgreSQL's numeric round, SQLite's round). */
export function roundHalfAway(n: number): number {
  return noNegativeZero(Math.sign(n) * Math.round(Math.abs(n)))
}

/** OData 4.01: a negative start counts from the end (clamped to the first character). */
function substring(s: string, start: number, length?: number): string {
  const chars = [...s]
  const from = start < 0 ? Math.max(chars.length + start, 0) : start
  return (length === undefined ? chars.slice(from) : chars.slice(from, from + Math.max(length, 0))).join('')
}

function indexOf(s: string, t: string): number {
  const at = s.indexOf(t)
  return at < 0 ? -1 : [...s.slice(0, at)].length
}

/** Position of a part in canonical text: DateTime `YYYY-MM-DDTHH:mm:ss.sssZ`, Date, TimeOfDay `HH:mm:ss.sss`. */
function part(text: string, name: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'ms'): number {
  const time = text.length === 12 ? text : text.slice(11)
  switch (name) {
    case 'year':
      return Number(text.slice(0, 4))
    case 'month':
      return Number(text.slice(5, 7))
    case 'day':
      return Number(text.slice(8, 10))
    case 'hour':
      return Number(time.slice(0, 2))
    case 'minute':
      return Number(time.slice(3, 5))
    case 'second':
      return Number(time.slice(6, 8))
    case 'ms':
      return Number(time.slice(9, 12))
  }
}

/** Context a function may need: the evaluation's current time. */
export interface CallContext {
  readonly now: string
  /** Whether the (single) numeric argument is integral: round/floor/ceiling keep it. */
  readonly integral: boolean
}

/**
 * Applies a function to evaluated arguments. A null argument yields null (predicates then
 * count as false in the caller). A `matchesPattern` pattern arrives in its canonical form.
 */
export function applyFunction(name: FunctionName, args: readonly Literal[], ctx: CallContext): Literal {
  if (args.some((a) => a === null)) return null
  const [a, b, c] = args as [never, never, never]
  switch (name) {
    case 'contains': return (a as string).includes(b)
    case 'startswith': return (a as string).startsWith(b)
    case 'endswith': return (a as string).endsWith(b)
    case 'length': return [...(a as string)].length
    case 'indexof': return indexOf(a, b)
    case 'substring': return substring(a, b, args.length > 2 ? c : undefined)
    case 'tolower': return asciiLower(a)
    case 'toupper': return asciiUpper(a)
    case 'trim': return (a as string).replace(/^ +| +$/g, '')
    case 'concat': return (a as string) + (b as string)
    case 'year': case 'month': case 'day': case 'hour': case 'minute': case 'second':
      return part(a, name)
    case 'fractionalseconds': return part(a, 'ms') / 1000
    case 'date': return (a as string).slice(0, 10)
    case 'time': return (a as string).slice(11, 23)
    case 'totaloffsetminutes': return 0
    case 'now': return ctx.now
    case 'mindatetime': return MIN_DATE_TIME
    case 'maxdatetime': return MAX_DATE_TIME
    case 'totalseconds': return (a as number) / 1000
    case 'round': return ctx.integral ? a : roundHalfAway(a)
    case 'floor': return ctx.integral ? a : noNegativeZero(Math.floor(a))
    case 'ceiling': return ctx.integral ? a : noNegativeZero(Math.ceil(a))
    case 'matchesPattern': return matchesCanonical(a as string, b as string)
  }
}
