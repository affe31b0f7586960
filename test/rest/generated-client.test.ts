import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import createClient from 'openapi-fetch'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_KEY, startExample, type ExampleRuntime } from '../support/example-runtime.js'
import type { paths } from './generated/shop-v1.generated.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

/**
 * Drives the service through a client generated from its own OpenAPI document
 * (openapi-typescript types + openapi-fetch) over a real socket, and checks every response
 * body against the document's schema: if the contract lies, this fails.
 */
describe('a client generated from the OpenAPI document', () => {
  let ex: ExampleRuntime
  let client: ReturnType<typeof createClient<paths>>
  let conforms: (schema: string, body: unknown) => void

  beforeAll(async () => {
    ex = await startExample('sqlite')
    const url = await ex.runtime.listen()
    const document = (await ex.runtime.http.inject({ method: 'GET', url: '/rest/shop/v1/openapi.json' })).json()
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, multipleOfPrecision: 9 }))
    ajv.addSchema({ ...document, $id: 'shop' })
    conforms = (schema, body) => {
      const validate = ajv.getSchema(`shop#/components/schemas/${schema}`)
      if (!validate) throw new Error(`no schema ${schema}`)
      expect(validate(body) ? [] : validate.errors).toEqual([])
    }
    client = createClient<paths>({ baseUrl: `${url}/rest/shop/v1`, headers: ADMIN_KEY })
  })
  afterAll(async () => ex?.close())

  it('lists with typed parameters and gets pages that match ProductList', async () => {
    const { data, error, response } = await client.GET('/products', { params: { query: { 'status.in': ['Active'], 'price.lte': 20, sort: ['-price'], limit: 2, count: true } } })
    expect(error).toBeUndefined()
    expect(response.status).toBe(200)
    conforms('ProductList', data)
    expect(data?.items.map((p) => p.sku)).toEqual(['BK-1003', 'BK-1004'])
    expect(data?.items.every((p) => p.status === 'Active' && p.price <= 20)).toBe(true)
    expect(data?.total).toBe(5)
    const next = await client.GET('/products', { params: { query: { 'status.in': ['Active'], 'price.lte': 20, sort: ['-price'], limit: 2, cursor: data?.nextCursor ?? '' } } })
    conforms('ProductList', next.data)
    expect(next.data?.items[0]?.price).toBeLessThanOrEqual(data?.items[1]?.price ?? 0)
  })

  it('creates, reads, patches and deletes, each response matching its schema', async () => {
    const created = await client.POST('/products', { body: { sku: 'GEN-1', name: 'Generated', price: 2.5, tags: [] } })
    expect(created.response.status).toBe(201)
    conforms('Product', created.data)
    const read = await client.GET('/products/{key}', { params: { path: { key: 'GEN-1' } } })
    conforms('Product', read.data)
    expect(read.data?.stock).toBe(0)
    const patched = await client.PATCH('/products/{key}', {
      params: { path: { key: 'GEN-1' }, header: { 'If-Match': read.response.headers.get('etag') ?? '' } },
      body: { stock: 7, status: 'Active' },
    })
    expect(patched.response.status).toBe(200)
    conforms('Product', patched.data)
    expect(patched.data).toMatchObject({ stock: 7, status: 'Active' })
    const order = await client.GET('/orders/{key}', { params: { path: { key: 'SO-0002' } } })
    conforms('Order', order.data)
    const removed = await client.DELETE('/products/{key}', { params: { path: { key: 'GEN-1' } } })
    expect(removed.response.status).toBe(204)
  })

  it('places and cancels an order through the custom operations, each body matching its schema', async () => {
    const placed = await client.POST('/orders/place', {
      body: { number: 'GEN-ORDER-1', customerEmail: 'grace@example.com', lines: [{ sku: 'BK-1002', quantity: 2 }] },
    })
    expect(placed.response.status).toBe(201)
    expect(placed.response.headers.get('location')).toBe('/rest/shop/v1/orders/GEN-ORDER-1')
    conforms('OrderJsonExport', placed.data)
    expect(placed.data).toMatchObject({ number: 'GEN-ORDER-1', status: 'Open', customer: { email: 'grace@example.com' }, lines: [{ line: 1, sku: 'BK-1002', quantity: 2 }] })
    const cancelled = await client.POST('/orders/{number}/cancel', { params: { path: { number: 'GEN-ORDER-1' }, query: { reason: 'test' } } })
    expect(cancelled.response.status).toBe(200)
    conforms('OrderJsonExport', cancelled.data)
    expect(cancelled.data?.status).toBe('Cancelled')
    const again = await client.POST('/orders/{number}/cancel', { params: { path: { number: 'GEN-ORDER-1' } } })
    expect(again.response.status).toBe(422)
    conforms('Problem', again.error)
  })

  it('gets errors as the documented problem details', async () => {
    const bad = await client.POST('/products', { body: { sku: 'bad sku', name: 'x', price: 1 } })
    expect(bad.response.status).toBe(400)
    conforms('Problem', bad.error)
    const missing = await client.GET('/products/{key}', { params: { path: { key: 'NOPE' } } })
    expect(missing.response.status).toBe(404)
    conforms('Problem', missing.error)
  })
})
