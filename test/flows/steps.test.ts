import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import type { ExampleRuntime } from '../support/example-runtime.js'
import { startFlowShop } from './flow-shop.js'

const kinds = await databaseKinds()

describe.each(kinds)('flow steps on %s', (kind) => {
  let app: ExampleRuntime
  beforeAll(async () => {
    app = await startFlowShop(kind)
  })
  afterAll(async () => app?.close())

  it('runs every kind of step in one transaction: writes, query, forEach, if, action, publish, export, validate, return', async () => {
    const result = await app.runtime.flows.run('Tour', { limit: 0 })
    expect(result.error).toBeUndefined()
    expect(result.status).toBe('succeeded')
    const output = result.output as { json: string; count: number }
    expect(output.count).toBe(2)
    expect(JSON.parse(output.json)).toEqual([
      { sku: 'T-2', name: 'Tour two', price: 30.03, category: 'TOUR' },
      { sku: 'T-1', name: 'Tour one', price: 10.01, category: 'TOUR' },
    ])
    expect(await app.system.findByKey('Shop.Product', { sku: 'T-2' })).toMatchObject({ status: 'Active', stock: 5, price: 30.03 })
    expect(await app.system.findByKey('Shop.Product', { sku: 'T-1' })).toBeUndefined()
    const audits = (await app.system.query({ entity: 'Shop.AuditEntry' })).rows.map((r) => r.text)
    expect(audits).toEqual(['cheap T-1 in Tour'])
    const outbox = await app.runtime.store.driver.execute(`SELECT "message_key", "payload", "headers" FROM "portico_outbox" WHERE "channel" = 'tour.done'`)
    expect(outbox.rows.map((r) => [r.message_key, JSON.parse(String(r.payload)), JSON.parse(String(r.headers))])).toEqual([['tour', { count: 2, first: 'T-2' }, { 'portico-flow': 'Shop.Tour' }]])
  })

  it('runs entity-triggered flows after the commit, not before', async () => {
    await app.runtime.flows.start()
    try {
      const created = await app.system.create('Shop.Product', { sku: 'E-1', name: 'Event', price: 1 })
      await app.system.update('Shop.Product', created.id as number, { stock: 3 })
      await app.runtime.flows.idle()
    } finally {
      await app.runtime.flows.stop()
    }
    const audits = (await app.system.query({ entity: 'Shop.AuditEntry' })).rows.map((r) => r.text)
    expect(audits).toContain('created E-1 (created)')
    expect(audits.filter((t) => String(t).includes('E-1'))).toHaveLength(1)
  })

  it('refuses an unknown flow with the names it knows', async () => {
    await expect(app.runtime.flows.run('Nope')).rejects.toMatchObject({ code: 'FLOW_UNKNOWN', message: expect.stringContaining('Shop.Tour') })
  })
})
