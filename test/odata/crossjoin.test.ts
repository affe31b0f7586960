import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Row } from '../../src/kernel/index.js'
import { databaseKinds } from '../support/databases.js'
import { CLERK_KEY, openODataFixture, VIEWER_BASIC, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>
const enc = encodeURIComponent
const viewer = { authorization: VIEWER_BASIC }
const clerk = { 'x-api-key': CLERK_KEY }

describe.each(kinds)('OData $crossjoin and $all on %s', (kind) => {
  let f: ODataFixture
  /** SQL that touched the app's data (identity lookups for authentication do not count). */
  let dataSql: string[] = []
  beforeAll(async () => {
    f = await openODataFixture(kind, { adapterConfig: { maxTop: 50 } })
    const driver = f.runtime.store.driver
    const execute = driver.execute.bind(driver)
    vi.spyOn(driver, 'execute').mockImplementation((sql, params) => {
      if (!/portico_(user|api_key)/.test(sql)) dataSql.push(sql)
      return execute(sql, params)
    })
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await f?.close()
  })

  const all = async (entity: string, select?: string[]): Promise<Row[]> => (await f.system.query({ entity, ...(select ? { select } : {}), top: 1000 })).rows
  const body = async (path: string, headers?: Record<string, string>): Promise<Json> => {
    const r = await f.get(path, headers)
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as Json
  }
  /** Every row of a paged answer, following the next links. */
  async function pages(path: string, headers: Record<string, string> = {}, between?: () => Promise<void>): Promise<{ rows: Json[]; pages: number }> {
    const rows: Json[] = []
    let next: string | undefined = path
    let count = 0
    while (next) {
      const page = await body(next, headers)
      rows.push(...(page.value as Json[]))
      count++
      next = page['@odata.nextLink'] === undefined ? undefined : (page['@odata.nextLink'] as string).replace(/^.*\/odata\/shop\/v1/, '')
      if (between && count === 1) await between()
    }
    return { rows, pages: count }
  }

  it('advertises cross joins in $metadata', async () => {
    const xml = (await f.get('/$metadata')).body
    expect(xml).toMatch(/<EntityContainer[\s\S]*<Annotation Term="Capabilities.CrossJoinSupported" Bool="true"\/>/)
    const json = (await f.get('/$metadata?$format=json')).json() as Record<string, Record<string, unknown>>
    const container = Object.values(json).find((v) => typeof v === 'object' && v !== null && Object.values(v).some((x) => (x as Json)?.$Kind === 'EntityContainer'))
    expect(JSON.stringify(container)).toContain('"@Capabilities.CrossJoinSupported":true')
  })

  it('cross joins entity sets with a filter across them, navigation links and expanded entities', async () => {
    const products = await all('Catalog.Product', ['id', 'name', 'category'])
    const categories = await all('Catalog.Category', ['id', 'code', 'name'])
    const codeOf = new Map(categories.map((c) => [c.id, c.code as string]))
    const expected = products
      .filter((p) => p.category !== null)
      .map((p) => ({ name: p.name as string, code: codeOf.get(p.category) as string }))
      .sort((a, b) => (a.code < b.code ? 1 : a.code > b.code ? -1 : a.name < b.name ? -1 : 1))
    const filter = enc('Products/category eq Categories/id')
    const page = await body(`/$crossjoin(Products,Categories)?$filter=${filter}&$expand=${enc('Products($select=name),Categories')}&$orderby=${enc('Categories/code desc,Products/name')}&$count=true`)
    expect(page['@odata.context']).toMatch(/\/odata\/shop\/v1\/\$metadata#Collection\(Edm\.ComplexType\)$/)
    expect(page['@odata.count']).toBe(expected.length)
    const rows = page.value as Json[]
    expect(rows.map((r) => ({ name: (r.Products as Json).name, code: (r.Categories as Json).code }))).toEqual(expected)
    const [first] = rows as [Json]
    expect(Object.keys(first.Products as Json).sort()).toEqual(['@odata.etag', '@odata.id', 'name'])
    expect((first.Products as Json)['@odata.id']).toMatch(/\/odata\/shop\/v1\/Products\(\d+\)$/)
    expect(first.Categories).toMatchObject({ '@odata.id': expect.stringMatching(/Categories\('[A-Z]+'\)$/), code: expect.any(String), name: expect.any(String) })
    // Expands nest inside an expanded set.
    const nested = await body(`/$crossjoin(Products,Categories)?$filter=${filter}&$expand=${enc('Products($select=sku;$expand=tags($select=label))')}&$orderby=${enc('Products/sku')}&$top=1`)
    expect((nested.value as Json[])[0]).toMatchObject({ Products: { sku: 'BK-1001', tags: [{ label: 'bestseller' }] }, 'Categories@odata.navigationLink': "Categories('FICTION')" })

    // Sets that are not expanded are navigation links; lambdas and navigation paths work across sets.
    const tagged = await body(`/$crossjoin(Products,Tags)?$filter=${enc("Products/tags/any(t: t/id eq Tags/id) and Products/category/code eq 'SCIENCE'")}&$orderby=${enc('Tags/label,Products/name')}`)
    const tags = new Map((await all('Catalog.Tag', ['id', 'label'])).map((t) => [t.id, t.label]))
    const withTags = await f.system.query({ entity: 'Catalog.Product', select: ['id', 'name', 'category'], expand: [{ navigation: 'tags', query: { select: ['id'] } }] })
    const science = withTags.rows.filter((p) => codeOf.get(p.category) === 'SCIENCE')
    const pairs = science
      .flatMap((p) => (p.tags as Row[]).map((t) => ({ product: p.id as number, name: p.name as string, label: tags.get(t.id) as string, tag: t.id })))
      .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.name < b.name ? -1 : 1))
    expect(pairs.length).toBeGreaterThan(0)
    expect(tagged.value).toEqual(pairs.map((p) => ({ 'Products@odata.navigationLink': `Products(${p.product})`, 'Tags@odata.navigationLink': `Tags(${p.tag})` })))
    // Without a filter every combination is a row.
    const cartesian = await body('/$crossjoin(Categories,Tags)?$count=true&$top=0')
    expect(cartesian['@odata.count']).toBe(categories.length * tags.size)
  })

  it('pages a cross join with a stable keyset next link, neither skipping nor repeating rows', async () => {
    const products = await all('Catalog.Product', ['id'])
    const categories = await all('Catalog.Category', ['id', 'code'])
    const key = (r: Json) => `${r['Products@odata.navigationLink']}|${r['Categories@odata.navigationLink']}`
    const path = `/$crossjoin(Products,Categories)?$orderby=${enc('Categories/name desc')}`
    let added = 0
    const { rows, pages: count } = await pages(path, { prefer: 'odata.maxpagesize=7' }, async () => {
      // A category created after the first page: its rows appear later or not at all, but nothing shifts.
      await f.system.create('Catalog.Category', { code: 'ZZ_NEW', name: 'AAA new' })
      added = products.length
    })
    expect(count).toBeGreaterThan(2)
    expect(new Set(rows.map(key)).size).toBe(rows.length)
    const expected = products.flatMap((p) => categories.map((c) => `Products(${p.id})|Categories('${c.code}')`))
    expect(rows.map(key)).toEqual(expect.arrayContaining(expected))
    expect(rows.length).toBe(expected.length + added)
    await f.system.delete('Catalog.Category', (await f.system.findByUnique('Catalog.Category', 'code', 'ZZ_NEW'))?.id as number)

    // $top across pages: exactly that many rows; $skip before the first page.
    const topped = await pages(`${path}&$top=9`, { prefer: 'odata.maxpagesize=4' })
    expect(topped.rows.map(key)).toEqual(rows.slice(0, 9).map(key))
    expect(topped.pages).toBe(3)
    const skipped = await body(`${path}&$skip=5&$top=3`)
    expect((skipped.value as Json[]).map(key)).toEqual(rows.slice(5, 8).map(key))
  })

  it('applies the caller’s read rights to every set of a cross join', async () => {
    const expanded = await body(`/$crossjoin(Products,Categories)?$filter=${enc('Products/category eq Categories/id')}&$expand=Products`, viewer)
    const products = (expanded.value as Json[]).map((r) => r.Products as Json)
    expect(products.length).toBeGreaterThan(0)
    for (const p of products) {
      expect(p).toHaveProperty('name')
      expect(p).not.toHaveProperty('stock')
      expect(p).not.toHaveProperty('weightKg')
    }
    const hidden = await f.get(`/$crossjoin(Products,Categories)?$filter=${enc('Products/stock gt 1')}`, viewer)
    expect(hidden.statusCode).toBe(403)
    expect(hidden.json()).toMatchObject({ error: { code: 'KERNEL_FORBIDDEN', target: 'stock' } })
    const forbidden = await f.get('/$crossjoin(Products,Orders)', viewer)
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json()).toMatchObject({ error: { code: 'KERNEL_FORBIDDEN', target: 'Sales.Order' } })
    // A clerk reads orders and customers, and a product's stock.
    const orders = await body(`/$crossjoin(Orders,Customers)?$filter=${enc('Orders/customer eq Customers/id and Orders/lines/$count ge 2')}&$expand=${enc('Customers($select=email)')}&$count=true`, clerk)
    const withLines = await f.system.query({ entity: 'Sales.Order', filter: { kind: 'compare', op: 'ge', left: { kind: 'count', path: ['lines'] }, right: { kind: 'literal', value: 2 } }, count: true, top: 0 })
    expect(withLines.count).toBeGreaterThan(0)
    expect(orders['@odata.count']).toBe(withLines.count)
    expect((orders.value as Json[]).every((r) => typeof (r.Customers as Json).email === 'string')).toBe(true)
    expect(await body(`/$crossjoin(Products,Tags)?$filter=${enc('Products/stock gt 1')}&$top=1`, clerk)).toHaveProperty('value')
  })

  it('refuses bad cross joins with a clear error, before any SQL', async () => {
    /** `status` undefined: not implemented, 400 or 501 (the status is changing to 501). */
    async function refused(path: string, status: number, code: string, target?: string, method = 'GET') {
      dataSql = []
      const r = await f.send(method, path)
      expect(r.statusCode, r.body).toBe(status)
      expect(r.json()).toMatchObject({ error: { code, ...(target ? { target } : {}) } })
      expect(dataSql).toEqual([])
      return (r.json() as { error: { message: string } }).error.message
    }
    expect(await refused('/$crossjoin(Products,Nothing)', 404, 'ODATA_UNKNOWN_RESOURCE', 'Nothing')).toContain('Nothing is not an entity set')
    expect(await refused('/$crossjoin(Products,Products)', 400, 'QUERY_BAD_ARGUMENTS', 'Products')).toContain('twice')
    expect(await refused(`/$crossjoin(Products,Categories)?$filter=${enc("name eq 'x'")}`, 400, 'ODATA_UNKNOWN_PROPERTY', 'name')).toContain(
      'does not start with an entity set of the cross join (Products, Categories)',
    )
    await refused(`/$crossjoin(Products,Categories)?$orderby=${enc('Products/nothing')}`, 400, 'ODATA_UNKNOWN_PROPERTY', 'nothing')
    await refused(`/$crossjoin(Products,Categories)?$filter=${enc('Products/name eq Categories/id')}`, 400, 'QUERY_TYPE_MISMATCH')
    await refused(`/$crossjoin(Products,Categories)?$expand=Orders`, 400, 'ODATA_UNKNOWN_PROPERTY', 'Orders')
    expect(await refused('/$crossjoin(Products,Categories,Tags,Orders,Customers)', 400, 'QUERY_LIMIT_EXCEEDED')).toContain('at most 4')
    await refused('/$crossjoin(Products,Categories)?$top=51', 400, 'ODATA_LIMIT_EXCEEDED', '$top')
    await refused('/$crossjoin(Products,Categories)', 405, 'ODATA_METHOD_NOT_ALLOWED', 'POST', 'POST')
    await refused('/$crossjoin(Products,Categories)/$count', 501, 'ODATA_NOT_SUPPORTED')
    await refused(`/$crossjoin(Products,Categories)?$filter=${enc('isof(Sales.Product)')}`, 501, 'ODATA_NOT_IMPLEMENTED', 'isof')
    await refused('/$crossjoin(Products,Categories)?$select=Products/name', 501, 'ODATA_NOT_IMPLEMENTED', '$select')
    await refused(`/$crossjoin(Products,Categories)?$expand=${enc('Products($filter=stock gt 1)')}`, 501, 'ODATA_NOT_IMPLEMENTED', '$expand')
  })

  it('reads $all: every entity the caller may read, typed, with ids and etags, paged across sets', async () => {
    const sets: [string, string, string][] = [
      ['Products', 'Product', 'Catalog.Product'],
      ['Categories', 'Category', 'Catalog.Category'],
      ['Tags', 'Tag', 'Catalog.Tag'],
      ['Customers', 'Customer', 'Sales.Customer'],
      ['Orders', 'Order', 'Sales.Order'],
      ['OrderLines', 'OrderLine', 'Sales.OrderLine'],
    ]
    const counts = await Promise.all(sets.map(async ([, , entity]) => (await all(entity, ['id'])).length))
    const total = counts.reduce((a, b) => a + b, 0)
    const first = await body('/$all?$count=true', { prefer: 'odata.maxpagesize=7' })
    expect(first['@odata.context']).toMatch(/\$metadata#Collection\(Edm\.EntityType\)$/)
    expect(first['@odata.count']).toBe(total)
    const { rows } = await pages('/$all', { prefer: 'odata.maxpagesize=7' })
    expect(rows.length).toBe(total)
    expect(new Set(rows.map((r) => r['@odata.id'])).size).toBe(total)
    const types = rows.map((r) => (r['@odata.type'] as string).replace(/^#\w+\./, ''))
    expect([...new Set(types)]).toEqual(sets.map(([, type]) => type))
    for (const r of rows) {
      expect(r['@odata.id']).toMatch(/\/odata\/shop\/v1\/\w+\(.+\)$/)
      expect(r['@odata.etag']).toMatch(/^W\/"\d+"$/)
    }
    const product = rows.find((r) => (r['@odata.type'] as string).endsWith('.Product')) as Json
    expect(product).toHaveProperty('stock')

    // A viewer sees only the sets it may read, and only their readable members.
    const seen = await pages('/$all', viewer)
    expect([...new Set(seen.rows.map((r) => (r['@odata.type'] as string).replace(/^#\w+\./, '')))]).toEqual(['Product', 'Category', 'Tag'])
    expect(seen.rows.length).toBe(counts[0]! + counts[1]! + counts[2]!)
    for (const r of seen.rows.filter((x) => (x['@odata.type'] as string).endsWith('.Product'))) expect(r).not.toHaveProperty('stock')

    // $top and $skip count across sets, in the same order.
    const window = await body('/$all?$skip=8&$top=6')
    expect((window.value as Json[]).map((r) => r['@odata.id'])).toEqual(rows.slice(8, 14).map((r) => r['@odata.id']))
  })

  it('filters and searches $all per set, and restricts it with a type cast', async () => {
    const products = await all('Catalog.Product', ['id', 'price', 'name'])
    const namespace = ((await body('/$all?$top=1')).value as Json[])[0]!['@odata.type'] as string
    const ns = namespace.replace(/^#/, '').replace(/\.\w+$/, '')
    const dear = products.filter((p) => (p.price as number) > 15).map((p) => p.id)
    const cast = await body(`/$all/${ns}.Product?$filter=${enc('price gt 15')}&$select=name&$orderby=${enc('price desc')}`)
    expect(cast['@odata.context']).toMatch(new RegExp(`\\$metadata#Collection\\(${ns}\\.Product\\)$`))
    expect((cast.value as Json[]).map((r) => r['@odata.id'])).toEqual(
      products
        .filter((p) => (p.price as number) > 15)
        .sort((a, b) => (b.price as number) - (a.price as number))
        .map((p) => expect.stringMatching(new RegExp(`Products\\(${p.id}\\)$`))),
    )
    expect(Object.keys((cast.value as Json[])[0]!).sort()).toEqual(['@odata.etag', '@odata.id', '@odata.type', 'name'])
    // Without a cast, sets without a price contribute nothing; isof picks one type.
    const priced = await body(`/$all?$filter=${enc('price gt 15')}`)
    expect((priced.value as Json[]).map((r) => r.id)).toEqual(dear)
    const typed = await body(`/$all?$filter=${enc(`isof(${ns}.Tag)`)}&$count=true`)
    expect(typed['@odata.count']).toBe((await all('Catalog.Tag')).length)
    // $search looks into each set's text properties.
    const garden = await body('/$all?$search=garden')
    const ids = (garden.value as Json[]).map((r) => r['@odata.id'] as string)
    expect(ids.some((id) => id.endsWith("Categories('GARDEN')"))).toBe(true)
    for (const r of garden.value as Json[]) expect(JSON.stringify(r).toLowerCase()).toContain('garden')
    // Bad input.
    expect((await f.get(`/$all/${ns}.Nothing`)).json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_RESOURCE', target: `${ns}.Nothing` } })
    expect((await f.get(`/$all?$filter=${enc('nothing eq 1')}`)).json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_PROPERTY' } })
    expect((await f.get('/$all?$orderby=id')).json()).toMatchObject({ error: { code: 'ODATA_NOT_IMPLEMENTED', target: '$orderby' } })
    expect((await f.send('DELETE', '/$all')).statusCode).toBe(405)
  })
})
