import { describe, expect, it } from 'vitest'
import { chunked, collect, compileApp, objectsOf } from './mapping-fixture.js'

const registry = compileApp()
const csv = registry.get('ProductCsv')
const HEADER = 'SKU;Name;Price;Status;Released;Active;Category\n'

describe('CSV import', () => {
  it('maps rows with decimal commas, grouping, date patterns, captions, boolean words and lookups', async () => {
    const [object] = objectsOf(await collect(csv.import(HEADER + 'A-1;Pan;1.234,50;In preparation;31.01.2024;ja;KITCHEN\n')))
    expect(object).toEqual({
      entity: 'Shop.Product',
      values: { sku: 'A-1', name: 'Pan', price: 1234.5, status: 'Draft', releasedOn: '2024-01-31', active: true },
      key: { sku: 'A-1' },
      whenMissing: 'create',
      lookups: [{ member: 'category', entity: 'Shop.Category', key: { code: 'KITCHEN' } }],
      children: [],
    })
  })

  it('treats an empty cell as absent: no value, or the required error', async () => {
    const [ok, bad] = await collect(csv.import(HEADER + 'A-1;;3;;;;\n;x;;;;;\n'))
    expect(ok?.ok && ok.object.values).toEqual({ sku: 'A-1', price: 3 })
    expect(bad?.ok === false && bad.errors.map((e) => [e.path, e.rule])).toEqual([
      ['SKU', 'required'],
      ['Price', 'required'],
    ])
  })

  it('reports every bad cell with its column and the line, and reads on', async () => {
    const records = await collect(csv.import(HEADER + 'A-1;Pan;1,5;Active;;;\nA-2;Pot;x;Gone;30.02.2024;vielleicht;\nA-3;Lid;2;;;;\n'))
    expect(records.map((r) => [r.ok, r.position.line, r.position.record])).toEqual([
      [true, 2, 1],
      [false, 3, 2],
      [true, 4, 3],
    ])
    const bad = records[1]
    expect(bad?.ok === false && bad.errors.map((e) => [e.path, e.value, e.rule])).toEqual([
      ['Price', 'x', 'format'],
      ['Status', 'Gone', 'enum'],
      ['Released', '30.02.2024', 'format'],
      ['Active', 'vielleicht', 'format'],
    ])
  })

  it('reports a row with the wrong number of cells as a failed record', async () => {
    const [record] = await collect(csv.import(HEADER + 'A-1;Pan;1\n'))
    expect(record).toMatchObject({ ok: false, position: { line: 2 }, errors: [{ rule: 'columns', value: 3 }] })
  })

  it('reads quoted cells with delimiters, quotes and line breaks, and counts lines from where a row starts', async () => {
    const input = HEADER + 'A-1;"Pan; ""big""\nand deep";1;;;;\r\nA-2;Pot;2;;;;\n'
    const records = await collect(csv.import(input))
    expect(records.map((r) => [r.position.line, r.ok && r.object.values.name])).toEqual([
      [2, 'Pan; "big"\nand deep'],
      [4, 'Pot'],
    ])
  })

  it('gives the same records whatever the chunk boundaries', async () => {
    const input = HEADER + 'Ä-1;"Grüße;\n""x""";1,5;;;;\nB;b;2;;;;\n'
    const whole = objectsOf(await collect(csv.import(input)))
    for (const size of [1, 3, 5, 64]) expect(objectsOf(await collect(csv.import(chunked(input, size))))).toEqual(whole)
  })

  it('fails the whole import when a quote is never closed, with the line', async () => {
    await expect(collect(csv.import(HEADER + 'A-1;"Pan;1;;;;\n'))).rejects.toMatchObject({ code: 'MAPPING_MALFORMED_INPUT', message: expect.stringContaining('line 2') })
  })

  describe('header matching (CONTRACT-RULES P7)', () => {
    it('exact: same names, same order, nothing more', async () => {
      await expect(collect(csv.import('SKU;Name;Price\nA;b;1\n'))).rejects.toMatchObject({ code: 'MAPPING_HEADER_MISMATCH', message: expect.stringContaining('lacks Status') })
      await expect(collect(csv.import('Name;SKU;Price;Status;Released;Active;Category\n'))).rejects.toMatchObject({ message: expect.stringContaining('order') })
      await expect(collect(csv.import(HEADER.replace('\n', ';Extra\n')))).rejects.toMatchObject({ message: expect.stringContaining('Extra') })
    })

    it('superset: any order, optional columns may be missing, unknown ones are refused', async () => {
      const latin = registry.get('ProductCsvLatin')
      expect(objectsOf(await collect(latin.import('Price,SKU\n2,A\n'))).map((o) => o.values)).toEqual([{ price: 2, sku: 'A' }])
      await expect(collect(latin.import('SKU,Name\nA,b\n'))).rejects.toMatchObject({ message: expect.stringContaining('lacks Price') })
      await expect(collect(latin.import('SKU,Price,Colour\nA,1,red\n'))).rejects.toMatchObject({ message: expect.stringContaining('Colour') })
    })

    it('subset: every mapped column by name, extra columns ignored', async () => {
      const subset = registry.get('ProductCsvSubset')
      expect(objectsOf(await collect(subset.import('Colour,Price,SKU\nred,2,A\n'))).map((o) => o.values)).toEqual([{ price: 2, sku: 'A' }])
    })

    it('positions without a header, with another delimiter and quote', async () => {
      const positions = registry.get('ProductCsvPositions')
      const records = await collect(positions.import("A|'Pan|Pot'|2\nB|x\n"))
      expect(records[0]?.ok && records[0].object.values).toEqual({ sku: 'A', price: 2, name: 'Pan|Pot' })
      expect(records[1]).toMatchObject({ ok: false, errors: [{ rule: 'columns' }] })
    })
  })

  describe('encodings', () => {
    it('reads windows-1252 bytes (€, umlauts) and a UTF-8 byte-order mark', async () => {
      const latin = registry.get('ProductCsvLatin')
      const bytes = Uint8Array.from([...Buffer.from('SKU,Name,Price\nA,'), 0x80, 0x20, 0xe4, ...Buffer.from(',1\n')])
      expect(objectsOf(await collect(latin.import(bytes)))[0]?.values.name).toBe('€ ä')
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER + 'A;b;1;;;;\n')])
      expect(objectsOf(await collect(csv.import(bom)))[0]?.values.sku).toBe('A')
    })

    it('refuses bytes that are not UTF-8', async () => {
      await expect(collect(csv.import(Uint8Array.from([...Buffer.from(HEADER + 'A;'), 0xff, ...Buffer.from(';1;;;;\n')])))).rejects.toMatchObject({ code: 'MAPPING_ENCODING' })
    })
  })

  it('importOne reads a header and one row', () => {
    expect(csv.importOne(HEADER + 'A;b;1;;;;\n')).toMatchObject({ ok: true, object: { values: { sku: 'A' } } })
    expect(() => csv.importOne(HEADER)).toThrow(expect.objectContaining({ code: 'MAPPING_NOT_ONE_RECORD' }))
  })
})
