import { describe, expect, it } from 'vitest'
import type { AttributeType, EnumerationModel } from '../model/index.js'
import { compileConverter, INVALID, WRITE_FAILED, type Converter, type ConverterOptions } from './compile-converter.js'
import { compileNumberFormat } from './number-format.js'

const at = { pos: { file: 'f', line: 1, column: 1 }, fieldPos: {} }
const STATUS: EnumerationModel = { ...at, name: 'S', module: 'M', qualifiedName: 'M.S', values: [{ ...at, name: 'Draft', caption: 'In preparation' }, { ...at, name: 'Active', caption: 'Active' }] }
const converter = (type: AttributeType, options: Partial<ConverterOptions> = {}) => compileConverter({ type, text: false, ...options }) as Converter
const text = (type: AttributeType, options: Partial<ConverterOptions> = {}) => converter(type, { ...options, text: true })

describe('conversions', () => {
  it('Integer and Long: typed JSON, text, ranges', () => {
    expect(converter({ kind: 'Integer' }).read(12)).toBe(12)
    expect(converter({ kind: 'Integer' }).read('12')).toBe(INVALID)
    expect(converter({ kind: 'Integer' }).read(2 ** 31)).toBe(INVALID)
    expect(converter({ kind: 'Integer' }).read(1.5)).toBe(INVALID)
    expect(text({ kind: 'Long' }).read(' 9007199254740991 ')).toBe(9007199254740991)
    expect(text({ kind: 'Long' }).read('9007199254740993')).toBe(INVALID)
    expect(text({ kind: 'Integer' }, { convert: { grouping: "'" } }).read("1'234")).toBe(1234)
    expect(text({ kind: 'Integer' }).write(5)).toBe('5')
    expect(converter({ kind: 'Integer' }).explain('x', '$.n')).toMatchObject({ path: '$.n', value: 'x', rule: 'type' })
  })

  it('Decimal: numbers, plain decimal strings in JSON, separators, scale on output', () => {
    const decimal: AttributeType = { kind: 'Decimal', precision: 10, scale: 2 }
    expect(converter(decimal).read(12.5)).toBe(12.5)
    expect(converter(decimal).read('12.50')).toBe(12.5)
    expect(converter(decimal).write(12.5)).toBe(12.5)
    const german = text(decimal, { convert: { decimal: ',', grouping: '.' } })
    expect(german.read('1.234.567,89')).toBe(1234567.89)
    expect(german.read('1234,5')).toBe(1234.5)
    expect(german.read('1.23,4')).toBe(INVALID)
    expect(german.write(1234567.891)).toBe('1.234.567,89')
    expect(german.write(-0.5)).toBe('-0,50')
    expect(compileNumberFormat().format(1e-7)).toBe('0.0000001')
  })

  it('Boolean: JSON booleans, default words, declared words', () => {
    expect(converter({ kind: 'Boolean' }).read(true)).toBe(true)
    expect(converter({ kind: 'Boolean' }).read('true')).toBe(INVALID)
    expect(text({ kind: 'Boolean' }).read('0')).toBe(false)
    const words = text({ kind: 'Boolean' }, { convert: { trueWords: ['Ja', 'J'], falseWords: ['Nein'] } })
    expect([words.read('ja'), words.read('J'), words.read('NEIN'), words.read('true')]).toEqual([true, true, false, INVALID])
    expect([words.write(true), words.write(false)]).toEqual(['Ja', 'Nein'])
  })

  it('Enum: by name or by caption, both ways', () => {
    const byName = converter({ kind: 'Enum', enumeration: 'M.S' }, { enumeration: STATUS })
    expect([byName.read('Draft'), byName.read('In preparation')]).toEqual(['Draft', INVALID])
    const byCaption = converter({ kind: 'Enum', enumeration: 'M.S' }, { enumeration: STATUS, convert: { enumBy: 'caption' } })
    expect([byCaption.read('In preparation'), byCaption.write('Draft'), byCaption.write('Gone')]).toEqual(['Draft', 'In preparation', WRITE_FAILED])
    expect(byName.explain('X', 'p')).toMatchObject({ rule: 'enum', message: 'p must be one of Draft, Active, got "X"' })
  })

  it('String, UUID, Binary', () => {
    expect(converter({ kind: 'String', length: 10 }).read(5)).toBe(INVALID)
    expect(text({ kind: 'Text' }).read('  kept  ')).toBe('  kept  ')
    expect(converter({ kind: 'UUID' }).read('5F0C8C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F')).toBe('5f0c8c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f')
    expect(converter({ kind: 'Binary' }).read('AQID')).toEqual(new Uint8Array([1, 2, 3]))
    expect(converter({ kind: 'Binary' }).write(new Uint8Array([1, 2, 3]))).toBe('AQID')
    expect(text({ kind: 'String', length: 10 }).textual).toBe(true)
    expect(text({ kind: 'Integer' }).textual).toBe(false)
  })

  it('refuses a convert that does not apply to the type', () => {
    expect(compileConverter({ type: { kind: 'Integer' }, text: true, convert: { pattern: 'yyyy' } })).toEqual({ problem: expect.stringContaining('Date and DateTime') })
    expect(compileConverter({ type: { kind: 'Date' }, text: true, convert: { timeZone: 'UTC' } })).toEqual({ problem: expect.stringContaining('DateTime, not Date') })
    expect(compileConverter({ type: { kind: 'Date' }, text: true, convert: { trueWords: ['y'] } })).toEqual({ problem: expect.stringContaining('Boolean') })
    expect(compileConverter({ type: { kind: 'String', length: 1 }, text: true, convert: { enumBy: 'caption' } })).toEqual({ problem: expect.stringContaining('Enum') })
    expect(compileConverter({ type: { kind: 'Decimal', precision: 5, scale: 2 }, text: true, convert: { decimal: ',', grouping: ',' } })).toEqual({ problem: expect.stringContaining('differ') })
  })
})
