import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asc, prop } from '../../src/query/index.js'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, CLERK_KEY, startExample, VIEWER, type ExampleRuntime } from '../support/example-runtime.js'

const kinds = await databaseKinds()
const BASE = '/rest/shop/v1'

/**
 * The example's custom operations, bound to flows: place an order (request and response
 * mappings, lookups, a transaction over several entities), cancel one (path and query
 * parameters), a customer's orders (a GET answering a list). Every refusal leaves the
 * database as it was.
 */
describe.each(kinds)('REST custom operations on %s', (kind) => {
  let ex: ExampleRuntime
  const send = (method: 'GET' | 'POST', url: string, options: { payload?: unknown; headers?: Record<string, string>; auth?: Record<string, string> } = {}) =>
    ex.runtime.http.inject({
      method,
      url: `${BASE}${url}`,
      headers: { ...(options.auth ?? CLERK_KEY), ...(options.payload !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.payload !== undefined ? { payload: typeof options.payload === 'string' ? options.payload : JSON.stringify(options.payload) } : {}),
    })
  /** Orders, lines and stock: what a failed operation must leave unchanged. */
  const snapshot = async () => {
    const orders = await ex.system.query({ entity: 'Sales.Order', orderBy: [asc(prop('id'))] })
    const lines = await ex.system.query({ entity: 'Sales.OrderLine', orderBy: [asc(prop('id'))] })
    const stock = await ex.system.query({ entity: 'Catalog.Product', select: ['sku', 'stock', 'version'], orderBy: [asc(prop('id'))] })
    return JSON.stringify([orders.rows, lines.rows, stock.rows])
  }
  const stockOf = async (sku: string) => (await ex.system.findByUnique('Catalog.Product', 'sku', sku))?.stock as number
  /** Sends a request that must fail with the status and code as problem+json, writing nothing. */
  const refused = async (status: number, code: string, method: 'GET' | 'POST', url: string, options: Parameters<typeof send>[2] = {}) => {
    const before = await snapshot()
    const res = await send(method, url, options)
    expect(res.statusCode, res.body).toBe(status)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(res.json()).toMatchObject({ status, code })
    expect(await snapshot()).toBe(before)
    return res.json() as { detail: string; errors?: { path: string; code: string; message: string }[] }
  }

  beforeAll(async () => {
    ex = await startExample(kind)
  })
  afterAll(async () => ex?.close())

  it('places an order: lines priced from the catalogue, stock taken, total summed, 201 with Location', async () => {
    const [book, gadget] = [await stockOf('BK-1001'), await stockOf('GD-2002')]
    const res = await send('POST', '/orders/place', {
      payload: { number: 'WEB-100', customerEmail: 'alan@example.com', note: 'gift wrap', lines: [{ sku: 'BK-1001', quantity: 2 }, { sku: 'GD-2002', quantity: 3 }] },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.headers.location).toBe(`${BASE}/orders/WEB-100`)
    expect(res.json()).toMatchObject({
      number: 'WEB-100',
      status: 'Open',
      total: 39.4,
      customer: { email: 'alan@example.com' },
      lines: [
        { line: 1, sku: 'BK-1001', quantity: 2, unitPrice: 14.9 },
        { line: 2, sku: 'GD-2002', quantity: 3, unitPrice: 3.2 },
      ],
    })
    expect([await stockOf('BK-1001'), await stockOf('GD-2002')]).toEqual([book - 2, gadget - 3])
    const stored = await ex.system.findByUnique('Sales.Order', 'number', 'WEB-100')
    expect(stored).toMatchObject({ total: 39.4, note: 'gift wrap' })
    const read = await send('GET', '/orders/WEB-100')
    expect(read.json()).toMatchObject({ number: 'WEB-100', lines: [expect.objectContaining({ quantity: 2 }), expect.objectContaining({ quantity: 3 })] })
  })

  it('a line that cannot be served fails the whole order: 422, nothing written, stock untouched', async () => {
    const body = await refused(422, 'FLOW_VALIDATION_FAILED', 'POST', '/orders/place', {
      payload: { number: 'WEB-101', customerEmail: 'ada@example.com', lines: [{ sku: 'BK-1001', quantity: 1 }, { sku: 'GD-2002', quantity: 1_000_000 }] },
    })
    expect(body.detail).toMatch(/only \d+ of GD-2002 in stock, 1000000 ordered/)
  })

  it('a product not for sale is refused by the flow', async () => {
    const body = await refused(422, 'FLOW_VALIDATION_FAILED', 'POST', '/orders/place', { payload: { number: 'WEB-102', customerEmail: 'ada@example.com', lines: [{ sku: 'GD-2003', quantity: 1 }] } })
    expect(body.detail).toBe('GD-2003 is not for sale')
  })

  it('values that do not fit the request mapping → 422 with the wire path of each', async () => {
    const body = await refused(422, 'OPERATION_BODY_INVALID', 'POST', '/orders/place', {
      payload: { number: 'WEB-103', lines: [{ sku: 'BK-1001', quantity: 'two' }, { quantity: 1 }] },
    })
    expect(body.errors?.map((e) => `${e.path} ${e.code}`).sort()).toEqual(['$.customerEmail REQUIRED', '$.lines[0].quantity TYPE', '$.lines[1].sku REQUIRED'])
  })

  it('keys that name no object → 422 naming each lookup', async () => {
    const body = await refused(422, 'OPERATION_BODY_INVALID', 'POST', '/orders/place', {
      payload: { number: 'WEB-104', customerEmail: 'nobody@example.com', lines: [{ sku: 'NOPE-1', quantity: 1 }] },
    })
    expect(body.errors?.map((e) => `${e.path} ${e.code}`)).toEqual(['customer LOOKUP', 'lines[0].product LOOKUP'])
    expect(body.errors?.[0]?.message).toContain('no Sales.Customer has email = "nobody@example.com"')
  })

  it('malformed JSON → 400, no body → 400, another media type → 415, a repeated order number → 409', async () => {
    await refused(400, 'OPERATION_BODY_MALFORMED', 'POST', '/orders/place', { payload: '{"number":' })
    await refused(400, 'OPERATION_BODY_MISSING', 'POST', '/orders/place')
    await refused(415, 'UNSUPPORTED_MEDIA_TYPE', 'POST', '/orders/place', { payload: 'number=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    await refused(409, 'KERNEL_UNIQUE_VIOLATION', 'POST', '/orders/place', { payload: { number: 'SO-0001', customerEmail: 'ada@example.com', lines: [{ sku: 'BK-1001', quantity: 1 }] } })
  })

  it('runs as the caller: no credentials → 401, a role without create rights → 403, nothing written', async () => {
    const payload = { number: 'WEB-105', customerEmail: 'ada@example.com', lines: [{ sku: 'BK-1001', quantity: 1 }] }
    await refused(401, 'UNAUTHENTICATED', 'POST', '/orders/place', { payload, auth: {} })
    await refused(403, 'KERNEL_FORBIDDEN', 'POST', '/orders/place', { payload, auth: VIEWER })
  })

  it('cancels with a path and a query parameter, putting the stock back; a second cancel is refused', async () => {
    const placed = await send('POST', '/orders/place', { payload: { number: 'WEB-106', customerEmail: 'grace@example.com', lines: [{ sku: 'KT-3001', quantity: 1 }] } })
    expect(placed.statusCode).toBe(201)
    const stock = await stockOf('KT-3001')
    const res = await send('POST', '/orders/WEB-106/cancel?reason=changed%20mind', { auth: ADMIN_KEY })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ number: 'WEB-106', status: 'Cancelled' })
    expect(await stockOf('KT-3001')).toBe(stock + 1)
    expect((await ex.system.findByUnique('Sales.Order', 'number', 'WEB-106'))?.note).toBe('Cancelled: changed mind')
    const again = await refused(422, 'FLOW_VALIDATION_FAILED', 'POST', '/orders/WEB-106/cancel')
    expect(again.detail).toBe('order WEB-106 is Cancelled; only open orders can be cancelled')
  })

  it('answers a GET with a list through the response mapping; typed query parameters are checked', async () => {
    const all = await send('GET', '/customers/ada@example.com/orders')
    expect(all.statusCode, all.body).toBe(200)
    const numbers = (all.json() as { number: string; customer: { email: string } }[]).map((o) => o.number)
    expect(numbers).toContain('SO-0001')
    expect(numbers).toContain('SO-0003')
    expect((all.json() as { customer: { email: string } }[]).every((o) => o.customer.email === 'ada@example.com')).toBe(true)
    const recent = await send('GET', '/customers/ada@example.com/orders?since=2026-11-15T00:00:00Z')
    expect((recent.json() as { number: string }[]).map((o) => o.number)).not.toContain('SO-0001')
    const body = await refused(400, 'OPERATION_PARAMETER_INVALID', 'GET', '/customers/ada@example.com/orders?since=yesterday')
    expect(body.errors).toEqual([expect.objectContaining({ path: 'since', code: 'TYPE' })])
    expect((await send('GET', '/customers/nobody@example.com/orders')).json()).toEqual([])
  })

  it('is in the OpenAPI document with typed parameters and the mappings as schemas', async () => {
    const doc = (await send('GET', '/openapi.json')).json()
    expect(doc.paths['/orders/place'].post).toMatchObject({ operationId: 'placeOrder', requestBody: { required: true }, responses: { 201: expect.any(Object), 422: expect.any(Object) } })
    expect(doc.paths['/customers/{email}/orders'].get.parameters).toEqual([
      expect.objectContaining({ name: 'email', in: 'path', required: true, schema: { type: 'string' } }),
      expect.objectContaining({ name: 'since', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } }),
    ])
    expect(doc.components.schemas.PlaceOrderJson).toMatchObject({
      required: ['number', 'customerEmail', 'lines'],
      properties: { lines: { type: 'array', items: { required: ['sku', 'quantity'], properties: { quantity: { type: 'integer', minimum: 1 } } } } },
    })
  })
})
