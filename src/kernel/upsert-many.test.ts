import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../../test/support/databases.js'
import { loadExample } from '../../test/support/example-app.js'
import { openStoreFixture } from '../../test/support/store-fixture.js'
import type { PorticoError } from '../errors/index.js'
import { createKernel, SYSTEM_PRINCIPAL, userPrincipal, type EntityEvent, type Kernel } from './index.js'

const kinds = await databaseKinds()
const { index } = loadExample()

describe.each(kinds)('upsertMany on %s', (kind) => {
  let kernel: Kernel
  let dispose: () => Promise<void>
  const sys = () => kernel.as(SYSTEM_PRINCIPAL)

  beforeAll(async () => {
    const fixture = await openStoreFixture(kind, index)
    dispose = () => fixture.db.dispose()
    kernel = createKernel({ store: fixture.store, clock: () => new Date('2026-01-02T03:04:05.678Z') })
  })
  afterAll(async () => dispose())

  it('creates new keys and updates existing ones, changing only the members given', async () => {
    const category = await sys().create('Catalog.Category', { code: 'UM', name: 'Upserts' })
    const existing = await sys().create('Catalog.Product', { sku: 'UM-1', name: 'Old', price: 1, stock: 7, category: category.id })
    const result = await sys().upsertMany('Catalog.Product', ['sku'], [
      { sku: 'UM-1', price: 2.5 },
      { sku: 'UM-2', name: 'New', price: 3 },
    ])
    expect(result).toMatchObject({ created: 1, updated: 1 })
    expect(result.ids[0]).toBe(existing.id)
    expect(await sys().read('Catalog.Product', existing.id as number)).toMatchObject({ name: 'Old', price: 2.5, stock: 7, category: category.id, version: 2 })
    expect(await sys().read('Catalog.Product', result.ids[1] as number)).toMatchObject({ name: 'New', price: 3, stock: 0, status: 'Draft', version: 1 })
  })

  it('writes a key given twice in order: the second row updates what the first created', async () => {
    const result = await sys().upsertMany('Catalog.Product', ['sku'], [
      { sku: 'UM-3', name: 'First', price: 1 },
      { sku: 'UM-3', price: 9 },
    ])
    expect(result).toMatchObject({ created: 1, updated: 1 })
    expect(result.ids[0]).toBe(result.ids[1])
    expect(await sys().findByKey('Catalog.Product', { sku: 'UM-3' })).toMatchObject({ name: 'First', price: 9, version: 2 })
  })

  it('validates every row first and names the bad ones by index; nothing is written', async () => {
    const error = (await sys()
      .upsertMany('Catalog.Product', ['sku'], [{ sku: 'UM-4', name: 'ok', price: 1 }, { sku: 'UM-5', price: -1 }, { sku: 'UM-1', stock: -2 }, { sku: 'UM-6', name: 'x', price: 1, category: 999_999 }])
      .catch((e: unknown) => e)) as PorticoError
    expect(error.code).toBe('KERNEL_VALIDATION')
    expect(error.details.map((d) => d.path).sort()).toEqual(['[1].name', '[1].price', '[2].stock'])
    expect(await sys().findByKey('Catalog.Product', { sku: 'UM-4' })).toBeUndefined()
    const refs = (await sys().upsertMany('Catalog.Product', ['sku'], [{ sku: 'UM-6', name: 'x', price: 1, category: 999_999 }]).catch((e: unknown) => e)) as PorticoError
    expect(refs).toMatchObject({ code: 'KERNEL_REFERENCE_NOT_FOUND', details: [expect.objectContaining({ path: '[0].category' })] })
  })

  it('keys on a unique index of several members, and fires events per object when someone listens', async () => {
    const events: EntityEvent[] = []
    const off = kernel.on('Sales.OrderLine', 'afterCommit', (e) => void events.push(e))
    const customer = await sys().create('Sales.Customer', { email: 'um@example.com', name: 'U' })
    const order = await sys().create('Sales.Order', { number: 'UM-O', orderedAt: '2026-01-01T00:00:00Z', customer: customer.id })
    const product = await sys().findByKey('Catalog.Product', { sku: 'UM-1' })
    const line = (lineNo: number, quantity: number) => ({ order: order.id, lineNo, quantity, unitPrice: 1, product: product?.id })
    await sys().upsertMany('Sales.OrderLine', ['order', 'lineNo'], [line(1, 1), line(2, 2)])
    await sys().upsertMany('Sales.OrderLine', ['order', 'lineNo'], [line(2, 5)])
    off()
    expect(events.map((e) => [e.kind, e.object?.lineNo, e.object?.quantity, e.previous?.quantity])).toEqual([
      ['created', 1, 1, undefined],
      ['created', 2, 2, undefined],
      ['updated', 2, 5, 2],
    ])
  })

  it('a complete row whose key exists changes only the members it gives, not to their defaults', async () => {
    const tag = await sys().create('Catalog.Tag', { label: 'um-kept' })
    const existing = await sys().create('Catalog.Product', { sku: 'UM-20', name: 'Old', price: 1, stock: 7, status: 'Active', tags: [tag.id] })
    const result = await sys().upsertMany('Catalog.Product', ['sku'], [{ sku: 'UM-20', name: 'New', price: 2 }])
    expect(result).toMatchObject({ ids: [existing.id], created: 0, updated: 1 })
    const read = await sys().read('Catalog.Product', existing.id as number, { expand: [{ navigation: 'tags', query: {} }] })
    expect(read).toMatchObject({ name: 'New', price: 2, stock: 7, status: 'Active', version: 2, createdAt: existing.createdAt })
    expect((read.tags as { id: number }[]).map((t) => t.id)).toEqual([tag.id])
  })

  it('fires created and updated events in the order of the rows, with the previous object of each update', async () => {
    const events: EntityEvent[] = []
    await sys().create('Catalog.Product', { sku: 'UM-31', name: 'Before', price: 1, stock: 3 })
    const off = kernel.on('Catalog.Product', 'beforeCommit', (e) => void events.push(e))
    await sys().upsertMany('Catalog.Product', ['sku'], [
      { sku: 'UM-30', name: 'A', price: 1 },
      { sku: 'UM-31', name: 'B', price: 2 },
      { sku: 'UM-32', name: 'C', price: 3 },
    ])
    off()
    expect(events.map((e) => [e.kind, e.object?.sku, e.object?.stock, e.previous?.name])).toEqual([
      ['created', 'UM-30', 0, undefined],
      ['updated', 'UM-31', 3, 'Before'],
      ['created', 'UM-32', 0, undefined],
    ])
  })

  it('gives the same outcome when told most keys exist, reading every row first', async () => {
    await sys().create('Catalog.Product', { sku: 'UM-51', name: 'Before', price: 1, stock: 4 })
    const result = await sys().upsertMany('Catalog.Product', ['sku'], [{ sku: 'UM-50', name: 'New', price: 1 }, { sku: 'UM-51', price: 2 }], { expect: 'existing' })
    expect(result).toMatchObject({ created: 1, updated: 1 })
    expect(await sys().findByKey('Catalog.Product', { sku: 'UM-51' })).toMatchObject({ name: 'Before', price: 2, stock: 4, version: 2 })
  })

  it('writes the reference sets of new and updated rows', async () => {
    const [a, b] = [await sys().create('Catalog.Tag', { label: 'um-a' }), await sys().create('Catalog.Tag', { label: 'um-b' })]
    const first = await sys().upsertMany('Catalog.Product', ['sku'], [{ sku: 'UM-40', name: 'Tagged', price: 1, tags: [a.id, b.id] }])
    await sys().upsertMany('Catalog.Product', ['sku'], [{ sku: 'UM-40', name: 'Tagged', price: 1, tags: [b.id] }])
    const read = await sys().read('Catalog.Product', first.ids[0] as number, { expand: [{ navigation: 'tags', query: {} }] })
    expect((read.tags as { id: number }[]).map((t) => t.id)).toEqual([b.id])
  })

  it('draws no AutoNumber for a row that updates', async () => {
    const first = await sys().upsertMany('Sales.Customer', ['email'], [{ email: 'um-n1@example.com', name: 'One' }])
    const before = (await sys().read('Sales.Customer', first.ids[0] as number)).customerNumber as number
    const next = await sys().upsertMany('Sales.Customer', ['email'], [
      { email: 'um-n1@example.com', name: 'One again' },
      { email: 'um-n2@example.com', name: 'Two' },
    ])
    expect(next).toMatchObject({ created: 1, updated: 1 })
    expect((await sys().read('Sales.Customer', next.ids[1] as number)).customerNumber).toBe(before + 1)
  })

  it('needs the create and update rights', async () => {
    const clerk = kernel.as(userPrincipal('clerk', ['Clerk']))
    await expect(clerk.upsertMany('Catalog.Product', ['sku'], [{ sku: 'UM-1', stock: 1 }])).rejects.toMatchObject({ code: 'KERNEL_FORBIDDEN' })
  })
})
