import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Expr } from '../../src/query/index.js'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, CLERK_KEY, openODataFixture, VIEWER_BASIC, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>
const values = (body: string): Json[] => (JSON.parse(body) as { value: Json[] }).value
const enc = encodeURIComponent
const skuStarts = (prefix: string): Expr => ({ kind: 'call', name: 'startswith', args: [{ kind: 'property', path: ['sku'] }, { kind: 'literal', value: prefix }] })

describe.each(kinds)('OData resource path conventions on %s', (kind) => {
  let f: ODataFixture
  let root: string
  beforeAll(async () => {
    f = await openODataFixture(kind)
    root = String(((await f.get('/')).json() as Json)['@odata.context']).replace(/\/\$metadata$/, '')
  })
  afterAll(async () => {
    await f?.close()
  })

  const count = async (entity: string) => (await f.system.query({ entity, count: true, top: 0 })).count
  const products = async (prefix: string) => (await f.system.query({ entity: 'Catalog.Product', filter: skuStarts(prefix), orderBy: [{ expr: { kind: 'property', path: ['sku'] }, direction: 'asc' }] })).rows
  const skus = (body: string) => values(body).map((p) => p.sku)

  /** Runs a request that must fail, and checks the status, the OData error and that nothing changed. */
  async function refused(method: string, path: string, status: number, code: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
    const entities = ['Catalog.Product', 'Catalog.Category', 'Sales.Order', 'Sales.OrderLine']
    const before = await Promise.all(entities.map(count))
    const stock = (await products('')).map((p) => [p.sku, p.stock, p.name])
    const r = await f.send(method, path, options)
    expect(r.statusCode, r.body).toBe(status)
    expect(r.json()).toMatchObject({ error: { code, message: expect.any(String) } })
    expect(await Promise.all(entities.map(count))).toEqual(before)
    expect((await products('')).map((p) => [p.sku, p.stock, p.name])).toEqual(stock)
    return r.json() as { error: Json }
  }

  it('addresses entities by key-as-segment wherever parentheses work', async () => {
    expect((await f.get('/Products/3?$select=sku')).json()).toMatchObject({ sku: 'BK-1003', '@odata.context': expect.stringMatching(/#Products\(sku\)\/\$entity$/) })
    expect((await f.get('/Categories/GARDEN')).json()).toMatchObject({ code: 'GARDEN', name: 'Garden' })
    expect(values((await f.get('/Orders/1/lines?$orderby=lineNo')).body).map((l) => l.lineNo)).toEqual([1, 2])
    expect((await f.get('/Orders/1/lines/$count')).body).toBe('2')
    expect((await f.get('/Orders/1/customer?$select=email')).json()).toMatchObject({ email: 'ada@example.com' })
    expect((await f.get('/Products/1/name')).json()).toMatchObject({ value: 'The Left Hand of Darkness' })
    expect((await f.get('/Products/1/price/$value')).body).toBe('14.9')
    expect(values((await f.get('/Categories/BOOKS/children?$select=code&$orderby=code')).body).map((c) => c.code)).toEqual(['FICTION', 'SCIENCE'])
    expect((await f.get('/Products/Sales.Product/3?$select=sku')).json()).toMatchObject({ sku: 'BK-1003' })
    expect((await f.get('/Products/3/Sales.Product/name')).json()).toMatchObject({ value: 'A Brief History of Time' })
    expect((await f.get('/Products/Sales.Order')).json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_RESOURCE', target: 'Sales.Order' } })
    expect((await f.get('/Products/999')).statusCode).toBe(404)
    expect((await f.get('/Products/abc')).json()).toMatchObject({ error: { code: 'ODATA_BAD_KEY', target: 'id' } })
    const composite = await f.get('/OrderLines/1')
    expect(composite.statusCode).toBe(400)
    expect(composite.json()).toMatchObject({ error: { code: 'ODATA_BAD_KEY', message: expect.stringContaining('composite key') } })

    const created = await f.send('POST', '/Products', { body: { sku: 'SEG-1', name: 'Segment', price: 1, 'category@odata.bind': 'Categories/GARDEN' } })
    expect(created.statusCode, created.body).toBe(201)
    const id = String((created.json() as Json).id)
    expect((await f.send('PATCH', `/Products/${id}`, { body: { stock: 4 } })).statusCode).toBe(204)
    expect((await f.send('PUT', `/Products/${id}/category/$ref`, { body: { '@odata.id': `${root}/Categories/KITCHEN` } })).statusCode).toBe(204)
    expect((await f.send('POST', `/Products/${id}/tags/$ref`, { body: { '@odata.id': 'Tags/2' } })).statusCode).toBe(204)
    expect((await f.get(`/Products/${id}?$expand=category($select=code),tags($select=label)`)).json()).toMatchObject({ stock: 4, category: { code: 'KITCHEN' }, tags: [{ label: 'new' }] })
    expect((await f.send('DELETE', `/Products/${id}/tags/2/$ref`)).statusCode).toBe(204)
    expect((await f.send('DELETE', `/Products/${id}`)).statusCode).toBe(204)
    expect((await products('SEG-')).length).toBe(0)
  })

  it('narrows collections with /$filter path segments, chained and combined with options', async () => {
    expect(skus((await f.get(`/Products/$filter(${enc('price gt 20')})?$select=sku&$orderby=sku`)).body)).toEqual(['GD-2001', 'KT-3001', 'KT-3002'])
    expect(skus((await f.get(`/Products/$filter(${enc('price gt 20')})?$select=sku&$orderby=sku&$filter=${enc('price lt 50')}`)).body)).toEqual(['GD-2001', 'KT-3001'])
    const chained = `/Products/$filter(@p)/$filter(${enc("status eq Sales.ProductStatus'Active'")})/$count?@p=${enc("startswith(sku,'BK')")}`
    expect((await f.get(chained)).body).toBe('4')
    expect(values((await f.get(`/Orders(1)/lines/$filter(${enc('quantity gt 1')})`)).body).map((l) => l.lineNo)).toEqual([1])
    expect(values((await f.get(`/Orders/1/lines/$filter(${enc('quantity gt 1')})/$ref`)).body)).toEqual([{ '@odata.id': expect.stringMatching(/OrderLines\(orderId=1,lineNo=1\)$/) }])
    expect((await f.get(`/Categories/$filter(${enc("code eq 'GARDEN'")})/GARDEN?$select=name`)).json()).toMatchObject({ name: 'Garden' })
    expect((await f.get(`/Categories/$filter(${enc("code eq 'KITCHEN'")})/GARDEN`)).statusCode).toBe(404)
    const inExpression = `/Categories?$select=code&$orderby=code&$filter=${enc('products/$filter(price gt 20)/$count ge 1')}`
    expect(values((await f.get(inExpression)).body).map((c) => c.code)).toEqual(['GARDEN', 'KITCHEN'])
    const orders = async (filter: string) => values((await f.get(`/Orders?$select=id&$orderby=id&$filter=${enc(filter)}`)).body).map((o) => o.id)
    expect(await orders('lines/$filter(quantity gt 1)/any(l: l/unitPrice gt 10)')).toEqual([1])
    expect(await orders('lines/$filter(quantity gt 1)/all(l: l/unitPrice gt 20)')).toEqual([2, 3])
    expect(await orders('lines/$filter(unitPrice gt 40)/any()')).toEqual([2])
    const unknown = await f.get(`/Products/$filter(${enc('colour eq 1')})`)
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_PROPERTY', target: 'colour' } })
    const many = Array.from({ length: 80 }, (_, i) => `id eq ${i}`).join(' or ')
    expect((await f.get(`/Products/$filter(${enc(many)})`)).json()).toMatchObject({ error: { code: 'QUERY_LIMIT_EXCEEDED' } })
  })

  it('counts a searched collection in a common expression: /$count($search=…)', async () => {
    const codes = async (filter: string) => values((await f.get(`/Categories?$select=code&$orderby=code&$filter=${enc(filter)}`)).body).map((c) => c.code)
    expect(await codes('products/$count($search=BK) gt 2')).toEqual(['FICTION'])
    expect(await codes('products/$count($search=BK;$filter=price gt 15) ge 1')).toEqual(['SCIENCE'])
    expect(await codes('products/$count($search=pan OR knife) eq 2')).toEqual(['KITCHEN'])
    expect(await codes('products/$count($search=NOT BK) eq 0 and products/$count gt 0')).toEqual(['FICTION', 'SCIENCE'])
  })

  it('resolves an entity-id with $entity, applying $select and $expand', async () => {
    const r = await f.get(`/$entity?$id=${enc('Products(3)')}&$select=sku`)
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ sku: 'BK-1003', '@odata.context': expect.stringMatching(/#Products\(sku\)\/\$entity$/) })
    expect((await f.get(`/$entity?$id=${enc(`${root}/Categories/GARDEN`)}`)).json()).toMatchObject({ code: 'GARDEN' })
    expect((await f.get(`/$entity?$id=${enc(`${new URL(root).pathname}/Products(1)`)}&$select=sku`)).json()).toMatchObject({ sku: 'BK-1001' })
    const order = (await f.get(`/$entity?$id=${enc('Orders(1)')}&$expand=lines($select=lineNo;$orderby=lineNo)`)).json() as Json
    expect((order.lines as Json[]).map((l) => l.lineNo)).toEqual([1, 2])
    expect((await f.get(`/$entity/Sales.Product?$id=${enc('Products(3)')}&$select=sku`)).json()).toMatchObject({ sku: 'BK-1003' })
    expect((await f.get(`/$entity/Sales.Order?$id=${enc('Products(3)')}`)).statusCode).toBe(404)
    expect((await f.get(`/$entity?$id=${enc('Products(999)')}`)).statusCode).toBe(404)
    for (const id of ['http://elsewhere.example/odata/shop/v1/Products(1)', '/odata/other/v1/Products(1)', 'Products']) {
      const bad = await f.get(`/$entity?$id=${enc(id)}`)
      expect(bad.statusCode, id).toBe(400)
      expect(bad.json()).toMatchObject({ error: { code: 'ODATA_BAD_REFERENCE' } })
    }
    expect((await f.get('/$entity')).json()).toMatchObject({ error: { code: 'ODATA_BAD_REFERENCE', target: '$id' } })
    await refused('PATCH', `/$entity?$id=${enc('Products(1)')}`, 405, 'ODATA_METHOD_NOT_ALLOWED', { body: { name: 'renamed' } })
  })

  it('reads with the query options in a POST …/$query body', async () => {
    const plain = (path: string, body: string, query = '') => f.send('POST', `${path}/$query${query}`, { body, headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'text/plain' } })
    const r = await plain('/Products', `$filter=${enc('price gt 20')}&$select=sku&$orderby=sku`)
    expect(r.statusCode, r.body).toBe(200)
    expect(skus(r.body)).toEqual(['GD-2001', 'KT-3001', 'KT-3002'])
    expect(skus((await plain('/Products', `$orderby=${enc('sku desc')}&$select=sku\n`, '?$top=1')).body)).toEqual(['KT-3002'])
    expect((await plain('/Orders/1/lines', '$count=true&$top=0')).json()).toMatchObject({ '@odata.count': 2, value: [] })
    expect((await plain('/Products/$filter(@p)/$count', `@p=${enc('price gt 20')}`)).body).toBe('3')
    expect((await plain('/Products', '$top=2', '?$top=1')).json()).toMatchObject({ error: { code: 'ODATA_SYNTAX', message: expect.stringContaining('more than once') } })
    const json = await f.send('POST', '/Products/$query', { body: { filter: 'x' } })
    expect(json.statusCode).toBe(415)
    expect((await f.get('/Products/$query')).statusCode).toBe(405)
  })
})

describe.each(kinds)('OData set-based writes with $each on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    // A small maxTop: …/$each refuses to address more members than that.
    f = await openODataFixture(kind, { adapterConfig: { maxTop: 5 } })
    for (const sku of ['EACH-1', 'EACH-2', 'EACH-3']) expect((await f.send('POST', '/Products', { body: { sku, name: sku, price: 2, 'category@odata.bind': "Categories('GARDEN')" } })).statusCode).toBe(201)
  })
  afterAll(async () => {
    await f?.close()
  })

  const rows = async (prefix: string) => (await f.system.query({ entity: 'Catalog.Product', filter: skuStarts(prefix), orderBy: [{ expr: { kind: 'property', path: ['sku'] }, direction: 'asc' }] })).rows
  const state = async () => (await rows('')).map((p) => [p.sku, p.name, p.stock, p.status, p.version])
  const each = `/Products/$filter(${enc("startswith(sku,'EACH-')")})/$each`

  async function refused(method: string, path: string, status: number, code: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
    const before = await state()
    const categories = (await f.system.query({ entity: 'Catalog.Category', count: true, top: 0 })).count
    const r = await f.send(method, path, options)
    expect(r.statusCode, r.body).toBe(status)
    expect(r.json()).toMatchObject({ error: { code, message: expect.any(String) } })
    expect(await state()).toEqual(before)
    expect((await f.system.query({ entity: 'Catalog.Category', count: true, top: 0 })).count).toBe(categories)
  }

  it('updates each member of a filtered collection in one transaction', async () => {
    const others = (await state()).filter(([sku]) => !String(sku).startsWith('EACH-'))
    const r = await f.send('PATCH', each, { body: { stock: 7, status: 'Active' } })
    expect(r.statusCode, r.body).toBe(204)
    expect((await rows('EACH-')).map((p) => [p.sku, p.stock, p.status])).toEqual([
      ['EACH-1', 7, 'Active'],
      ['EACH-2', 7, 'Active'],
      ['EACH-3', 7, 'Active'],
    ])
    expect((await state()).filter(([sku]) => !String(sku).startsWith('EACH-'))).toEqual(others)
    const shown = await f.send('PATCH', `${each}?$select=sku,stock`, { body: { stock: 8 }, headers: { 'x-api-key': ADMIN_KEY, prefer: 'return=representation' } })
    expect(shown.statusCode, shown.body).toBe(200)
    expect(shown.headers['preference-applied']).toBe('return=representation')
    expect(shown.json()).toMatchObject({ '@odata.context': expect.stringMatching(/#Products$/), value: [{ sku: 'EACH-1', stock: 8 }, { sku: 'EACH-2', stock: 8 }, { sku: 'EACH-3', stock: 8 }] })
    const selected = await f.send('PATCH', `${each}?$select=stock`, { body: { stock: 9 } })
    expect(selected.json()).toMatchObject({ value: [{ stock: 9 }, { stock: 9 }, { stock: 9 }] })
    const minimal = await f.send('PATCH', `${each}?$select=stock`, { body: { stock: 8 }, headers: { 'x-api-key': ADMIN_KEY, prefer: 'return=minimal' } })
    expect(minimal.statusCode).toBe(204)
    expect(minimal.headers['preference-applied']).toBe('return=minimal')
    const clerk = await f.send('PATCH', `/Products/$filter(${enc("sku eq 'EACH-1' or sku eq 'EACH-2'")})/$each`, { body: { stock: 1 }, headers: { 'x-api-key': CLERK_KEY } })
    expect(clerk.statusCode, clerk.body).toBe(204)
    expect((await rows('EACH-')).map((p) => p.stock)).toEqual([1, 1, 8])
    expect((await f.send('PATCH', '/Orders/1/lines/$each', { body: { quantity: 3 } })).statusCode).toBe(204)
    expect((await f.system.query({ entity: 'Sales.OrderLine', filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['order'] }, right: { kind: 'literal', value: 1 } } })).rows.map((l) => l.quantity)).toEqual([3, 3])
  })

  it('changes nothing when one member fails or may not be changed', async () => {
    await refused('PATCH', each, 409, 'KERNEL_UNIQUE_VIOLATION', { body: { sku: 'EACH-SAME' } })
    await refused('PATCH', each, 422, 'KERNEL_VALIDATION', { body: { stock: -1 } })
    await refused('PATCH', each, 403, 'KERNEL_FORBIDDEN', { body: { name: 'renamed' }, headers: { 'x-api-key': CLERK_KEY } })
    await refused('PATCH', each, 403, 'KERNEL_FORBIDDEN', { body: { stock: 2 }, headers: { authorization: VIEWER_BASIC } })
    await refused('PATCH', each, 400, 'ODATA_UNKNOWN_PROPERTY', { body: { colour: 'red' } })
    await refused('PATCH', '/Tags/$each', 501, 'ODATA_NOT_IMPLEMENTED', { body: { products: [{ sku: 'X' }] } })
    await refused('DELETE', '/Tags/$each', 405, 'ODATA_METHOD_NOT_ALLOWED')
    await refused('GET', each, 405, 'ODATA_METHOD_NOT_ALLOWED')
    await refused('POST', each, 405, 'ODATA_METHOD_NOT_ALLOWED', { body: { sku: 'EACH-4' } })
    await refused('PATCH', '/Products(1)/$each', 404, 'ODATA_UNKNOWN_RESOURCE', { body: { stock: 1 } })
    await refused('PATCH', '/Products/$each/$count', 400, 'ODATA_SYNTAX', { body: { stock: 1 } })
    await refused('PATCH', '/Products/$each', 400, 'ODATA_LIMIT_EXCEEDED', { body: { stock: 1 } })
  })

  it('runs …/$each in a $batch atomicity group, rolled back with the group', async () => {
    const before = await state()
    const batch = {
      requests: [
        { id: '1', atomicityGroup: 'g', method: 'PATCH', url: each, body: { stock: 3 } },
        { id: '2', atomicityGroup: 'g', method: 'PATCH', url: 'Products(1)', headers: { 'if-match': 'W/"99"' }, body: { stock: 1 } },
        { id: '3', method: 'POST', url: 'Products/$query', headers: { 'content-type': 'text/plain' }, body: `$filter=${enc("startswith(sku,'EACH-')")}&$select=stock` },
      ],
    }
    const { responses } = (await f.send('POST', '/$batch', { body: batch, headers: { 'x-api-key': ADMIN_KEY, prefer: 'continue-on-error' } })).json() as { responses: Json[] }
    expect(responses.map((x) => x.status)).toEqual([424, 412, 200])
    expect(await state()).toEqual(before)
    expect((responses[2]?.body as { value: Json[] }).value.map((p) => p.stock)).toEqual((await rows('EACH-')).map((p) => p.stock))
  })

  it('deletes each member, all or nothing', async () => {
    for (const code of ['EMPTYA', 'FULLB']) expect((await f.send('POST', '/Categories', { body: { code, name: code } })).statusCode).toBe(201)
    expect((await f.send('POST', '/Products', { body: { sku: 'FULL-1', name: 'Full', price: 1, 'category@odata.bind': "Categories('FULLB')" } })).statusCode).toBe(201)
    const both = `/Categories/$filter(${enc("code eq 'EMPTYA' or code eq 'FULLB'")})/$each`
    await refused('DELETE', both, 409, 'KERNEL_DELETE_PREVENTED')
    expect(await f.system.findByKey('Catalog.Category', { code: 'EMPTYA' })).toBeDefined()
    await refused('DELETE', each, 403, 'KERNEL_FORBIDDEN', { headers: { 'x-api-key': CLERK_KEY } })
    const r = await f.send('DELETE', each)
    expect(r.statusCode, r.body).toBe(204)
    expect(await rows('EACH-')).toEqual([])
    expect((await rows('')).length).toBeGreaterThan(0)
  })
})
