import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, startExample, VIEWER, type ExampleRuntime } from '../support/example-runtime.js'

const kinds = await databaseKinds()
const BASE = '/rest/shop/v1'

describe.each(kinds)('REST entity resources on %s', (kind) => {
  let ex: ExampleRuntime
  const request = (method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}) =>
    ex.runtime.http.inject({
      method: method as 'GET',
      url: `${BASE}${url}`,
      headers: { ...ADMIN_KEY, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    })

  beforeAll(async () => {
    ex = await startExample(kind)
  })
  afterAll(async () => ex?.close())

  it('lists with a filter, sort, fields and total count', async () => {
    const res = await request('GET', '/products?price.gte=15&status=Active&sort=-price,sku&fields=sku,price&count=true')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      items: [
        { sku: 'KT-3002', price: 79.9 },
        { sku: 'KT-3001', price: 49 },
        { sku: 'GD-2001', price: 24 },
        { sku: 'BK-1003', price: 18 },
        { sku: 'BK-1004', price: 16.75 },
      ],
      nextCursor: null,
      total: 5,
    })
  })

  it('filters with in, contains, ranges on dates, null tests and references', async () => {
    const skus = async (query: string) => (await request('GET', `/products?${query}&fields=sku&sort=sku&limit=100`)).json().items.map((p: { sku: string }) => p.sku)
    expect(await skus('status.in=Draft,Retired')).toEqual(['BK-1005', 'GD-2003'])
    expect(await skus('name.contains=Seed')).toEqual(['GD-2002'])
    expect(await skus('releasedOn.lt=1970-01-01')).toEqual(['BK-1001', 'BK-1002'])
    expect(await skus('releasedOn.null=false')).toEqual(['BK-1001', 'BK-1002', 'BK-1003'])
    const fiction = await ex.system.findByKey('Catalog.Category', { code: 'FICTION' })
    expect(await skus(`category=${fiction?.id}`)).toEqual(['BK-1001', 'BK-1002', 'BK-1005'])
  })

  it('pages with a stable cursor while objects are created between pages', async () => {
    const seen: string[] = []
    let url = '/products?sort=sku&fields=sku&limit=4'
    for (let page = 0; page < 10; page++) {
      const res = await request('GET', url)
      expect(res.statusCode).toBe(200)
      const body = res.json()
      seen.push(...body.items.map((p: { sku: string }) => p.sku))
      if (page === 0) await ex.system.create('Catalog.Product', { sku: 'AA-0001', name: 'Sorted before the cursor', price: 1 })
      if (page === 0) await ex.system.create('Catalog.Product', { sku: 'ZZ-0001', name: 'Sorted after it', price: 1 })
      if (!body.nextCursor) break
      // The Link header is the request's URL with the next cursor in place of the last one.
      expect(res.headers.link).toBe(`<${BASE}/products?sort=sku&fields=sku&limit=4&cursor=${body.nextCursor}>; rel="next"`)
      url = `/products?sort=sku&fields=sku&limit=4&cursor=${body.nextCursor}`
    }
    expect(seen).toEqual([...new Set(seen)])
    expect(seen).toContain('ZZ-0001')
    expect(seen).not.toContain('AA-0001')
    expect(seen).toEqual([...seen].sort())
  })

  it('reads one object by its key with an ETag, and answers 304 to If-None-Match', async () => {
    const res = await request('GET', '/products/BK-1001')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ sku: 'BK-1001', name: 'The Left Hand of Darkness', price: 14.9, tags: [expect.any(Number)] })
    expect(res.headers.etag).toBe('"1"')
    const again = await request('GET', '/products/BK-1001', { headers: { 'if-none-match': '"1"' } })
    expect(again.statusCode).toBe(304)
  })

  it('embeds associations declared as embed', async () => {
    const res = await request('GET', '/orders/SO-0001')
    expect(res.json().lines).toEqual([expect.objectContaining({ lineNo: 1, quantity: 2 }), expect.objectContaining({ lineNo: 2, quantity: 1 })])
  })

  it('creates (201 + Location), replaces, patches and deletes', async () => {
    const created = await request('POST', '/products', { body: { sku: 'NEW-1', name: 'New', price: 5.5, tags: [] } })
    expect(created.statusCode).toBe(201)
    expect(created.headers.location).toBe(`${BASE}/products/NEW-1`)
    expect(created.json()).toMatchObject({ sku: 'NEW-1', status: 'Draft', stock: 0 })
    const replaced = await request('PUT', '/products/NEW-1', { body: { sku: 'NEW-1', name: 'Replaced', price: 6 }, headers: { 'if-match': created.headers.etag as string } })
    expect(replaced.statusCode).toBe(200)
    expect(replaced.json()).toMatchObject({ name: 'Replaced', price: 6 })
    expect(replaced.headers.etag).toBe('"2"')
    const patched = await request('PATCH', '/products/NEW-1', { body: { stock: 3, description: null }, headers: { 'content-type': 'application/merge-patch+json' } })
    expect(patched.statusCode).toBe(200)
    expect(patched.json()).toMatchObject({ name: 'Replaced', stock: 3, description: null })
    const stale = await request('DELETE', '/products/NEW-1', { headers: { 'if-match': '"1"' } })
    expect(stale.statusCode).toBe(412)
    expect(stale.headers['content-type']).toContain('application/problem+json')
    expect((await request('DELETE', '/products/NEW-1')).statusCode).toBe(204)
    expect((await request('GET', '/products/NEW-1')).statusCode).toBe(404)
  })

  it('answers 405 with Allow for a switched-off operation', async () => {
    const res = await request('PUT', '/categories/BOOKS', { body: { code: 'BOOKS', name: 'Books' } })
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET, PATCH, DELETE, HEAD')
    expect(res.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' })
  })

  it('shows a role only the members its access rules let it read', async () => {
    const res = await ex.runtime.http.inject({ method: 'GET', url: `${BASE}/products/BK-1001`, headers: VIEWER })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ sku: 'BK-1001', price: 14.9 })
    expect(res.json()).not.toHaveProperty('stock')
    const list = await ex.runtime.http.inject({ method: 'GET', url: `${BASE}/products?fields=sku,price&limit=1`, headers: VIEWER })
    expect(list.json().items[0]).toEqual({ sku: 'BK-1001', price: 14.9 })
    const asked = await ex.runtime.http.inject({ method: 'GET', url: `${BASE}/products?fields=sku,stock`, headers: VIEWER })
    expect(asked.statusCode).toBe(403)
    const filtered = await ex.runtime.http.inject({ method: 'GET', url: `${BASE}/products?stock.gt=0`, headers: VIEWER })
    expect(filtered.statusCode).toBe(403)
    const orders = await ex.runtime.http.inject({ method: 'GET', url: `${BASE}/orders`, headers: VIEWER })
    expect(orders.statusCode).toBe(403)
    expect(orders.json()).toMatchObject({ code: 'KERNEL_FORBIDDEN' })
  })
})
