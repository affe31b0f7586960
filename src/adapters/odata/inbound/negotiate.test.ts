import { describe, expect, it } from 'vitest'
import { accepts, negotiate } from './negotiate.js'

describe('negotiate', () => {
  it('answers 4.01 unless the client allows only 4.0, and refuses older versions', () => {
    expect(negotiate({}, undefined).version).toBe('4.01')
    expect(negotiate({ 'odata-maxversion': '4.0' }, undefined).version).toBe('4.0')
    expect(() => negotiate({ 'odata-maxversion': '3.0' }, undefined)).toThrow(/below 4.0/)
    expect(() => negotiate({ 'odata-version': '5.0' }, undefined)).toThrow(/not supported/)
  })

  it('reads the metadata level and IEEE754Compatible with or without the odata. prefix', () => {
    expect(negotiate({ accept: 'application/json;odata.metadata=full;IEEE754Compatible=true' }, undefined)).toMatchObject({ metadata: 'full', ieee754: true })
    expect(negotiate({}, 'application/json;metadata=none')).toMatchObject({ metadata: 'none', ieee754: false })
    expect(() => negotiate({ accept: 'application/json;odata.metadata=lots' }, undefined)).toThrow(/minimal, full, none/)
  })

  it('reads preferences with or without the odata. prefix', () => {
    expect(negotiate({ prefer: 'return=minimal, odata.maxpagesize=50, odata.continue-on-error' }, undefined).prefer).toEqual({ returnRepresentation: false, maxPageSize: 50, continueOnError: true })
    expect(negotiate({ prefer: 'maxpagesize=0, include-annotations="*"' }, undefined).prefer).toEqual({ includeAnnotations: '*', continueOnError: false })
  })

  it('matches Accept media ranges', () => {
    expect(accepts({ accept: 'application/xml' }, undefined, ['application/json'])).toBe(false)
    expect(accepts({ accept: 'application/*;q=0.5' }, undefined, ['application/json'])).toBe(true)
    expect(accepts({}, 'json', ['application/json'])).toBe(true)
  })
})
