import type { FunctionName } from '../../query/index.js'
import { ANY, BOOLEAN, DATE, DATE_TIME, DECIMAL, describeType, INTEGER, LONG, STRING, type FlowType } from './flow-types.js'
import { addTime, daysBetween, formatDate, parseDate, parseDateTime, parseDecimal, today } from './temporal-values.js'

/** What an argument must be. */
export type ParamClass = 'string' | 'number' | 'integer' | 'boolean' | 'temporal' | 'date' | 'dateTime' | 'list' | 'any'

/** What a function call may read besides its arguments. */
export interface CallContext {
  readonly now: () => Date
}

/**
 * One function of the expression language: its parameters, result type, behaviour and,
 * when it has one, the query-language function a `where` filter compiles it to. A null
 * argument gives a null result unless `nullable` says the function handles null itself.
 */
export interface FunctionDefinition {
  readonly params: readonly ParamClass[]
  readonly optional: number
  readonly variadic?: boolean
  readonly nullable?: boolean
  readonly result: (args: readonly FlowType[]) => FlowType
  readonly run: (args: readonly unknown[], ctx: CallContext) => unknown
  readonly query?: FunctionName
  /** One line for docs/flows.md. */
  readonly doc: string
}

const fixed = (t: FlowType) => () => t
const first = (args: readonly FlowType[]): FlowType => args[0] ?? ANY
const str = (v: unknown): string => v as string
const num = (v: unknown): number => v as number

function fn(params: ParamClass[], result: FunctionDefinition['result'], run: FunctionDefinition['run'], doc: string, extra: Partial<FunctionDefinition> = {}): FunctionDefinition {
  return Object.freeze({ params, optional: 0, result, run, doc, ...extra })
}

/** The functions of the flow expression language, by name (names are case-sensitive). */
export const FUNCTIONS: Readonly<Record<string, FunctionDefinition>> = Object.freeze({
  length: fn(['any'], fixed(INTEGER), ([v]) => (Array.isArray(v) ? v.length : [...str(v)].length), 'Characters of a string, or elements of a list.', { query: 'length' }),
  contains: fn(['string', 'string'], fixed(BOOLEAN), ([s, t]) => str(s).includes(str(t)), 'Whether the first string contains the second (case-sensitive).', { query: 'contains' }),
  startsWith: fn(['string', 'string'], fixed(BOOLEAN), ([s, t]) => str(s).startsWith(str(t)), 'Whether the string starts with the second.', { query: 'startswith' }),
  endsWith: fn(['string', 'string'], fixed(BOOLEAN), ([s, t]) => str(s).endsWith(str(t)), 'Whether the string ends with the second.', { query: 'endswith' }),
  toUpper: fn(['string'], fixed(STRING), ([s]) => str(s).toUpperCase(), 'Upper case.', { query: 'toupper' }),
  toLower: fn(['string'], fixed(STRING), ([s]) => str(s).toLowerCase(), 'Lower case.', { query: 'tolower' }),
  trim: fn(['string'], fixed(STRING), ([s]) => str(s).trim(), 'Without leading and trailing white space.', { query: 'trim' }),
  substring: fn(['string', 'integer', 'integer'], fixed(STRING), ([s, start, n]) => substring(str(s), num(start), n as number | undefined), 'substring(s, start[, length]): 0-based, clamped to the string.', { optional: 1 }),
  replace: fn(['string', 'string', 'string'], fixed(STRING), ([s, a, b]) => (str(a) === '' ? str(s) : str(s).split(str(a)).join(str(b))), 'replace(s, find, with): every occurrence, plain text.'),
  concat: fn(['any', 'any'], fixed(STRING), (args) => args.map((a) => (a === null || a === undefined ? '' : String(a))).join(''), 'The values as text, joined; empty counts as no text.', { variadic: true, nullable: true }),
  toString: fn(['any'], fixed(STRING), ([v]) => (typeof v === 'object' ? JSON.stringify(v) : String(v)), 'A value as text (numbers in plain form, dates in ISO form).'),
  round: fn(['number', 'integer'], first, ([x, d]) => roundTo(num(x), (d as number | undefined) ?? 0), 'round(x[, digits]): half away from zero.', { optional: 1 }),
  floor: fn(['number'], first, ([x]) => Math.floor(num(x)), 'Largest integer not above x.', { query: 'floor' }),
  ceiling: fn(['number'], first, ([x]) => Math.ceil(num(x)), 'Smallest integer not below x.', { query: 'ceiling' }),
  abs: fn(['number'], first, ([x]) => Math.abs(num(x)), 'Absolute value.'),
  min: fn(['number', 'number'], numberResult, (args) => Math.min(...(args as number[])), 'The smallest of the numbers.', { variadic: true }),
  max: fn(['number', 'number'], numberResult, (args) => Math.max(...(args as number[])), 'The largest of the numbers.', { variadic: true }),
  parseDecimal: fn(['string', 'string'], fixed(DECIMAL), ([s, sep]) => parseDecimal(str(s), sep as string | undefined), "parseDecimal(s[, decimalSeparator]): '1.234,50' with ',' → 1234.5; empty when not a number.", { optional: 1 }),
  parseInteger: fn(['string'], fixed(LONG), ([s]) => (/^[+-]?\d+$/.test(str(s).trim()) ? Number(str(s).trim()) : null), 'An integer from text; empty when not one.'),
  now: fn([], fixed(DATE_TIME), (_args, ctx) => ctx.now().toISOString(), 'The current date-time (UTC), the same for the whole flow run.', { query: 'now' }),
  today: fn(['string'], fixed(DATE), ([zone], ctx) => today(ctx.now(), zone as string | undefined), 'today([timeZone]): the current date, in UTC or the IANA zone given.', { optional: 1 }),
  addDays: fn(['temporal', 'number'], first, ([d, n]) => addTime(str(d), num(n) * 86_400_000), 'addDays(dateOrDateTime, n): n may be negative.'),
  addHours: fn(['dateTime', 'number'], first, ([d, n]) => addTime(str(d), num(n) * 3_600_000), 'addHours(dateTime, n).'),
  addMinutes: fn(['dateTime', 'number'], first, ([d, n]) => addTime(str(d), num(n) * 60_000), 'addMinutes(dateTime, n).'),
  daysBetween: fn(['temporal', 'temporal'], fixed(INTEGER), ([a, b]) => daysBetween(str(a), str(b)), 'Whole days from the first to the second (negative when earlier).'),
  year: fn(['temporal'], fixed(INTEGER), ([d]) => Number(str(d).slice(0, 4)), 'The year (of the UTC value).', { query: 'year' }),
  month: fn(['temporal'], fixed(INTEGER), ([d]) => Number(str(d).slice(5, 7)), 'The month, 1–12.', { query: 'month' }),
  day: fn(['temporal'], fixed(INTEGER), ([d]) => Number(str(d).slice(8, 10)), 'The day of the month.', { query: 'day' }),
  formatDate: fn(['temporal', 'string', 'string'], fixed(STRING), ([d, p, z]) => formatDate(str(d), str(p), z as string | undefined), "formatDate(d, 'dd.MM.yyyy'[, timeZone]): letters as in mapping patterns.", { optional: 1 }),
  parseDate: fn(['string', 'string'], fixed(DATE), ([s, p]) => parseDate(str(s), p as string | undefined), "parseDate(s[, pattern]): a Date; empty when s does not match.", { optional: 1 }),
  parseDateTime: fn(['string', 'string', 'string'], fixed(DATE_TIME), ([s, p, z]) => parseDateTime(str(s), p as string | undefined, z as string | undefined), 'parseDateTime(s[, pattern[, timeZone]]): a DateTime; empty when s does not match.', { optional: 2 }),
  count: fn(['list'], fixed(INTEGER), ([l]) => (l as unknown[]).length, 'Elements of a list.'),
  first: fn(['list'], (args) => (args[0]?.kind === 'list' ? args[0].element : ANY), ([l]) => (l as unknown[])[0] ?? null, 'The first element of a list, or empty.'),
})

function numberResult(args: readonly FlowType[]): FlowType {
  if (args.some((a) => a.kind === 'scalar' && a.name === 'Decimal')) return DECIMAL
  return args.some((a) => a.kind === 'scalar' && a.name === 'Long') ? LONG : INTEGER
}

function substring(s: string, start: number, length: number | undefined): string {
  const chars = [...s]
  const from = Math.max(0, start)
  const to = length === undefined ? chars.length : from + Math.max(0, length)
  return chars.slice(from, to).join('')
}

/** Half away from zero on the decimal digits as written (1.005 → 1.01), by shifting the exponent in text. */
export function roundTo(x: number, digits: number): number {
  const text = String(Math.abs(x))
  if (text.includes('e')) return Math.sign(x) * (Math.round(Math.abs(x) * 10 ** digits) / 10 ** digits)
  const shifted = Math.round(Number(`${text}e${digits}`))
  return Math.sign(x) * Number(`${shifted}e${-digits}`)
}

/** Whether a type fits a parameter class. */
export function fitsParam(t: FlowType, param: ParamClass): boolean {
  if (t.kind === 'any' || t.kind === 'null' || param === 'any') return true
  if (param === 'list') return t.kind === 'list'
  if (t.kind !== 'scalar') return false
  switch (param) {
    case 'string':
      return t.name === 'String' || t.name === 'Enum'
    case 'number':
      return t.name === 'Integer' || t.name === 'Long' || t.name === 'Decimal'
    case 'integer':
      return t.name === 'Integer' || t.name === 'Long'
    case 'boolean':
      return t.name === 'Boolean'
    case 'temporal':
      return t.name === 'Date' || t.name === 'DateTime'
    case 'date':
      return t.name === 'Date'
    case 'dateTime':
      return t.name === 'DateTime'
  }
}

/** `a string`, `a number`, … for messages. */
export function describeParam(param: ParamClass, given: FlowType): string {
  const wanted: Record<ParamClass, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    temporal: 'a Date or DateTime',
    date: 'a Date',
    dateTime: 'a DateTime',
    list: 'a list',
    any: 'a value',
  }
  return `${wanted[param]}, not ${describeType(given)}`
}
