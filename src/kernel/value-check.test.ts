import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ErrorDetail } from '../errors/index.js'
import type { AttributeModel, ModelIndex } from '../model/index.js'
import { compileValueCheck } from './value-check.js'

const at = { file: 'test.yaml', line: 1, column: 1 }

function decimal(precision: number, scale: number): AttributeModel {
  return { name: 'amount', type: { kind: 'Decimal', precision, scale }, required: false, unique: false, system: false, pos: at, fieldPos: {} }
}

/** What Decimal(precision, scale) accepts, by the digits of the number's shortest decimal form. */
function fits(n: number, precision: number, scale: number): boolean {
  const [whole = '', fraction = ''] = Math.abs(n).toString().split('.')
  if (whole.includes('e') || fraction.includes('e')) return Math.abs(n) < 1 ? false : whole.length <= precision - scale && fraction === ''
  return (whole === '0' ? 0 : whole.length) <= precision - scale && fraction.length <= scale
}

describe('Decimal values', () => {
  const rule = (n: number, precision: number, scale: number) => {
    const errors: ErrorDetail[] = []
    compileValueCheck(decimal(precision, scale), {} as ModelIndex)(n, 'amount', errors)
    return errors.map((e) => e.rule)
  }

  it('accept a number when its shortest decimal form has at most the scale in places and the rest in whole digits', () => {
    const scaled = fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 6 })).map(([d, k]) => d / 10 ** k)
    const anyNumber = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 })
    fc.assert(
      fc.property(fc.oneof(scaled, anyNumber), fc.integer({ min: 1, max: 18 }), fc.integer({ min: 0, max: 6 }), (n, digits, scale) => {
        const precision = Math.max(digits, scale)
        expect(rule(n, precision, scale).length === 0).toBe(fits(n, precision, scale))
      }),
      { numRuns: 5000 },
    )
  })

  it('say which limit a number breaks', () => {
    expect(rule(123.456, 10, 2)).toEqual(['scale'])
    expect(rule(123456789.5, 10, 2)).toEqual(['precision'])
    expect(rule(0.1 + 0.2, 10, 2)).toEqual(['scale'])
    expect(rule(99999999.99, 10, 2)).toEqual([])
    expect(rule(-0, 10, 2)).toEqual([])
  })
})
