import { describe, expect, it } from 'vitest'
import { isPorticoError } from '../../../errors/index.js'
import type { Expr } from '../../../query/index.js'
import { parseFilter } from './index.js'

/** The literal on the right of `x eq <text>`. */
function literal(text: string): unknown {
  const expr: Expr = parseFilter(`x eq ${text}`)
  return expr.kind === 'compare' ? expr.right : expr
}

function failure(text: string): { code: string; message: string } {
  try {
    parseFilter(`x eq ${text}`)
  } catch (error) {
    if (isPorticoError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error(`parsed: ${text}`)
}

describe('literals', () => {
  it.each([
    ['null', { value: null }],
    ['true', { value: true, type: 'Boolean' }],
    ['FALSE', { value: false, type: 'Boolean' }],
    ['0', { value: 0, type: 'Integer' }],
    ['-0', { value: 0, type: 'Integer' }],
    ['-5', { value: -5, type: 'Integer' }],
    ['+5', { value: 5, type: 'Integer' }],
    ['007', { value: 7, type: 'Integer' }],
    ['2147483648', { value: 2147483648, type: 'Integer' }],
    ['9007199254740991', { value: 9007199254740991, type: 'Integer' }],
    ['9223372036854775807', { value: '9223372036854775807', type: 'Integer' }],
    ['-9223372036854775808', { value: '-9223372036854775808', type: 'Integer' }],
    ['9223372036854775808', { value: '9223372036854775808', type: 'Decimal' }],
    ['1.5', { value: 1.5, type: 'Decimal' }],
    ['1.50', { value: 1.5, type: 'Decimal' }],
    ['0.1', { value: 0.1, type: 'Decimal' }],
    ['-0.25', { value: -0.25, type: 'Decimal' }],
    ['1.5e3', { value: 1500, type: 'Decimal' }],
    ['1E-2', { value: 0.01, type: 'Decimal' }],
    ['2e+2', { value: 200, type: 'Decimal' }],
    ['1.0000000000000001', { value: '1.0000000000000001', type: 'Decimal' }],
    ["'Milk'", { value: 'Milk', type: 'String' }],
    ["'it''s'", { value: "it's", type: 'String' }],
    ["''", { value: '', type: 'String' }],
    ["'a b/c(d) eq ''x'' %'", { value: "a b/c(d) eq 'x' %", type: 'String' }],
    ["'Grüße 😀'", { value: 'Grüße 😀', type: 'String' }],
    ['2024-01-02', { value: '2024-01-02', type: 'Date' }],
    ['2024-02-29', { value: '2024-02-29', type: 'Date' }],
    ['2024-01-02T10:20:30Z', { value: '2024-01-02T10:20:30.000Z', type: 'DateTime' }],
    ['2024-01-02T10:20Z', { value: '2024-01-02T10:20:00.000Z', type: 'DateTime' }],
    ['2024-01-02T10:20:30.5+02:00', { value: '2024-01-02T08:20:30.500Z', type: 'DateTime' }],
    ['2024-12-31T23:30:00-01:00', { value: '2025-01-01T00:30:00.000Z', type: 'DateTime' }],
    ['2024-01-02t10:20:30.1230000z', { value: '2024-01-02T10:20:30.123Z', type: 'DateTime' }],
    ['10:20:30', { value: '10:20:30.000', type: 'TimeOfDay' }],
    ['10:20', { value: '10:20:00.000', type: 'TimeOfDay' }],
    ['23:59:59.25', { value: '23:59:59.250', type: 'TimeOfDay' }],
    ['01234567-89AB-cdef-0123-456789ABCDEF', { value: '01234567-89ab-cdef-0123-456789abcdef', type: 'UUID' }],
    ["Sales.Pattern'Yellow'", { value: 'Yellow', type: 'Enum', enumType: 'Sales.Pattern' }],
    ["My.Deep.Ns.Flag'2'", { value: '2', type: 'Enum', enumType: 'My.Deep.Ns.Flag' }],
  ])('%s', (text, expected) => {
    expect(literal(text)).toEqual({ kind: 'literal', ...expected })
  })

  it('reads a plain string compared with an enumeration as a String (the adapter re-types it)', () => {
    expect(literal("'Yellow'")).toEqual({ kind: 'literal', value: 'Yellow', type: 'String' })
  })

  it('ignores the number suffixes OData V2 clients write (5L, 1.5M, 2D, 3F)', () => {
    expect(literal('5L')).toEqual({ kind: 'literal', value: 5, type: 'Integer' })
    expect(literal('1.5m')).toEqual({ kind: 'literal', value: 1.5, type: 'Decimal' })
    expect(literal('2D')).toEqual(literal('2'))
    expect(failure('5Lx').code).toBe('ODATA_SYNTAX')
  })

  it('reads duration literals with the type prefix, in any case, as Duration text', () => {
    expect(literal("duration'P1DT2H30M'")).toEqual({ kind: 'literal', value: 'P1DT2H30M', type: 'Duration' })
    expect(literal("Duration'-PT0.5S'")).toEqual({ kind: 'literal', value: '-PT0.5S', type: 'Duration' })
    expect(literal("duration'+P7D'")).toEqual({ kind: 'literal', value: 'P7D', type: 'Duration' })
    expect(literal("'P7D'")).toEqual({ kind: 'literal', value: 'P7D', type: 'String' })
    expect(parseFilter("totalseconds(now() sub createdAt) gt 5")).toMatchObject({ left: { kind: 'call', name: 'totalseconds', args: [{ kind: 'arith', op: 'sub' }] } })
  })

  it('keeps a property named like a literal prefix a property', () => {
    expect(parseFilter('duration gt 5')).toMatchObject({ left: { kind: 'property', path: ['duration'] } })
    expect(parseFilter('nullable eq true')).toMatchObject({ left: { kind: 'property', path: ['nullable'] } })
    expect(parseFilter('$it/null eq 1')).toMatchObject({ left: { kind: 'property', path: ['null'] } })
  })

  it.each([
    ['INF', 'ODATA_NOT_SUPPORTED', 'INF is not supported'],
    ['-INF', 'ODATA_NOT_SUPPORTED', 'INF is not supported'],
    ['NaN', 'ODATA_NOT_SUPPORTED', 'NaN is not supported'],
    ['1e999', 'ODATA_NOT_SUPPORTED', 'the number 1e999 is out of range'],
    ["duration'P1Y'", 'ODATA_SYNTAX', "duration'P1Y' is not a duration ([-]PnDTnHnMn.nnnS); years, months and weeks are not durations, write days at position 6"],
    ["duration'xyz'", 'ODATA_SYNTAX', "duration'xyz' is not a duration ([-]PnDTnHnMn.nnnS) at position 6"],
    ["duration'PT'", 'ODATA_SYNTAX', "duration'PT' is not a duration"],
    ["duration'PT0.0001S'", 'ODATA_NOT_SUPPORTED', "duration'PT0.0001S' is more precise than a millisecond"],
    ["binary'AAE='", 'ODATA_NOT_SUPPORTED', 'binary literals are not supported'],
    ["geography'SRID=4326;Point(1 2)'", 'ODATA_NOT_SUPPORTED', 'geography and geometry literals are not supported'],
    ["geometry'Point(1 2)'", 'ODATA_NOT_SUPPORTED', 'geography and geometry literals are not supported'],
    ["Ns.Color'Red,Blue'", 'ODATA_NOT_SUPPORTED', "combined enumeration flags (Ns.Color'Red,Blue') are not supported"],
    ["Ns.Color'no way'", 'ODATA_SYNTAX', "'no way' is not an enumeration member"],
    ["foo'bar'", 'ODATA_SYNTAX', 'unknown literal prefix foo'],
    ["'abc", 'ODATA_SYNTAX', 'unterminated string; a quote inside a string is written twice at position 6'],
    ['2024-02-30', 'ODATA_SYNTAX', '2024-02-30 is not a valid date'],
    ['2023-02-29', 'ODATA_SYNTAX', '2023-02-29 is not a valid date'],
    ['2024-13-01', 'ODATA_SYNTAX', '2024-13-01 is not a valid date'],
    ['0000-01-01', 'ODATA_NOT_SUPPORTED', 'dates before the year 0001 are not supported'],
    ['25:00', 'ODATA_SYNTAX', '25:00 is not a valid time of day'],
    ['10:61:00', 'ODATA_SYNTAX', '10:61:00 is not a valid time of day'],
    ['10:20:60', 'ODATA_NOT_SUPPORTED', 'leap seconds (10:20:60) are not supported'],
    ['2024-01-02T10:20:30.1234Z', 'ODATA_NOT_SUPPORTED', '10:20:30.1234 is more precise than a millisecond'],
    ['2024-01-02T10:20:30+24:00', 'ODATA_SYNTAX', 'a time zone offset is at most 23:59'],
    ['0001-01-01T00:00:00+01:00', 'ODATA_NOT_SUPPORTED', 'date-times outside the years 0001-9999 are not supported'],
    ['[1,{"a":1}]', 'ODATA_SYNTAX', 'expected an expression'],
  ])('%s → %s', (text, code, message) => {
    const error = failure(text)
    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
  })

  it('rejects a JSON object in an alias value', () => {
    expect(() => parseFilter('a eq {"x":1}')).toThrow(/expected an expression/)
  })
})
