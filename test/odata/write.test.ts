import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Row } from '../../src/kernel/index.js'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, CLERK_KEY, openODataFixture, VIEWER_BASIC, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>

describe.each(kinds)('OData writes on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => {
    await f?.close()
  })

  const count = async (entity: string) => (await f.system.query({ entity, count: true, top: 0 })).count
  const product = (sku: string) => f.system.findByKey('Catalog.Product', { sku })

  /** Runs a request that must fail, and checks the status, the OData error and that nothing changed. */
  async function refused(method: string, path: string, status: number, code: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
    const before = await Promise.all(['Catalog.Product', 'Catalog.Category', 'Sales.Order', 'Sales.OrderLine'].map(count))
    const r = await f.send(method, path, options)
    expect(r.statusCode, r.body).toBe(status)
    expect(r.json()).toMatchObject({ error: { code, message: expect.any(String) } })
    expect(await Promise.all(['Catalog.Product', 'Catalog.Category', 'Sales.Order', 'Sales.OrderLine'].map(count))).toEqual(before)
    return r.json() as { error: Json }
  }

  /** A new order of customer 1 with lines 1–3 (products 1, 2, 3); its id. */
  async function orderWithLines(number: string): Promise<number> {
    const lines = [1, 2, 3].map((n) => ({ lineNo: n, quantity: n, unitPrice: 10, productId: n }))
    const r = await f.send('POST', '/Orders', { body: { number, orderedAt: '2026-12-04T10:00:00Z', 'customer@odata.bind': 'Customers(1)', lines } })
    expect(r.statusCode, r.body).toBe(201)
    return (r.json() as Json).id as number
  }
  const byOrder = (id: number) => ({ kind: 'compare', op: 'eq', left: { kind: 'property', path: ['order'] }, right: { kind: 'literal', value: id } }) as const
  /** The lines of an order as `lineNo:quantity:productId`, in line order. */
  const linesOf = async (id: number) =>
    (await f.system.query({ entity: 'Sales.OrderLine', filter: byOrder(id), orderBy: [{ expr: { kind: 'property', path: ['lineNo'] }, direction: 'asc' }] })).rows.map((l) => `${String(l.lineNo)}:${String(l.quantity)}:${String(l.product)}`)
  const tagsOf = async (id: number) => ((await f.system.read('Catalog.Product', id, { expand: [{ navigation: 'tags', query: {} }] })).tags as Row[]).map((t) => t.id as number).sort()

  it('creates with POST: 201, Location, ETag and the entity', async () => {
    const r = await f.send('POST', '/Products', { body: { sku: 'NEW-1', name: 'New', price: 5.5, 'category@odata.bind': "Categories('GARDEN')", 'tags@odata.bind': ['Tags(1)', 'Tags(3)'] } })
    expect(r.statusCode, r.body).toBe(201)
    const body = r.json() as Json
    expect(r.headers.location).toMatch(new RegExp(`/odata/shop/v1/Products\\(${String(body.id)}\\)$`))
    expect(r.headers.etag).toBe('W/"1"')
    expect(body).toMatchObject({ sku: 'NEW-1', stock: 0, status: 'Draft', '@odata.etag': 'W/"1"' })
    const stored = (await f.system.read('Catalog.Product', body.id as number, { expand: [{ navigation: 'category', query: {} }, { navigation: 'tags', query: {} }] })) as Row
    expect((stored.category as Row).code).toBe('GARDEN')
    expect((stored.tags as Row[]).map((t) => t.label).sort()).toEqual(['bestseller', 'eco'])
    const selected = await f.send('POST', '/Tags?$select=label', { body: { label: 'selected' } })
    expect(selected.json()).toEqual({ '@odata.context': expect.stringContaining('#Tags/$entity'), '@odata.etag': 'W/"1"', label: 'selected' })
    const minimal = await f.send('POST', '/Tags', { body: { label: 'minimal' }, headers: { 'x-api-key': ADMIN_KEY, prefer: 'return=minimal' } })
    expect(minimal.statusCode).toBe(204)
    expect(minimal.headers['odata-entityid']).toMatch(/Tags\(\d+\)$/)
    expect(minimal.headers['preference-applied']).toBe('return=minimal')
  })

  it('deep-inserts an order with its lines and binds the customer', async () => {
    const r = await f.send('POST', '/Orders', {
      body: { number: 'SO-DEEP', orderedAt: '2026-12-01T10:00:00Z', 'customer@odata.bind': 'Customers(2)', lines: [{ lineNo: 1, quantity: 3, unitPrice: 1.5, 'product@odata.bind': 'Products(7)' }, { lineNo: 2, quantity: 1, unitPrice: 2, 'product@odata.bind': 'Products(6)' }] },
    })
    expect(r.statusCode, r.body).toBe(201)
    const body = r.json() as Json
    expect((body.lines as Json[]).map((l) => l.lineNo)).toEqual([1, 2])
    const lines = await f.system.query({ entity: 'Sales.OrderLine', filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['order'] }, right: { kind: 'literal', value: body.id as number } } })
    expect(lines.rows).toHaveLength(2)
    const nav = await f.send('POST', `/Orders(${String(body.id)})/lines`, { body: { lineNo: 3, quantity: 1, unitPrice: 1, productId: 1 } })
    expect(nav.statusCode, nav.body).toBe(201)
    expect(nav.json()).toMatchObject({ orderId: body.id, lineNo: 3 })
    const referenced = await f.send('POST', '/Orders', { body: { number: 'SO-DEEP-REF', orderedAt: '2026-12-01T10:00:00Z', customer: { '@id': 'Customers(3)' } } })
    expect(referenced.statusCode, referenced.body).toBe(201)
    expect(referenced.json()).toMatchObject({ customer: { id: 3, name: 'Alan Turing' } })
  })

  it('rolls back a deep insert whose nested entity fails', async () => {
    await refused('POST', '/Orders', 422, 'KERNEL_VALIDATION', { body: { number: 'SO-BAD', orderedAt: '2026-12-01T10:00:00Z', 'customer@odata.bind': 'Customers(1)', lines: [{ lineNo: 1, quantity: 0, unitPrice: 1, productId: 1 }] } })
    expect(await f.system.findByKey('Sales.Order', { number: 'SO-BAD' })).toBeUndefined()
  })

  it('updates with PATCH and PUT, honouring If-Match', async () => {
    const id = (await product('BK-1002'))?.id as number
    const patched = await f.send('PATCH', `/Products(${id})`, { body: { stock: 9 }, headers: { 'x-api-key': ADMIN_KEY, 'if-match': 'W/"1"' } })
    expect(patched.statusCode, patched.body).toBe(204)
    expect(patched.headers.etag).toBe('W/"2"')
    await refused('PATCH', `/Products(${id})`, 412, 'ODATA_PRECONDITION_FAILED', { body: { stock: 1 }, headers: { 'x-api-key': ADMIN_KEY, 'if-match': 'W/"1"' } })
    expect((await product('BK-1002'))?.stock).toBe(9)
    const put = await f.send('PUT', `/Products(${id})`, { body: { sku: 'BK-1002', name: 'Solaris (new)', price: 13 }, headers: { 'x-api-key': ADMIN_KEY, prefer: 'return=representation' } })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json()).toMatchObject({ name: 'Solaris (new)', stock: 0, status: 'Draft', releasedOn: null, '@odata.etag': 'W/"3"' })
    const prop = await f.send('PUT', `/Products(${id})/description`, { body: { value: 'A novel' } })
    expect(prop.statusCode).toBe(204)
    const raw = await f.send('PUT', `/Products(${id})/stock/$value`, { body: '17', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'text/plain' } })
    expect(raw.statusCode, raw.body).toBe(204)
    expect(await product('BK-1002')).toMatchObject({ description: 'A novel', stock: 17 })
    expect((await f.send('DELETE', `/Products(${id})/description`)).statusCode).toBe(204)
    expect((await product('BK-1002'))?.description).toBeNull()
  })

  it('upserts by a non-id key', async () => {
    const created = await f.send('PATCH', "/Categories('TOYS')", { body: { name: 'Toys' } })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ code: 'TOYS', name: 'Toys' })
    const updated = await f.send('PATCH', "/Categories('TOYS')", { body: { name: 'Toys & games' } })
    expect(updated.statusCode).toBe(204)
    await refused('PATCH', '/Products(9999)', 404, 'ODATA_UNKNOWN_RESOURCE', { body: { stock: 1 } })
  })

  it('changes references through $ref', async () => {
    const id = (await product('BK-1004'))?.id as number
    expect((await f.send('POST', `/Products(${id})/tags/$ref`, { body: { '@odata.id': 'Tags(2)' } })).statusCode).toBe(204)
    expect((await f.send('PUT', `/Products(${id})/category/$ref`, { body: { '@odata.id': "Categories('KITCHEN')" } })).statusCode).toBe(204)
    const after = (await f.get(`/Products(${id})?$expand=tags($select=label),category($select=code)`)).json() as Json
    expect(after).toMatchObject({ category: { code: 'KITCHEN' }, tags: [{ label: 'new' }] })
    expect((await f.send('DELETE', `/Products(${id})/tags(2)/$ref`)).statusCode).toBe(204)
    expect((await f.send('POST', `/Products(${id})/tags/$ref`, { body: { '@odata.id': 'Tags(3)' } })).statusCode).toBe(204)
    expect((await f.send('DELETE', `/Products(${id})/tags/$ref?$id=${encodeURIComponent('Tags(3)')}`)).statusCode).toBe(204)
    expect((await f.send('DELETE', `/Products(${id})/category/$ref`)).statusCode).toBe(204)
    expect((await f.get(`/Products(${id})?$expand=tags,category`)).json()).toMatchObject({ category: null, tags: [] })
    await refused('POST', `/Products(${id})/tags/$ref`, 400, 'ODATA_BAD_REFERENCE', { body: { '@odata.id': 'Tags(999)' } })
  })

  it('deletes with If-Match and refuses a delete the model prevents', async () => {
    const created = (await f.send('POST', '/Tags', { body: { label: 'short-lived' } })).json() as Json
    await refused('DELETE', `/Tags(${String(created.id)})`, 405, 'ODATA_METHOD_NOT_ALLOWED')
    const c = (await f.send('POST', '/Customers', { body: { email: 'temp@example.com', name: 'Temp' } })).json() as Json
    await refused('DELETE', `/Customers(${String(c.id)})`, 412, 'ODATA_PRECONDITION_FAILED', { headers: { 'x-api-key': ADMIN_KEY, 'if-match': 'W/"7"' } })
    expect((await f.send('DELETE', `/Customers(${String(c.id)})`, { headers: { 'x-api-key': ADMIN_KEY, 'if-match': '*' } })).statusCode).toBe(204)
    await refused('DELETE', '/Customers(1)', 409, 'KERNEL_DELETE_PREVENTED')
  })

  it('refuses bad payloads, unknown properties and forbidden writes without changing anything', async () => {
    await refused('POST', '/Products', 400, 'ODATA_BAD_PAYLOAD', { body: '{"sku":', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' } })
    await refused('POST', '/Products', 415, 'ODATA_UNSUPPORTED_MEDIA_TYPE', { body: 'sku=X', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/x-www-form-urlencoded' } })
    const unknown = await refused('POST', '/Products', 400, 'ODATA_UNKNOWN_PROPERTY', { body: { sku: 'X-1', name: 'x', price: 1, colour: 'red' } })
    expect(unknown.error.target).toBe('colour')
    await refused('POST', '/Products', 422, 'KERNEL_VALIDATION', { body: { sku: 'lower case', name: 'x', price: -1 } })
    await refused('POST', '/Products', 409, 'KERNEL_UNIQUE_VIOLATION', { body: { sku: 'BK-1001', name: 'dup', price: 1 } })
    await refused('POST', '/Products', 403, 'KERNEL_FORBIDDEN', { body: { sku: 'CL-1', name: 'clerk', price: 1 }, headers: { 'x-api-key': CLERK_KEY } })
    await refused('PATCH', '/Products(1)', 403, 'KERNEL_FORBIDDEN', { body: { name: 'renamed' }, headers: { authorization: VIEWER_BASIC } })
    await refused('POST', '/Products', 401, 'ODATA_UNAUTHENTICATED', { body: { sku: 'AN-1', name: 'x', price: 1 }, headers: { 'x-api-key': 'ptk_nobody_xxxxxxxxxxxxxxxxxxxxxxxx' } })
    await refused('POST', '/Orders', 400, 'ODATA_BAD_REFERENCE', { body: { number: 'SO-X', orderedAt: '2026-12-01T10:00:00Z', 'customer@odata.bind': 'Products(1)' } })
  })
  it('deep-updates an order: nested lines are the full set, the nested customer is updated and linked', async () => {
    const id = await orderWithLines('SO-DU1')
    const customer = (await f.send('POST', '/Customers', { body: { email: 'deep@example.com', name: 'Deep' } })).json() as Json
    const r = await f.send('PATCH', `/Orders(${id})`, {
      headers: { 'x-api-key': ADMIN_KEY, prefer: 'return=representation' },
      body: {
        note: 'changed deeply',
        customer: { '@id': `Customers(${String(customer.id)})`, name: 'Deep Diver' },
        lines: [{ lineNo: 1, quantity: 7 }, { '@id': `OrderLines(orderId=${id},lineNo=2)` }, { lineNo: 4, quantity: 1, unitPrice: 2, 'product@odata.bind': 'Products(5)' }],
      },
    })
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json() as Json
    expect(body).toMatchObject({ note: 'changed deeply', customer: { id: customer.id, name: 'Deep Diver' } })
    expect((body.lines as Json[]).map((l) => `${String(l.lineNo)}:${String(l.quantity)}`).sort()).toEqual(['1:7', '2:2', '4:1'])
    expect(await linesOf(id)).toEqual(['1:7:1', '2:2:2', '4:1:5'])
    const order = await f.system.read('Sales.Order', id)
    expect(order).toMatchObject({ note: 'changed deeply', customer: customer.id })
    expect((await f.system.read('Sales.Customer', customer.id as number)).name).toBe('Deep Diver')
    const single = await f.send('PATCH', `/Orders(${id})`, { body: { customer: { email: 'fresh@example.com', name: 'Fresh' } } })
    expect(single.statusCode, single.body).toBe(204)
    expect((await f.system.read('Sales.Order', id, { expand: [{ navigation: 'customer', query: {} }] })).customer).toMatchObject({ email: 'fresh@example.com' })
    const category = await f.send('PATCH', "/Categories('KITCHEN')", { body: { products: [{ '@id': 'Products(9)' }] } })
    expect(category.statusCode, category.body).toBe(204)
    expect((await f.system.read('Catalog.Product', 10)).category).toBeNull()
    expect((await f.system.read('Catalog.Product', 9)).category).not.toBeNull()
  })

  it('replaces an entity with PUT and nested content', async () => {
    const created = (await f.send('POST', '/Products', { body: { sku: 'PUT-DEEP', name: 'Old', price: 1, stock: 5, 'tags@odata.bind': ['Tags(2)'] } })).json() as Json
    const id = created.id as number
    const r = await f.send('PUT', `/Products(${id})?$expand=tags($select=label)`, {
      headers: { 'x-api-key': ADMIN_KEY, prefer: 'return=representation' },
      body: { sku: 'PUT-DEEP', name: 'Replaced', price: 2, category: { '@id': "Categories('GARDEN')" }, tags: [{ '@id': 'Tags(1)' }, { label: 'put-new' }] },
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ name: 'Replaced', stock: 0, category: { code: 'GARDEN' } })
    expect(((r.json() as Json).tags as Json[]).map((t) => t.label).sort()).toEqual(['bestseller', 'put-new'])
    const stored = await f.system.read('Catalog.Product', id, { expand: [{ navigation: 'category', query: {} }] })
    expect(stored).toMatchObject({ name: 'Replaced', stock: 0, category: { code: 'GARDEN' } })
    expect(await tagsOf(id)).toHaveLength(2)
    expect(await tagsOf(id)).toContain(1)
    const order = await orderWithLines('SO-PUT')
    const put = await f.send('PUT', `/Orders(${order})`, { body: { number: 'SO-PUT', orderedAt: '2026-12-05T10:00:00Z', 'customer@odata.bind': 'Customers(2)', lines: [{ lineNo: 2, quantity: 5, unitPrice: 1, productId: 4 }] } })
    expect(put.statusCode, put.body).toBe(204)
    expect(await linesOf(order)).toEqual(['2:5:4'])
    expect(await f.system.read('Sales.Order', order)).toMatchObject({ customer: 2, note: null })
  })

  it('binds with @odata.bind in PATCH: a single navigation replaced, a collection added to', async () => {
    const id = (await product('GD-2001'))?.id as number
    const r = await f.send('PATCH', `/Products(${id})`, { body: { 'category@odata.bind': "Categories('KITCHEN')", 'tags@odata.bind': ['Tags(2)'] }, headers: { 'x-api-key': ADMIN_KEY, 'odata-version': '4.0' } })
    expect(r.statusCode, r.body).toBe(204)
    expect(await tagsOf(id)).toEqual([2, 3])
    expect((await f.system.read('Catalog.Product', id, { expand: [{ navigation: 'category', query: {} }] })).category).toMatchObject({ code: 'KITCHEN' })
  })

  it('applies 4.01 delta collections in a PATCH: added, changed and removed entries', async () => {
    const id = await orderWithLines('SO-DELTA')
    const r = await f.send('PATCH', `/Orders(${id})`, {
      body: { 'lines@delta': [{ '@removed': { reason: 'deleted' }, '@id': `OrderLines(orderId=${id},lineNo=1)` }, { lineNo: 2, quantity: 9 }, { lineNo: 5, quantity: 1, unitPrice: 1, productId: 6 }] },
    })
    expect(r.statusCode, r.body).toBe(204)
    expect(await linesOf(id)).toEqual(['2:9:2', '3:3:3', '5:1:6'])
    const p = (await product('BK-1003'))?.id as number
    const tags = await f.send('PATCH', `/Products(${p})`, { body: { 'tags@delta': [{ '@removed': { reason: 'changed' }, '@id': 'Tags(1)' }, { '@id': 'Tags(3)' }] } })
    expect(tags.statusCode, tags.body).toBe(204)
    expect(await tagsOf(p)).toEqual([3, 4])
    expect(await f.system.find('Catalog.Tag', 1)).toBeDefined()
  })

  it('replaces the references of a collection with PUT to its $ref', async () => {
    const id = (await product('KT-3002'))?.id as number
    const r = await f.send('PUT', `/Products(${id})/tags/$ref`, { body: { value: [{ '@odata.id': 'Tags(1)' }, { '@odata.id': '/odata/shop/v1/Tags(3)' }] } })
    expect(r.statusCode, r.body).toBe(204)
    expect(await tagsOf(id)).toEqual([1, 3])
    expect((await f.send('PUT', "/Categories('SCIENCE')/products/$ref", { body: { value: [{ '@odata.id': 'Products(3)' }, { '@odata.id': 'Products(2)' }] } })).statusCode).toBe(204)
    const science = await f.system.query({ entity: 'Catalog.Product', filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['category'] }, right: { kind: 'literal', value: (await f.system.findByKey('Catalog.Category', { code: 'SCIENCE' }))?.id as number } } })
    expect(science.rows.map((p) => p.sku).sort()).toEqual(['BK-1002', 'BK-1003'])
    expect((await f.send('PUT', `/Products(${id})/tags/$ref`, { body: { value: [] } })).statusCode).toBe(204)
    expect(await tagsOf(id)).toEqual([])
    const order = await orderWithLines('SO-REF')
    const kept = await refused('PUT', `/Orders(${order})/lines/$ref`, 409, 'ODATA_RELATED_REQUIRED', { body: { value: [{ '@odata.id': `OrderLines(orderId=${order},lineNo=1)` }] } })
    expect(kept.error.target).toBe(`lines/OrderLines(orderId=${order},lineNo=2)`)
    await refused('PUT', `/Products(${id})/tags/$ref`, 400, 'ODATA_BAD_REFERENCE', { body: { value: [{ '@odata.id': 'Products(1)' }] } })
    await refused('PUT', `/Products(${id})/tags/$ref`, 400, 'ODATA_BAD_PAYLOAD', { body: { value: ['Tags(1)'] } })
    expect(await linesOf(order)).toHaveLength(3)
  })

  it('refuses a deep update it cannot apply, changing nothing', async () => {
    const id = await orderWithLines('SO-DU-BAD')
    const before = await linesOf(id)
    const orderBefore = await f.system.read('Sales.Order', id)
    const patch = (body: unknown, status: number, code: string, headers: Record<string, string> = {}) => refused('PATCH', `/Orders(${id})`, status, code, { body, headers: { 'x-api-key': ADMIN_KEY, ...headers } })
    const unknown = await patch({ lines: [{ lineNo: 1, colour: 'red' }] }, 400, 'ODATA_UNKNOWN_PROPERTY')
    expect(unknown.error.target).toBe('colour')
    await patch({ note: 'x', lines: [{ '@id': 'Products(1)' }] }, 400, 'ODATA_BAD_REFERENCE')
    const key = await patch({ note: 'x', lines: [{ '@id': `OrderLines(orderId=${id},lineNo=1)`, lineNo: 8 }] }, 400, 'ODATA_BAD_PAYLOAD')
    expect(key.error.target).toBe('OrderLines/lineNo')
    await patch({ note: 'x', lines: [{ lineNo: 1, orderId: 1, quantity: 2 }] }, 400, 'ODATA_BAD_PAYLOAD')
    await patch({ note: 'x', customer: null }, 400, 'ODATA_BAD_PAYLOAD')
    await patch({ note: 'x', lines: [{ lineNo: 1, quantity: 2 }] }, 400, 'ODATA_BAD_PAYLOAD', { 'odata-version': '4.0' })
    await refused('PUT', `/Orders(${id})`, 400, 'ODATA_BAD_PAYLOAD', { body: { number: 'SO-DU-BAD', orderedAt: '2026-12-04T10:00:00Z', 'lines@delta': [] } })
    await patch({ note: 'x', lines: [{ lineNo: 1, quantity: 5 }, { lineNo: 2, quantity: 0 }, { lineNo: 3 }] }, 422, 'KERNEL_VALIDATION')
    await patch({ note: 'x', lines: [{ lineNo: 1, quantity: 5, '@odata.etag': 'W/"99"' }, { lineNo: 2 }, { lineNo: 3 }] }, 412, 'ODATA_PRECONDITION_FAILED')
    await patch({ note: 'x', lines: [{ lineNo: 1, quantity: 5 }] }, 412, 'ODATA_PRECONDITION_FAILED', { 'if-match': 'W/"99"' })
    await patch({ note: 'x', lines: [{ '@id': `OrderLines(orderId=${id},lineNo=1)`, '@odata.etag': 'W/"99"' }, { lineNo: 2 }, { lineNo: 3 }] }, 412, 'ODATA_PRECONDITION_FAILED')
    await patch({ note: 'x', lines: [{ lineNo: 1, quantity: 5, product: { '@id': 'Products(1)', name: 'renamed by a clerk' } }, { lineNo: 2 }, { lineNo: 3 }] }, 403, 'KERNEL_FORBIDDEN', { 'x-api-key': CLERK_KEY })
    const c = ((await f.send('POST', '/Customers', { body: { email: 'orphans@example.com', name: 'Orphans' } })).json() as Json).id as number
    const owned = await f.send('POST', '/Orders', { body: { number: 'SO-OWNED', orderedAt: '2026-12-04T10:00:00Z', 'customer@odata.bind': `Customers(${c})` } })
    expect(owned.statusCode).toBe(201)
    const orphan = await refused('PATCH', `/Customers(${c})`, 409, 'ODATA_RELATED_REQUIRED', { body: { name: 'Renamed', orders: [] } })
    expect(orphan.error.message).toContain('customer is required')
    expect(orphan.error.target).toBe(`orders/Orders(${String((owned.json() as Json).id)})`)
    expect((await f.system.read('Sales.Customer', c)).name).toBe('Orphans')
    expect((await f.system.read('Catalog.Product', 1)).name).toBe('The Left Hand of Darkness')
    expect(await linesOf(id)).toEqual(before)
    expect(await f.system.read('Sales.Order', id)).toEqual(orderBefore)
  })

  it('deep-updates inside a $batch change set, rolling it back with the set', async () => {
    const id = await orderWithLines('SO-BATCH-DU')
    const patch = (lines: unknown) => ({ atomicityGroup: 'g', method: 'PATCH', url: `Orders(${id})`, headers: { 'content-type': 'application/json' }, body: { lines } })
    const failing = { requests: [{ id: '1', ...patch([{ lineNo: 1, quantity: 4 }]) }, { id: '2', ...patch([{ lineNo: 1, quantity: 0 }]) }] }
    const r = await f.send('POST', '/$batch', { body: failing, headers: { 'x-api-key': ADMIN_KEY, accept: 'application/json' } })
    expect(r.statusCode, r.body).toBe(200)
    expect((r.json() as { responses: Json[] }).responses.map((x) => x.status).sort()).toEqual([422, 424])
    expect(await linesOf(id)).toEqual(['1:1:1', '2:2:2', '3:3:3'])
    const ok = await f.send('POST', '/$batch', { body: { requests: [{ id: '1', ...patch([{ lineNo: 1, quantity: 4 }]) }] }, headers: { 'x-api-key': ADMIN_KEY, accept: 'application/json' } })
    expect((ok.json() as { responses: Json[] }).responses[0]).toMatchObject({ status: 204 })
    expect(await linesOf(id)).toEqual(['1:4:1'])
  })
})
