import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { EXAMPLE_DIR } from '../support/example-app.js'
import { FLOW_SHOP_DIR } from './flow-shop.js'

const kinds = await databaseKinds()

describe.each(kinds)('portico flow and dead-letters on %s', (kind) => {
  let db: TestDatabase | undefined
  afterEach(async () => {
    await db?.dispose()
    db = undefined
  })
  const fresh = async () => {
    db = await openTestDatabase(kind)
    await db.driver.close()
    return { PORTICO_DATABASE_URL: db.url }
  }

  it('portico flow run ImportCatalog --input samples/products.csv imports the example catalogue', async () => {
    const env = await fresh()
    const r = await runCli(['flow', 'run', 'ImportCatalog', EXAMPLE_DIR, '--input', join(EXAMPLE_DIR, 'samples/products.csv')], env)
    expect(r.err).not.toContain('FLOW_')
    expect(r.code).toBe(0)
    expect(r.out).toContain('Catalog.ImportCatalog: succeeded')
    expect(r.out).toContain('records: 3 read, 2 created, 1 updated, 0 ignored, 0 skipped')
    const xml = await runCli(['flow', 'run', 'Sales.ImportOrders', EXAMPLE_DIR, '--input', join(EXAMPLE_DIR, 'samples/orders.xml'), '--json'], env)
    expect(xml.code).toBe(0)
    expect(JSON.parse(xml.out)).toMatchObject({ status: 'succeeded', records: { created: 2 } })
  })

  it('portico flow run --param gives the flow its declared parameters, parsed by their types', async () => {
    const env = await fresh()
    const r = await runCli(['flow', 'run', 'CancelOrder', EXAMPLE_DIR, '--param', 'number=SO-0003', '--param', 'reason=duplicate', '--json'], env)
    expect(r.err).not.toContain('FLOW_')
    expect(JSON.parse(r.out)).toMatchObject({ status: 'succeeded', output: { number: 'SO-0003', status: 'Cancelled', note: 'Cancelled: duplicate' } })
    const unknown = await runCli(['flow', 'run', 'CancelOrder', EXAMPLE_DIR, '--param', 'numbr=SO-0001'], env)
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain("--param numbr=SO-0001: flow Sales.CancelOrder has no parameter 'numbr'; parameters: number (String), reason (String)")
    const missing = await runCli(['flow', 'run', 'CancelOrder', EXAMPLE_DIR, '--json'], env)
    expect(missing.code).toBe(1)
    expect(JSON.parse(missing.out)).toMatchObject({ status: 'failed', error: { code: 'FLOW_PARAMETER_INVALID', details: [{ path: 'number', rule: 'required' }] } })
  })

  it('lists, shows, retries (once) and discards dead letters', async () => {
    const env = await fresh()
    const failed = await runCli(['flow', 'run', 'ImportFail', FLOW_SHOP_DIR, '--input', join(FLOW_SHOP_DIR, 'samples/products.csv')], env)
    expect(failed.code).toBe(1)
    expect(failed.err).toContain('FLOW_RECORD_INVALID: Shop.ProductCsv: record 2 (line 3) is invalid')
    expect(failed.err).toContain('kept as dead letter 1')
    const list = await runCli(['dead-letters', 'list', FLOW_SHOP_DIR], env)
    expect(list.out).toMatch(/^1 {2}open {2}Shop\.ImportFail {2}\S+ {2}1 attempt\(s\) {2}FLOW_RECORD_INVALID: /)
    const show = await runCli(['dead-letters', 'show', '1', FLOW_SHOP_DIR], env)
    expect(show.out).toContain(`payload:   {"file":"${join(FLOW_SHOP_DIR, 'samples/products.csv')}"}`)
    const retry = await runCli(['dead-letters', 'retry', '1', FLOW_SHOP_DIR], env)
    expect(retry.code).toBe(1)
    expect(retry.err).toContain('it failed again and is kept as dead letter 2')
    const again = await runCli(['dead-letters', 'retry', '1', FLOW_SHOP_DIR], env)
    expect(again).toMatchObject({ code: 0, out: 'dead letter 1 was already retried; nothing done' })
    expect((await runCli(['dead-letters', 'discard', '2', FLOW_SHOP_DIR], env)).out).toBe('dead letter 2 discarded')
    expect((await runCli(['dead-letters', 'list', FLOW_SHOP_DIR], env)).out).toBe('no open dead letters')
    expect((await runCli(['dead-letters', 'show', '9', FLOW_SHOP_DIR], env)).err).toBe('FLOW_DEAD_LETTER_UNKNOWN: no dead letter 9')
  })
})
