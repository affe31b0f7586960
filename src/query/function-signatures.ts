import type { FunctionName } from './ast.js'
import type { ValueType } from './typed-query.js'

/**
 * The signature of every function of the language: accepted types per argument, how many
 * trailing arguments may be left out, and the result type (`same` = the first argument's).
 * The checker reads this table; docs/query.md describes the behaviour of each function.
 */
export interface FunctionSignature {
  readonly params: readonly (readonly ValueType[])[]
  readonly optional: number
  readonly result: ValueType | 'same'
  /** Returns a two-valued truth value (a predicate). */
  readonly predicate: boolean
  /** Why the runtime does not evaluate it, when it does not. */
  readonly unsupported?: string
}

const STRING: readonly ValueType[] = ['String']
const INTEGRAL: readonly ValueType[] = ['Integer', 'Long']
const NUMERIC: readonly ValueType[] = ['Integer', 'Long', 'Decimal', 'Double']
const DATE_OR_DATE_TIME: readonly ValueType[] = ['Date', 'DateTime']
const TIME_PARTS: readonly ValueType[] = ['DateTime', 'TimeOfDay']

function sig(params: readonly (readonly ValueType[])[], result: ValueType | 'same', extra: Partial<FunctionSignature> = {}): FunctionSignature {
  return Object.freeze({ params, optional: 0, result, predicate: false, ...extra })
}

export const FUNCTION_SIGNATURES: Readonly<Record<FunctionName, FunctionSignature>> = Object.freeze({
  contains: sig([STRING, STRING], 'Boolean', { predicate: true }),
  startswith: sig([STRING, STRING], 'Boolean', { predicate: true }),
  endswith: sig([STRING, STRING], 'Boolean', { predicate: true }),
  length: sig([STRING], 'Integer'),
  indexof: sig([STRING, STRING], 'Integer'),
  substring: sig([STRING, INTEGRAL, INTEGRAL], 'String', { optional: 1 }),
  tolower: sig([STRING], 'String'),
  toupper: sig([STRING], 'String'),
  trim: sig([STRING], 'String'),
  concat: sig([STRING, STRING], 'String'),
  matchesPattern: sig([STRING, STRING], 'Boolean', { predicate: true }),
  year: sig([DATE_OR_DATE_TIME], 'Integer'),
  month: sig([DATE_OR_DATE_TIME], 'Integer'),
  day: sig([DATE_OR_DATE_TIME], 'Integer'),
  hour: sig([TIME_PARTS], 'Integer'),
  minute: sig([TIME_PARTS], 'Integer'),
  second: sig([TIME_PARTS], 'Integer'),
  fractionalseconds: sig([TIME_PARTS], 'Decimal'),
  date: sig([['DateTime']], 'Date'),
  time: sig([['DateTime']], 'TimeOfDay'),
  totaloffsetminutes: sig([['DateTime']], 'Integer'),
  now: sig([], 'DateTime'),
  mindatetime: sig([], 'DateTime'),
  maxdatetime: sig([], 'DateTime'),
  totalseconds: sig([['Duration']], 'Decimal'),
  round: sig([NUMERIC], 'same'),
  floor: sig([NUMERIC], 'same'),
  ceiling: sig([NUMERIC], 'same'),
})

export const FUNCTION_NAMES: readonly FunctionName[] = Object.freeze(Object.keys(FUNCTION_SIGNATURES) as FunctionName[])

/** The smallest and largest DateTime values (`mindatetime()`, `maxdatetime()`). */
export const MIN_DATE_TIME = '0001-01-01T00:00:00.000Z'
export const MAX_DATE_TIME = '9999-12-31T23:59:59.999Z'
