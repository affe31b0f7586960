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
})
