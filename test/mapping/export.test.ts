import { describe, expect, it } from 'vitest'
import { escapeFormula, type Row } from '../../src/mapping/index.js'
import { collect, compileApp, objectsOf } from './mapping-fixture.js'

const registry = compileApp()

const PRODUCT: Row = {
  id: 7,
  sku: 'A-1',
  name: 'Pan',
  price: 1234.5,
  stock: 3,
  serial: 12,
  status: 'Draft',
  releasedOn: '2024-01-31',
  changedOn: '2024-05-01T08:00:00.000Z',
  active: true,
  token: '5f0c8c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  category: { id: 3, code: 'KITCHEN' },
}

async function text(chunks: AsyncIterable<string | Uint8Array>): Promise<string> {
  return (await collect(chunks)).map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('latin1'))).join('')
}

/** Kernel rows of an import's object: lookups become expanded rows, as export reads them. */
function asRow(values: Readonly<Record<string, unknown>>, lookups: readonly { member: string; key: Readonly<Record<string, unknown>> }[]): Row {
  return { ...values, ...Object.fromEntries(lookups.map((l) => [l.member, l.key])) }
}

describe('export', () => {
  it('JSON: writes values at their paths and round-trips through import', async () => {
    const product = registry.get('ProductJson')
    const body = product.exportOne(PRODUCT)
    expect(JSON.parse(body)).toEqual({
      sku: 'A-1', name: 'Pan', price: { amount: 1234.5 }, stock: 3, serial: 12, status: 'Draft', released: '2024-01-31',
      changed: '2024-05-01T08:00:00.000Z', active: true, token: '5f0c8c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f', category: 'KITCHEN',
    })
    const back = product.importOne(body)
    expect(back.ok && asRow(back.object.values, back.object.lookups)).toEqual(Object.fromEntries(Object.entries({ ...PRODUCT, category: { code: 'KITCHEN' } }).filter(([k]) => k !== 'id')))
  })

  it('JSON: streams an array, nested collections and nulls, and JSON Lines', async () => {
    const order = { number: 'N-1', orderedAt: '2024-05-01T10:00:00.000Z', note: null, customer: { email: 'a@x.org' }, lines: [{ lineNo: 1, quantity: 2, product: { sku: 'A' } }] }
    const out = JSON.parse(await text(registry.get('OrderJson').export([order, { ...order, number: 'N-2', lines: [] }])))
    expect(out).toEqual([
      { number: 'N-1', orderedAt: '2024-05-01T10:00:00.000Z', note: null, customer: { email: 'a@x.org' }, lines: [{ line: 1, sku: 'A', qty: 2 }] },
      { number: 'N-2', orderedAt: '2024-05-01T10:00:00.000Z', note: null, customer: { email: 'a@x.org' }, lines: [] },
    ])
    expect(await text(registry.get('PriceNoticeJson').export([{ sku: 'A', price: 1 }, { sku: 'B' }]))).toBe('{"sku":"A","price":1}\n{"sku":"B"}\n')
  })

  it('JSON: the empty export is an empty array', async () => {
    expect(JSON.parse(await text(registry.get('OrderJson').export([])))).toEqual([])
  })

  it('says which expands the rows need, and refuses a lookup that was not expanded', async () => {
    expect(registry.get('OrderJson').expand).toEqual([
      { navigation: 'customer', query: { select: ['email'] } },
      { navigation: 'lines', query: { select: ['lineNo', 'quantity'], expand: [{ navigation: 'product', query: { select: ['sku'] } }] } },
    ])
    expect(() => registry.get('OrderJson').exportOne({ number: 'N', customer: 4 })).toThrow(expect.objectContaining({ code: 'MAPPING_EXPORT_VALUE', message: expect.stringContaining("expand 'customer'") }))
    expect(() => registry.get('ProductJson').exportOne({ sku: 'A', price: 'cheap' })).toThrow(expect.objectContaining({ code: 'MAPPING_EXPORT_VALUE' }))
  })

  it('CSV: header and lines in the layout, with the declared formats, round-tripping through import', async () => {
    const csv = registry.get('ProductCsv')
    const out = await text(csv.export([PRODUCT]))
    expect(out).toBe('SKU;Name;Price;Status;Released;Active;Category\r\nA-1;Pan;1.234,50;In preparation;31.01.2024;ja;KITCHEN\r\n')
    const [back] = objectsOf(await collect(csv.import(out)))
    expect(back?.values).toEqual({ sku: 'A-1', name: 'Pan', price: 1234.5, status: 'Draft', releasedOn: '2024-01-31', active: true })
  })

  it('CSV: escapes cells a spreadsheet would run as formulas, but not numbers', async () => {
    const out = await text(registry.get('ProductCsvLatin').export([{ sku: '=HYPERLINK("http://evil")', name: '@SUM(A1)', price: -5, stock: -1 }, { sku: '+1', name: '-x', price: 1 }]))
    expect(out).toBe('SKU,Name,Price,Stock\r\n"\'=HYPERLINK(""http://evil"")",\'@SUM(A1),-5.00,-1\r\n\'+1,\'-x,1.00,\r\n')
    expect(escapeFormula('\tcmd')).toBe("'\tcmd")
    expect(escapeFormula('plain')).toBe('plain')
  })

  it('CSV: writes windows-1252 bytes, and refuses a character the encoding lacks', async () => {
    const chunks = await collect(registry.get('ProductCsvLatin').export([{ sku: 'A', name: '€ ä', price: 1 }]))
    expect(chunks.every((c) => c instanceof Uint8Array)).toBe(true)
    expect(Buffer.concat(chunks as Uint8Array[]).includes(Buffer.from([0x80, 0x20, 0xe4]))).toBe(true)
    await expect(collect(registry.get('ProductCsvLatin').export([{ sku: 'A', name: '☺', price: 1 }]))).rejects.toMatchObject({ code: 'MAPPING_EXPORT_VALUE' })
  })

  it('CSV: positions without a header', async () => {
    expect(registry.get('ProductCsvPositions').exportOne({ sku: 'A', name: 'x|y', price: 2 })).toBe("A|'x|y'|2.00\r\n")
  })

  it('XML: envelope, namespaces, attributes, repeated elements, escaping; round-trips through import', async () => {
    const xml = registry.get('OrderXml')
    const order = { number: 'N<1>', orderedAt: '2024-05-01T10:00:00.000Z', note: 'a & "b"', customer: { email: 'a@x.org' }, lines: [{ lineNo: 1, quantity: 2, product: { sku: 'A' } }, { lineNo: 2, quantity: 1, product: { sku: 'B' } }] }
    const out = await text(xml.export([order, { ...order, number: 'N-2', note: null, lines: [] }]))
    expect(out).toContain('<o:Orders xmlns:o="urn:shop:orders"><o:Order number="N&lt;1&gt;"><o:OrderedAt>2024-05-01T10:00:00.000Z</o:OrderedAt><o:Email>a@x.org</o:Email><o:Note>a &amp; "b"</o:Note><o:Lines><o:Line no="1">')
    const back = objectsOf(await collect(xml.import(out)))
    expect(back.map((o) => [o.values, o.children[0]?.objects.length ?? 0])).toEqual([
      [{ number: 'N<1>', orderedAt: '2024-05-01T10:00:00.000Z', note: 'a & "b"' }, 2],
      [{ number: 'N-2', orderedAt: '2024-05-01T10:00:00.000Z' }, 0],
    ])
  })

  it('XML: a root record with a default namespace, and refuses characters XML cannot carry', () => {
    const product = registry.get('ProductXml')
    expect(product.exportOne({ sku: 'A', price: 2.5, name: 'Pan', active: false })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Product xmlns="urn:shop:products" sku="A"><Price>2.50</Price><Name>Pan</Name><Active>false</Active></Product>\n',
    )
    expect(() => product.exportOne({ sku: 'A', price: 1, name: 'bell\u0007' })).toThrow(expect.objectContaining({ code: 'MAPPING_EXPORT_VALUE' }))
  })

  it('refuses an import of an export-only mapping and an export of an import-only one', () => {
    expect(() => registry.get('ProductJsonText').exportOne({})).toThrow(expect.objectContaining({ code: 'MAPPING_WRONG_DIRECTION' }))
    expect(() => registry.get('Shop.ProductCsvSubset').export([])).toThrow(expect.objectContaining({ code: 'MAPPING_WRONG_DIRECTION' }))
    expect(() => registry.get('Nope')).toThrow(expect.objectContaining({ code: 'MAPPING_UNKNOWN' }))
  })
})
