import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../../test/support/databases.js'
import { loadExample } from '../../test/support/example-app.js'
import { openStoreFixture } from '../../test/support/store-fixture.js'
import type { PorticoError } from '../errors/index.js'
import type { Store } from '../store/index.js'
import { createKernel, SYSTEM_PRINCIPAL, userPrincipal, type EntityEvent, type Kernel } from './index.js'

const kinds = await databaseKinds()
const { index } = loadExample()

async function rejection(promise: Promise<unknown>): Promise<PorticoError> {
  try {
    await promise
  } catch (error) {
    return error as PorticoError
  }
  throw new Error('expected the operation to fail')
}

describe.each(kinds)('kernel on %s', (kind) => {
  let store: Store
  let kernel: Kernel
  let dispose: () => Promise<void>
  const sys = () => kernel.as(SYSTEM_PRINCIPAL)
  const count = async (entity: string) => (await sys().query({ entity })).rows.length

  beforeAll(async () => {
    const fixture = await openStoreFixture(kind, index)
    store = fixture.store
    dispose = () => fixture.db.dispose()
    kernel = createKernel({ store, clock: () => new Date('2026-01-02T03:04:05.678Z') })
  })
  afterAll(async () => dispose())

  it('creates with defaults, system members and an AutoNumber, and reads it back', async () => {
    const category = await sys().create('Catalog.Category', { code: 'BOOKS', name: 'Books' })
    const product = await sys().create('Catalog.Product', { sku: 'BK-1', name: 'A book', price: 12.5, category: category.id })
    expect(product).toMatchObject({ stock: 0, status: 'Draft', version: 1, createdAt: '2026-01-02T03:04:05.678Z', category: category.id })
    expect(await sys().read('Catalog.Product', product.id as number)).toEqual(product)
    const c1 = await sys().create('Sales.Customer', { email: 'a@example.com', name: 'A' })
    const c2 = await sys().create('Sales.Customer', { email: 'b@example.com', name: 'B' })
    expect(c2.customerNumber).toBe((c1.customerNumber as number) + 1)
    expect(c1.vip).toBe(false)
  })

  it('refuses invalid values with one detail per field and writes nothing', async () => {
    const before = await count('Catalog.Product')
    const error = await rejection(
      sys().create('Catalog.Product', { sku: 'bad sku', name: 'x'.repeat(201), price: 1.234, stock: -1, status: 'Gone', colour: 'red' }),
    )
    expect(error.code).toBe('KERNEL_VALIDATION')
    expect(error.category).toBe('invalid')
    expect(error.details.map((d) => `${d.path}:${d.rule}`).sort()).toEqual(
      ['colour:unknown', 'name:maxLength', 'price:scale', 'sku:pattern', 'status:enum', 'stock:min'].sort(),
    )
    expect(await count('Catalog.Product')).toBe(before)
  })

  it('refuses writing system members', async () => {
    const error = await rejection(sys().create('Catalog.Tag', { label: 'x', createdAt: '2020-01-01T00:00:00Z' }))
    expect(error.details).toEqual([expect.objectContaining({ path: 'createdAt', rule: 'readOnly' })])
  })

  it('creates an object that is one INSERT without a transaction around it, and anything more inside one', async () => {
    let transactions = 0
    const counting: Store = { ...store, transaction: (fn, options) => (transactions++, store.transaction(fn, options)) }
    const ops = createKernel({ store: counting }).as(SYSTEM_PRINCIPAL)
    const tag = await ops.create('Catalog.Tag', { label: 'alone' })
    expect(transactions).toBe(0)
    expect(await ops.read('Catalog.Tag', tag.id as number)).toMatchObject({ label: 'alone', version: 1 })
    await expect(ops.create('Catalog.Tag', { label: 'alone' })).rejects.toMatchObject({ code: 'KERNEL_UNIQUE_VIOLATION', target: 'label' })
    expect((await ops.query({ entity: 'Catalog.Tag', filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['label'] }, right: { kind: 'literal', value: 'alone' } } })).rows).toHaveLength(1)
    // A reference to look up, an AutoNumber to draw, or a listener: one transaction each.
    const category = await ops.create('Catalog.Category', { code: 'ALONE', name: 'Alone' })
    await ops.create('Catalog.Product', { sku: 'AL-1', name: 'x', price: 1, category: category.id })
    await ops.create('Sales.Customer', { email: 'alone@example.com', name: 'Alone' })
    expect(transactions).toBe(2)
    const listening = createKernel({ store: counting })
    const seen: string[] = []
    listening.on('Catalog.Tag', 'afterCommit', async (event) => void seen.push(event.kind))
    await listening.as(SYSTEM_PRINCIPAL).create('Catalog.Tag', { label: 'heard' })
    expect([transactions, seen]).toEqual([3, ['created']])
  })

  it('reports a unique violation by member and a missing reference by path', async () => {
    await sys().create('Catalog.Tag', { label: 'new' })
    const dup = await rejection(sys().create('Catalog.Tag', { label: 'new' }))
    expect(dup).toMatchObject({ code: 'KERNEL_UNIQUE_VIOLATION', category: 'conflict', target: 'label' })
    const missing = await rejection(sys().create('Catalog.Product', { sku: 'X-1', name: 'x', price: 1, category: 99999 }))
    expect(missing).toMatchObject({ code: 'KERNEL_REFERENCE_NOT_FOUND' })
    expect(missing.details[0]).toMatchObject({ path: 'category', rule: 'reference' })
  })

  it('updates with optimistic concurrency', async () => {
    const tag = await sys().create('Catalog.Tag', { label: 'v1' })
    const updated = await sys().update('Catalog.Tag', tag.id as number, { label: 'v2' }, { expectedVersion: 1 })
    expect(updated).toMatchObject({ label: 'v2', version: 2 })
    const stale = await rejection(sys().update('Catalog.Tag', tag.id as number, { label: 'v3' }, { expectedVersion: 1 }))
    expect(stale).toMatchObject({ code: 'KERNEL_VERSION_CONFLICT', category: 'precondition' })
    expect((await sys().read('Catalog.Tag', tag.id as number)).label).toBe('v2')
  })

  it('replace resets absent members to their defaults', async () => {
    const p = await sys().create('Catalog.Product', { sku: 'R-1', name: 'r', price: 3, stock: 7, description: 'd' })
    const r = await sys().replace('Catalog.Product', p.id as number, { sku: 'R-1', name: 'r2', price: 4 })
    expect(r).toMatchObject({ name: 'r2', stock: 0, description: null, status: 'Draft', version: 2 })
  })

  it('applies delete behaviour: prevent, cascade and set null', async () => {
    const customer = await sys().create('Sales.Customer', { email: 'del@example.com', name: 'D' })
    const parent = await sys().create('Catalog.Category', { code: 'PARENT', name: 'P' })
    const child = await sys().create('Catalog.Category', { code: 'CHILD', name: 'C', parent: parent.id })
    const product = await sys().create('Catalog.Product', { sku: 'D-1', name: 'd', price: 1, category: child.id })
    const order = await sys().create('Sales.Order', { number: 'O-1', orderedAt: '2026-01-01T10:00:00+02:00', customer: customer.id })
    expect(order.orderedAt).toBe('2026-01-01T08:00:00.000Z')
    await sys().create('Sales.OrderLine', { lineNo: 1, quantity: 2, unitPrice: 1, order: order.id, product: product.id })

    const prevented = await rejection(sys().delete('Sales.Customer', customer.id as number))
    expect(prevented).toMatchObject({ code: 'KERNEL_DELETE_PREVENTED', category: 'conflict' })
    expect(prevented.message).toContain("1 Sales.Order object(s) through 'customer'")

    const linesBefore = await count('Sales.OrderLine')
    await sys().delete('Sales.Order', order.id as number)
    expect(await count('Sales.OrderLine')).toBe(linesBefore - 1)

    await sys().delete('Catalog.Category', parent.id as number)
    expect(await sys().read('Catalog.Category', child.id as number)).toMatchObject({ parent: null, version: 2 })
    expect(await sys().find('Catalog.Category', parent.id as number)).toBeUndefined()
  })

  it('deletes an object that only message shapes (non-persistent entities) refer to', async () => {
    // Sales.OrderRequestLine (never stored) refers to Catalog.Product: no rows to look for.
    expect(index.requireEntity('Sales.OrderRequestLine').persistent).toBe(false)
    const product = await sys().create('Catalog.Product', { sku: 'NPE-1', name: 'n', price: 1 })
    await sys().delete('Catalog.Product', product.id as number)
    expect(await sys().find('Catalog.Product', product.id as number)).toBeUndefined()
  })

  it('rolls back everything in a failed transaction, including the outbox', async () => {
    const tags = await count('Catalog.Tag')
    await expect(
      sys().transaction(async (tx) => {
        await tx.create('Catalog.Tag', { label: 'tx-1' })
        await tx.publish({ channel: 'tags', payload: { label: 'tx-1' } })
        await tx.create('Catalog.Tag', { label: 'tx-1' })
      }),
    ).rejects.toMatchObject({ code: 'KERNEL_UNIQUE_VIOLATION' })
    expect(await count('Catalog.Tag')).toBe(tags)
    const { rows } = await store.driver.execute('SELECT count(*) AS n FROM "portico_outbox"')
    expect(Number(rows[0]?.n)).toBe(0)
  })

  it('emits events inside the transaction and after commit', async () => {
    const seen: string[] = []
    const off1 = kernel.on('Catalog.Tag', 'beforeCommit', async (event: EntityEvent, tx) => {
      seen.push(`before:${event.kind}`)
      await tx.publish({ channel: 'tag-events', key: String(event.id), payload: { kind: event.kind, label: event.object?.label } })
    })
    const off2 = kernel.on('*', 'afterCommit', (event) => {
      seen.push(`after:${event.entity}:${event.kind}`)
    })
    const tag = await sys().create('Catalog.Tag', { label: 'evt' })
    await sys().delete('Catalog.Tag', tag.id as number)
    off1()
    off2()
    expect(seen).toEqual(['before:created', 'after:Catalog.Tag:created', 'before:deleted', 'after:Catalog.Tag:deleted'])
    const { rows } = await store.driver.execute('SELECT "payload" FROM "portico_outbox" WHERE "channel" = \'tag-events\' ORDER BY "id"')
    expect(rows.map((r) => JSON.parse(String(r.payload)))).toEqual([{ kind: 'created', label: 'evt' }, { kind: 'deleted' }])
  })

  it('denies by default and limits members by role', async () => {
    const anonymous = kernel.as({ kind: 'anonymous', id: 'anon', roles: [] })
    await expect(anonymous.query({ entity: 'Catalog.Product' })).rejects.toMatchObject({ code: 'KERNEL_FORBIDDEN', category: 'forbidden' })
    const viewer = kernel.as(userPrincipal('v', ['Viewer']))
    await expect(viewer.create('Catalog.Tag', { label: 'v' })).rejects.toMatchObject({ code: 'KERNEL_FORBIDDEN' })
    await expect(viewer.query({ entity: 'Sales.Order' })).rejects.toMatchObject({ code: 'KERNEL_FORBIDDEN' })
    const p = await sys().create('Catalog.Product', { sku: 'V-1', name: 'v', price: 2, stock: 5 })
    const seen = await viewer.read('Catalog.Product', p.id as number)
    expect(seen).toHaveProperty('price', 2)
    expect(seen).not.toHaveProperty('stock')
    const clerk = kernel.as(userPrincipal('c', ['Clerk']))
    await expect(clerk.update('Catalog.Product', p.id as number, { price: 3 })).rejects.toMatchObject({ code: 'KERNEL_FORBIDDEN', target: 'price' })
    expect(await clerk.update('Catalog.Product', p.id as number, { stock: 9 })).toMatchObject({ stock: 9 })
  })

  it('creates many objects in one batch', async () => {
    const before = await count('Catalog.Tag')
    const ids = await sys().createMany('Catalog.Tag', Array.from({ length: 250 }, (_, i) => ({ label: `bulk-${i}` })))
    expect(ids).toHaveLength(250)
    expect(new Set(ids).size).toBe(250)
    expect(await count('Catalog.Tag')).toBe(before + 250)
    const bad = await rejection(sys().createMany('Catalog.Tag', [{ label: 'ok-1' }, { label: 5 }]))
    expect(bad.details[0]).toMatchObject({ path: '[1].label', rule: 'type' })
    expect(await count('Catalog.Tag')).toBe(before + 250)
  })

  it('stores reference sets', async () => {
    const a = await sys().create('Catalog.Tag', { label: 'set-a' })
    const b = await sys().create('Catalog.Tag', { label: 'set-b' })
    const p = await sys().create('Catalog.Product', { sku: 'S-1', name: 's', price: 1, tags: [a.id, b.id] })
    expect(await store.readReferenceSet('Catalog.Product', 'tags', [p.id as number])).toEqual(new Map([[p.id, [a.id, b.id]]]))
    await sys().delete('Catalog.Tag', a.id as number)
    expect(await store.readReferenceSet('Catalog.Product', 'tags', [p.id as number])).toEqual(new Map([[p.id, [b.id]]]))
  })
})
