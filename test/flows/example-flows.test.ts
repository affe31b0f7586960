import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileInput } from '../../src/flows/index.js'
import { eq, lit, prop } from '../../src/query/index.js'
import { databaseKinds } from '../support/databases.js'
import { EXAMPLE_DIR } from '../support/example-app.js'
import { startExample, type ExampleRuntime } from '../support/example-runtime.js'

const kinds = await databaseKinds()
const sample = (name: string) => fileInput(join(EXAMPLE_DIR, 'samples', name))

describe.each(kinds)('the example flows on %s', (kind) => {
  let app: ExampleRuntime
  beforeAll(async () => {
    app = await startExample(kind)
  })
  afterAll(async () => app?.close())

  const product = async (sku: string) => app.system.findByKey('Catalog.Product', { sku })

  it('imports the CSV product catalogue: upserts by SKU, looks up categories, tells the warehouse', async () => {
    const result = await app.runtime.flows.run('ImportCatalog', sample('products.csv'))
    expect(result).toMatchObject({ status: 'succeeded', records: { records: 3, created: 2, updated: 1, skipped: 0 } })
    expect(await product('BK-1006')).toMatchObject({ name: 'Dune; the novel', price: 11.5, stock: 12, status: 'Draft', releasedOn: null, weightKg: 0.45 })
    const fiction = await app.system.findByKey('Catalog.Category', { code: 'FICTION' })
    expect(await product('GD-2004')).toMatchObject({ price: 29, releasedOn: '2024-04-15', weightKg: 1.8 })
    expect((await product('BK-1006'))?.category).toBe(fiction?.id)
    expect(await product('BK-1001')).toMatchObject({ price: 14.9, stock: 25 })
  })

  it('is idempotent: the same file again only updates', async () => {
    const result = await app.runtime.flows.run('Catalog.ImportCatalog', sample('products.csv'))
    expect(result.records).toMatchObject({ created: 0, updated: 3 })
  })

  it('imports the XML orders with their lines, and announces each new order through the outbox', async () => {
    await app.runtime.flows.start()
    try {
      const result = await app.runtime.flows.run('ImportOrders', sample('orders.xml'))
      expect(result).toMatchObject({ status: 'succeeded', output: { records: 2, created: 2 } })
      await app.runtime.flows.idle()
    } finally {
      await app.runtime.flows.stop()
    }
    const order = await app.system.findByKey('Sales.Order', { number: 'WEB-10001' })
    expect(order).toMatchObject({ orderedAt: '2024-05-03T12:20:00.000Z', total: 42.4, note: 'Leave at the door', status: 'Open' })
    const { rows: lines } = await app.system.query({ entity: 'Sales.OrderLine', filter: eq(prop('order'), lit(order?.id as number)), orderBy: [{ expr: prop('lineNo'), direction: 'asc' }] })
    expect(lines.map((l) => [l.lineNo, l.quantity, l.unitPrice])).toEqual([
      [1, 2, 14.9],
      [2, 1, 12.6],
    ])
    const outbox = await app.runtime.store.driver.execute(`SELECT "channel", "message_key", "payload" FROM "portico_outbox" WHERE "channel" = 'sales.order-created' ORDER BY "id"`)
    expect(outbox.rows.map((r) => [r.message_key, JSON.parse(String(r.payload))]).sort()).toEqual([
      ['WEB-10001', { number: 'WEB-10001', total: 42.4, customer: 'ada@example.com' }],
      ['WEB-10002', { number: 'WEB-10002', total: 24, customer: 'grace@example.com' }],
    ])
  })

  it('cancels open orders older than 30 days on the nightly schedule', async () => {
    const customer = await app.system.findByKey('Sales.Customer', { email: 'alan@example.com' })
    const old = await app.system.create('Sales.Order', { number: 'OLD-1', orderedAt: '2020-01-01T00:00:00Z', customer: customer?.id })
    const result = await app.runtime.flows.run('CancelStaleOrders', undefined, { trigger: { kind: 'schedule', tick: '2026-12-01T01:00:00.000Z' } })
    expect(result.status).toBe('succeeded')
    expect(result.output).toBeGreaterThanOrEqual(1)
    expect(await app.system.read('Sales.Order', old.id as number)).toMatchObject({ status: 'Cancelled', note: 'Cancelled on 01.12.2026: not paid within 30 days' })
    expect(await app.system.findByKey('Sales.Order', { number: 'SO-0001' })).toMatchObject({ status: 'Paid' })
  })
})
