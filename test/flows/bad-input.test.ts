import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileInput } from '../../src/flows/index.js'
import { databaseKinds } from '../support/databases.js'
import type { ExampleRuntime } from '../support/example-runtime.js'
import { FLOW_SHOP_DIR, productCsv, startFlowShop } from './flow-shop.js'

const kinds = await databaseKinds()

describe.each(kinds)('bad input on %s: reported with its position, never a silent partial import', (kind) => {
  let app: ExampleRuntime
  beforeEach(async () => {
    app = await startFlowShop(kind)
  })
  afterEach(async () => app?.close())

  const skus = async () => (await app.system.query({ entity: 'Shop.Product', orderBy: [{ expr: { kind: 'property', path: ['sku'] }, direction: 'asc' }] })).rows.map((r) => r.sku)

  it('skip: good records are written, each bad one is reported with its line and reason', async () => {
    const result = await app.runtime.flows.run('ImportSkip', fileInput(join(FLOW_SHOP_DIR, 'samples/products.csv')))
    expect(result).toMatchObject({ status: 'succeeded', records: { records: 4, created: 2, skipped: 2 } })
    expect(result.skipped).toEqual([
      { record: 2, line: 3, reasons: [expect.objectContaining({ path: 'Price', rule: 'format' })] },
      { record: 3, line: 4, reasons: [{ path: 'category', rule: 'lookup', message: 'no Shop.Category has code = "NOPE"' }] },
    ])
    expect(await skus()).toEqual(['A-1', 'A-4'])
    expect(await app.system.findByKey('Shop.Product', { sku: 'A-4' })).toMatchObject({ stock: 0, price: 4.25, category: null })
  })

  it('skip: a record the kernel refuses (a rule of the domain model) is skipped the same way', async () => {
    const result = await app.runtime.flows.run('ImportSkip', productCsv('B-1;One;1;1;HOME', 'B-2;Two;-5;1;HOME', 'B-3;Three;3;-1;'))
    expect(result.records).toMatchObject({ created: 1, skipped: 2 })
    expect(result.skipped.map((s) => [s.record, s.reasons.map((r) => `${r.path}:${r.rule}`)])).toEqual([
      [2, ['price:min']],
      [3, ['stock:min']],
    ])
    expect(await skus()).toEqual(['B-1'])
  })

  it('fail: the first bad record fails the import and nothing is written', async () => {
    const result = await app.runtime.flows.run('ImportFail', fileInput(join(FLOW_SHOP_DIR, 'samples/products.csv')))
    expect(result.status).toBe('dead-lettered')
    expect(result.error).toMatchObject({ code: 'FLOW_RECORD_INVALID' })
    expect(result.error?.message).toContain('record 2 (line 3) is invalid: Price:')
    expect(await skus()).toEqual([])
  })

  /** Rows of ProductCsv over more than one write batch: `bad` maps a record number to a bad row. */
  const manyRows = (count: number, bad: Record<number, string>) => Array.from({ length: count }, (_, i) => bad[i + 1] ?? `E-${i + 1};ok;1;1;`)

  it('skip, over several write batches: each bad record is reported once, each good one written', async () => {
    const rows = manyRows(4500, { 5: 'E-5;b;-1;1;', 10: 'E-10;b;x;1;', 2500: 'E-2500;b;-1;1;', 3000: 'E-3000;b;x;1;' })
    const result = await app.runtime.flows.run('ImportSkip', productCsv(...rows))
    expect(result.records).toMatchObject({ records: 4500, created: 4496, skipped: 4 })
    expect(result.skipped.map((s) => s.record).sort((a, b) => a - b)).toEqual([5, 10, 2500, 3000])
    expect((await app.system.query({ entity: 'Shop.Product', count: true, top: 0 })).count).toBe(4496)
  })

  it('fail, over several write batches: the batch with the first bad record fails the import, not a later one read meanwhile', async () => {
    const rows = manyRows(4500, { 1500: 'E-1500;b;-1;1;', 2600: 'E-2600;b;x;1;' })
    const result = await app.runtime.flows.run('ImportFail', productCsv(...rows))
    expect(result.error).toMatchObject({ code: 'FLOW_RECORD_INVALID' })
    expect(result.error?.message).toContain('record 1500 (line 1501) is invalid: price:')
    expect(await skus()).toEqual([])
  })

  it('fail with transaction: record: the chunks before the bad record stay committed, and the result says so', async () => {
    const result = await app.runtime.flows.run('ImportInBatches', productCsv('C-1;a;1;1;', 'C-2;b;1;1;', 'C-3;c;1;1;', 'C-4;d;x;1;'))
    expect(result.status).toBe('dead-lettered')
    expect(result.records).toMatchObject({ records: 2, created: 2 })
    expect(await skus()).toEqual(['C-1', 'C-2'])
  })

  it('malformed input (a quote never closed) fails the whole import with the line', async () => {
    const result = await app.runtime.flows.run('ImportSkip', productCsv('D-1;a;1;1;', 'D-2;"broken;1;1;'))
    expect(result.status).toBe('dead-lettered')
    expect(result.error?.code).toBe('MAPPING_MALFORMED_INPUT')
    expect(await skus()).toEqual([])
  })

  it('an operation trigger gets its failure back: no retry, no dead letter', async () => {
    const ok = await app.runtime.flows.run('ImportJson', JSON.stringify([{ sku: 'J-1', name: 'Json', price: 2, category: 'HOME' }]), { trigger: { kind: 'operation' } })
    expect(ok).toMatchObject({ status: 'succeeded', output: { created: 1 } })
    const bad = await app.runtime.flows.run('ImportJson', '[{"sku": ', { trigger: { kind: 'operation' } })
    expect(bad.status).toBe('failed')
    expect(await app.runtime.flows.deadLetters.list()).toEqual([])
  })
})
