import { createReadStream, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXAMPLE_DIR } from '../support/example-app.js'
import { collect, compileApp, objectsOf } from './mapping-fixture.js'

const registry = compileApp(EXAMPLE_DIR)

describe('the example app’s mappings', () => {
  it('imports the product catalogue CSV: upsert by SKU, category by code', async () => {
    const products = objectsOf(await collect(registry.get('Catalog.ProductCatalogCsv').import(createReadStream(join(EXAMPLE_DIR, 'samples/products.csv')))))
    expect(products).toHaveLength(3)
    expect(products[1]).toEqual({
      entity: 'Catalog.Product',
      values: { sku: 'BK-1006', name: 'Dune; the novel', price: 11.5, stock: 12, status: 'Draft', weightKg: 0.45 },
      key: { sku: 'BK-1006' },
      whenMissing: 'create',
      lookups: [{ member: 'category', entity: 'Catalog.Category', key: { code: 'FICTION' } }],
      children: [],
    })
  })

  it('imports the XML order feed: orders with lines, customer by email, product by SKU', async () => {
    const orders = objectsOf(await collect(registry.get('OrderXmlImport').import(createReadStream(join(EXAMPLE_DIR, 'samples/orders.xml')))))
    expect(orders.map((o) => o.values)).toEqual([
      { number: 'WEB-10001', orderedAt: '2024-05-03T12:20:00.000Z', total: 42.4, note: 'Leave at the door' },
      { number: 'WEB-10002', orderedAt: '2024-05-03T16:05:00.000Z', total: 24 },
    ])
    expect(orders[0]?.lookups).toEqual([{ member: 'customer', entity: 'Sales.Customer', key: { email: 'ada@example.com' } }])
    expect(orders[0]?.children[0]?.objects.map((l) => [l.key, l.values, l.lookups[0]?.key])).toEqual([
      [{ lineNo: 1 }, { lineNo: 1, quantity: 2, unitPrice: 14.9 }, { sku: 'BK-1001' }],
      [{ lineNo: 2 }, { lineNo: 2, quantity: 1, unitPrice: 12.6 }, { sku: 'BK-1002' }],
    ])
  })

  it('exports an order with its lines as JSON', () => {
    const row = {
      number: 'WEB-10001', status: 'Open', orderedAt: '2024-05-03T12:20:00.000Z', total: 42.4,
      customer: { email: 'ada@example.com' }, lines: [{ lineNo: 1, quantity: 2, unitPrice: 14.9, product: { sku: 'BK-1001' } }],
    }
    expect(JSON.parse(registry.get('OrderJsonExport').exportOne(row))).toEqual({
      number: 'WEB-10001', status: 'Open', orderedAt: '2024-05-03T12:20:00.000Z', total: 42.4,
      customer: { email: 'ada@example.com' }, lines: [{ line: 1, sku: 'BK-1001', quantity: 2, unitPrice: 14.9 }],
    })
  })

  it('writes the catalogue CSV back in the supplier’s layout, and reads it again unchanged', async () => {
    const csv = registry.get('ProductCatalogCsv')
    const text = readFileSync(join(EXAMPLE_DIR, 'samples/products.csv'), 'utf8')
    const imported = objectsOf(await collect(csv.import(text)))
    const rows = imported.map((o) => ({ ...o.values, ...Object.fromEntries(o.lookups.map((l) => [l.member, l.key])) }))
    const out = (await collect(csv.export(rows))).join('')
    expect(out.split('\r\n')[0]).toBe(text.split('\r\n')[0])
    expect(out.split('\r\n')[2]).toBe('BK-1006;"Dune; the novel";11,50;12;In preparation;;0,450;FICTION')
    expect(objectsOf(await collect(csv.import(out)))).toEqual(imported)
  })
})
