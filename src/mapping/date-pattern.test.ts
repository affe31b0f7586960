import { describe, expect, it } from 'vitest'
import { compileDatePattern, type DatePattern } from './date-pattern.js'
import { compileDateCodec, type DateCodec } from './date-converter.js'
import { compileTimeZone, type TimeZone } from './time-zone.js'

const pattern = (text: string) => compileDatePattern(text) as DatePattern
const codec = (kind: 'Date' | 'DateTime', options: { pattern?: string; timeZone?: string }) => compileDateCodec(kind, options) as DateCodec

describe('date patterns', () => {
  it('read and write every letter, literal text in quotes', () => {
    const p = pattern("d.M.yy 'at' H:mm:ss.SSS XXX")
    expect(p.parse('3.7.24 at 9:05:07.123 +02:00')).toEqual({ year: 2024, month: 7, day: 3, hour: 9, minute: 5, second: 7, millisecond: 123, offset: 120 })
    expect(p.format({ year: 2024, month: 7, day: 3, hour: 9, minute: 5, second: 7, millisecond: 123, offset: -90 })).toBe('3.7.24 at 9:05:07.123 -01:30')
    expect(pattern('yyyyMMddHHmmXX').parse('202401311530Z')).toMatchObject({ year: 2024, month: 1, day: 31, hour: 15, minute: 30, offset: 0 })
    expect(p.parse('3.7.2024 at 9:05:07.123 +02:00')).toBeUndefined()
  })

  it('refuses unknown letters, wrong widths, repeated letters, a missing year, month or day', () => {
    expect(compileDatePattern('dd.mm.yyyy')).toEqual({ problem: expect.stringContaining('no month') })
    expect(compileDatePattern('YYYY-MM-dd')).toEqual({ problem: expect.stringContaining("uses 'Y'") })
    expect(compileDatePattern('yyy-MM-dd')).toEqual({ problem: expect.stringContaining('allowed: yy, yyyy') })
    expect(compileDatePattern('yyyy-MM-dd dd')).toEqual({ problem: expect.stringContaining('twice') })
    expect(compileDatePattern("yyyy-MM-dd 'T")).toEqual({ problem: expect.stringContaining('unclosed quote') })
  })
})

describe('dates and date-times', () => {
  it('read ISO forms into the kernel encoding and refuse impossible days', () => {
    const date = codec('Date', {})
    expect(date.read('2024-02-29')).toBe('2024-02-29')
    expect(date.read('2023-02-29')).toBeUndefined()
    expect(date.read('2024-13-01')).toBeUndefined()
    const dateTime = codec('DateTime', {})
    expect(dateTime.read('2024-05-01T10:00:00+02:00')).toBe('2024-05-01T08:00:00.000Z')
    expect(dateTime.read('2024-05-01 10:00')).toBe('2024-05-01T10:00:00.000Z')
    expect(dateTime.read('2024-05-01T10:00:00.1234Z')).toBeUndefined()
    expect(dateTime.read('2024-05-01T24:00:00Z')).toBeUndefined()
  })

  it('read and write patterns in a time zone, across daylight saving time', () => {
    const berlin = codec('DateTime', { pattern: 'dd.MM.yyyy HH:mm', timeZone: 'Europe/Berlin' })
    expect(berlin.read('15.01.2024 12:00')).toBe('2024-01-15T11:00:00.000Z')
    expect(berlin.read('15.07.2024 12:00')).toBe('2024-07-15T10:00:00.000Z')
    expect(berlin.read('31.03.2024 02:30')).toBe('2024-03-31T01:30:00.000Z')
    expect(berlin.read('27.10.2024 02:30')).toBe('2024-10-27T00:30:00.000Z')
    expect(berlin.write('2024-07-15T10:00:00.000Z')).toBe('15.07.2024 12:00')
    expect(codec('DateTime', { timeZone: 'America/New_York' }).write('2024-01-15T17:00:00.000Z')).toBe('2024-01-15T12:00:00.000-05:00')
    expect(codec('Date', { pattern: 'dd/MM/yyyy' }).write('2024-01-31')).toBe('31/01/2024')
  })

  it('knows IANA zones and refuses others', () => {
    const zone = compileTimeZone('Asia/Kolkata') as TimeZone
    expect(zone.offsetAt(Date.UTC(2024, 0, 1))).toBe(330)
    expect(compileTimeZone('Mars/Olympus')).toEqual({ problem: expect.stringContaining('not a time zone') })
    expect(compileDateCodec('DateTime', { timeZone: 'Nowhere' })).toEqual({ problem: expect.any(String) })
  })
})
