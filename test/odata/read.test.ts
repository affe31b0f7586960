import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, openODataFixture, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>
const values = (body: string): Json[] => (JSON.parse(body) as { value: Json[] }).value
const enc = encodeURIComponent

describe.each(kinds)('OData reads on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => {
    await f?.close()
  })

  it('reads an entity set with the OData JSON control information', async () => {
    const r = await f.get('/Products?$select=sku,price&$orderby=sku&$top=2')
    expect(r.statusCode).toBe(200)
    expect(r.headers['odata-version']).toBe('4.01')
    expect(r.headers['content-type']).toContain('application/json;odata.metadata=minimal')
    const body = r.json() as Json
    expect(body['@odata.context']).toMatch(/\/odata\/shop\/v1\/\$metadata#Products\(sku,price\)$/)
    expect(body.value).toEqual([
      { '@odata.etag': 'W/"1"', sku: 'BK-1001', price: 14.9 },
      { '@odata.etag': 'W/"1"', sku: 'BK-1002', price: 12.5 },
    ])
  })

  it('reads by a single key, a string key and a composite key', async () => {
    const one = await f.get('/Products(3)?$select=sku')
    expect(one.statusCode).toBe(200)
    expect(one.headers.etag).toBe('W/"1"')
    expect(one.json()).toMatchObject({ sku: 'BK-1003', '@odata.context': expect.stringMatching(/#Products\(sku\)\/\$entity$/) })
    expect((await f.get(`/Categories(${enc("'GARDEN'")})`)).json()).toMatchObject({ code: 'GARDEN', name: 'Garden' })
    expect((await f.get('/OrderLines(orderId=1,lineNo=2)')).json()).toMatchObject({ orderId: 1, lineNo: 2, quantity: 1, productId: 3 })
    expect((await f.get('/OrderLines(lineNo=2,orderId=1)')).statusCode).toBe(200)
    expect((await f.get('/Products(@k)?$select=sku&@k=4')).json()).toMatchObject({ sku: 'BK-1004' })
  })

  it('answers 404 for a missing key and 400 for a malformed one', async () => {
    const missing = await f.get('/Products(999)')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ error: { code: 'KERNEL_NOT_FOUND' } })
    const wrongType = await f.get(`/Products(${enc("'x'")})`)
    expect(wrongType.statusCode).toBe(400)
    expect(wrongType.json()).toMatchObject({ error: { code: 'ODATA_BAD_KEY', target: 'id' } })
    expect((await f.get('/OrderLines(orderId=1)')).json()).toMatchObject({ error: { code: 'ODATA_BAD_KEY' } })
    expect((await f.get('/Nothing')).statusCode).toBe(404)
  })

  it('reads a property, its raw value, and navigations', async () => {
    expect((await f.get('/Products(1)/name')).json()).toMatchObject({ value: 'The Left Hand of Darkness' })
    const raw = await f.get('/Products(1)/price/$value')
    expect(raw.headers['content-type']).toContain('text/plain')
    expect(raw.body).toBe('14.9')
    expect(values((await f.get('/Orders(1)/lines?$orderby=lineNo desc')).body).map((l) => l.lineNo)).toEqual([2, 1])
    expect((await f.get('/Orders(1)/customer?$select=email')).json()).toMatchObject({ email: 'ada@example.com' })
    expect((await f.get('/Orders(1)/lines(orderId=1,lineNo=2)/product/name')).json()).toMatchObject({ value: 'A Brief History of Time' })
    expect(values((await f.get(`/Tags?$filter=label eq 'gift'&$expand=products($select=sku;$orderby=sku)`.replace(/ /g, '%20'))).body)[0]?.products).toHaveLength(3)
    expect(values((await f.get('/Products(10)/tags?$orderby=label')).body).map((t) => t.label)).toEqual(['gift', 'new'])
  })

  it('counts with /$count and $count=true', async () => {
    const count = await f.get(`/Products/$count?$filter=${enc('price gt 20')}`)
    expect(count.body).toBe('3')
    expect(count.headers['content-type']).toContain('text/plain')
    expect((await f.get('/Orders(1)/lines/$count')).body).toBe('2')
    const body = (await f.get(`/Products?$count=true&$top=1&$filter=${enc("status eq Sales.ProductStatus'Active'")}`)).json() as Json
    expect(body['@odata.count']).toBe(8)
    expect(body.value).toHaveLength(1)
  })

  it('filters with operators, functions, lambdas, navigation paths, aliases and enum literals', async () => {
    const skus = async (filter: string, extra = '') => values((await f.get(`/Products?$select=sku&$orderby=sku&$filter=${enc(filter)}${extra}`)).body).map((p) => p.sku)
    expect(await skus('price ge 20 and price lt 50')).toEqual(['GD-2001', 'KT-3001'])
    expect(await skus("startswith(sku,'BK') and not contains(tolower(name),'the')")).toEqual(['BK-1002', 'BK-1003', 'BK-1005'])
    expect(await skus("category/code in ('KITCHEN','SCIENCE')")).toEqual(['BK-1003', 'BK-1004', 'KT-3001', 'KT-3002'])
    expect(await skus('stock mul 2 add 1 gt 80 or round(price) eq 3')).toEqual(['GD-2001', 'GD-2002'])
    expect(await skus("tags/any(t: t/label eq 'eco') and tags/all(t: t/label ne 'gift')")).toEqual(['GD-2001', 'GD-2002'])
    expect(await skus('orderLines/any(l: l/order/lines/any(m: m/quantity ge 2))')).toEqual(['BK-1001', 'BK-1003'])
    expect(await skus('year(releasedOn) lt 1970 and releasedOn ne null')).toEqual(['BK-1001', 'BK-1002'])
    expect(await skus('price gt @p', '&@p=49')).toEqual(['KT-3002'])
    expect(await skus("status has Sales.ProductStatus'Retired'")).toEqual(['GD-2003'])
    expect(await skus("status eq 'Draft'")).toEqual(['BK-1005'])
    expect(await skus('tags/$count ge 2')).toEqual(['BK-1003', 'GD-2002', 'KT-3002'])
    expect(await skus('length(name) eq 7 and indexof(name,\'l\') eq 2')).toEqual(['BK-1002'])
    expect(await skus('cast(stock, Edm.Int64) gt 200')).toEqual(['GD-2002'])
    expect(await skus('category eq null')).toEqual([])
    expect((await skus('category ne null and price divby 2 gt 30'))).toEqual(['KT-3002'])
    expect(await skus('orderLines/$count($filter=quantity gt 1) gt 0')).toEqual(['BK-1001'])
    expect(await skus("price eq cast('49', Edm.Decimal) and isof(Sales.Product)")).toEqual(['KT-3001'])
    expect(await skus('isof(description, Edm.String)')).toEqual(['BK-1005'])
    expect(await skus("matchesPattern(name,'^[A-C]') and matchesPattern(sku,'\\d{4}$')")).toEqual(['BK-1003', 'KT-3001', 'KT-3002'])
    expect(await skus('matchesPattern(name,@p)', `&@p=${enc("'^The\\s'")}`)).toEqual(['BK-1001', 'BK-1004'])
    const cast = await f.get(`/Products?$filter=${enc('cast(name, Edm.Int32) eq 1')}`)
    expect(cast.statusCode).toBe(501)
    expect(cast.json()).toMatchObject({ error: { code: 'ODATA_NOT_IMPLEMENTED', target: 'cast' } })
  })

  it('filters and computes with duration literals and arithmetic', async () => {
    const numbers = async (filter: string, extra = '') => values((await f.get(`/Orders?$select=number&$orderby=number&$filter=${enc(filter)}${extra}`)).body).map((o) => o.number)
    expect(await numbers("orderedAt add duration'P8DT4H47M' eq 2026-11-10T14:02:00Z")).toEqual(['SO-0001'])
    expect(await numbers("orderedAt sub Duration'-PT0.5S' gt 2026-11-20T18:40:00Z")).toEqual(['SO-0003'])
    expect(await numbers("orderedAt sub 2026-11-02T09:15:00Z gt 'P7D'")).toEqual(['SO-0002', 'SO-0003'])
    expect(await numbers("orderedAt ge now() sub duration'P36500D' and orderedAt lt now() add 'P1D'")).toEqual(['SO-0001', 'SO-0002', 'SO-0003'])
    expect(await numbers('totalseconds(orderedAt sub 2026-11-02T00:00:00Z) eq 33300')).toEqual(['SO-0001'])
    expect(await numbers("-(orderedAt sub 2026-11-10T14:02:00Z) eq duration'P8DT4H47M'")).toEqual(['SO-0001'])
    expect(await numbers("(orderedAt sub 2026-11-01T00:00:00Z) div 2 lt duration'P5D'")).toEqual(['SO-0001', 'SO-0002'])
    expect(await numbers("(orderedAt sub 2026-11-01T00:00:00Z) in (duration'P1DT9H15M', 'P9DT14H2M')")).toEqual(['SO-0001', 'SO-0002'])
    expect(await numbers("orderedAt sub 2026-11-02T09:00:00Z eq cast('PT15M', Edm.Duration) and isof('P1D', Edm.Duration)")).toEqual(['SO-0001'])
    const sorted = values((await f.get(`/Orders?$select=number&$orderby=${enc('orderedAt sub 2026-11-15T00:00:00Z desc')}`)).body)
    expect(sorted.map((o) => o.number)).toEqual(['SO-0003', 'SO-0002', 'SO-0001'])
    const paged = (await f.get(`/Orders?$select=number&$orderby=${enc('orderedAt sub 2026-11-15T00:00:00Z desc')}`, { 'x-api-key': ADMIN_KEY, prefer: 'odata.maxpagesize=2' })).json() as Json
    const next = String(paged['@odata.nextLink'])
    const rest = (await f.get(next.slice(next.indexOf('/Orders')), { 'x-api-key': ADMIN_KEY, prefer: 'odata.maxpagesize=2' })).json() as Json
    expect((rest.value as Json[]).map((o) => o.number)).toEqual(['SO-0001'])
    const computed = values((await f.get(`/Orders?$compute=${enc("orderedAt sub 2026-11-01T00:00:00Z as age,orderedAt add duration'PT12H' as due")}&$select=number,age,due&$orderby=number&$filter=${enc("age lt 'P10D'")}`)).body)
    expect(computed).toMatchObject([
      { number: 'SO-0001', age: 'P1DT9H15M', due: '2026-11-02T21:15:00.000Z' },
      { number: 'SO-0002', age: 'P9DT14H2M', due: '2026-11-11T02:02:00.000Z' },
    ])
    const malformed = await f.get(`/Orders?$filter=${enc("orderedAt add duration'P1Y' gt now()")}`)
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ error: { code: 'ODATA_SYNTAX', message: expect.stringMatching(/duration'P1Y' is not a duration.*position 15/) } })
    const garbage = await f.get(`/Orders?$filter=${enc("orderedAt sub now() gt duration'xyz'")}`)
    expect(garbage.statusCode).toBe(400)
    expect(garbage.json()).toMatchObject({ error: { code: 'ODATA_SYNTAX', message: expect.stringContaining("duration'xyz' is not a duration") } })
    const plain = await f.get(`/Orders?$filter=${enc("orderedAt sub now() gt 'P1M'")}`)
    expect(plain.statusCode).toBe(400)
    expect(plain.json()).toMatchObject({ error: { code: 'QUERY_BAD_LITERAL', message: expect.stringContaining("'P1M' is not a duration") } })
    const number = await f.get(`/Orders?$filter=${enc('orderedAt sub 2026-11-01T00:00:00Z gt 5')}`)
    expect(number.statusCode).toBe(400)
    expect(number.json()).toMatchObject({ error: { code: 'QUERY_TYPE_MISMATCH', message: expect.stringContaining('(Duration)') } })
    expect((await f.get(`/Orders?$filter=${enc('orderedAt add 5 gt now()')}`)).json()).toMatchObject({ error: { code: 'QUERY_TYPE_MISMATCH', message: expect.stringContaining('DateTime add Duration') } })
  })

  it('counts a negative substring start from the end and refuses a negative length', async () => {
    const skus = async (filter: string) => values((await f.get(`/Products?$select=sku&$orderby=sku&$filter=${enc(filter)}`)).body).map((p) => p.sku)
    expect(await skus("substring(sku, -4) eq '1001'")).toEqual(['BK-1001'])
    expect(await skus("substring(sku, -4, 2) eq '30'")).toEqual(['KT-3001', 'KT-3002'])
    expect(await skus("substring(sku, -40, 2) eq 'KT'")).toEqual(['KT-3001', 'KT-3002'])
    const computed = values((await f.get(`/Products?$compute=${enc('substring(sku, -2) as tail')}&$select=tail&$filter=${enc("sku eq 'GD-2001'")}`)).body)
    expect(computed).toMatchObject([{ tail: '01' }])
    const negative = await f.get(`/Products?$filter=${enc("substring(sku, 1, -1) eq ''")}`)
    expect(negative.statusCode).toBe(400)
    expect(negative.json()).toMatchObject({ error: { code: 'QUERY_BAD_ARGUMENTS', target: 'substring', message: expect.stringContaining('must not be negative') } })
  })

  it('refuses unknown names, wrong types and unsupported functions naming them', async () => {
    const unknown = await f.get(`/Products?$filter=${enc('weight gt 1')}`)
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_PROPERTY', target: 'weight', message: expect.stringContaining("'weight'") } })
    const wrongType = await f.get(`/Products?$filter=${enc("price eq 'cheap'")}`)
    expect(wrongType.statusCode).toBe(400)
    expect(wrongType.json()).toMatchObject({ error: { code: 'QUERY_TYPE_MISMATCH' } })
    const syntax = await f.get(`/Products?$filter=${enc('price gt 5 andd stock lt 3')}`)
    expect(syntax.statusCode).toBe(400)
    expect(syntax.json()).toMatchObject({ error: { code: 'ODATA_SYNTAX', target: '$filter', message: expect.stringContaining('position 12') } })
    const pattern = await f.get(`/Products?$filter=${enc("matchesPattern(name,'(a)\\1')")}`)
    expect(pattern.statusCode).toBe(400)
    expect(pattern.json()).toMatchObject({ error: { code: 'QUERY_BAD_ARGUMENTS', target: 'matchesPattern', message: expect.stringContaining("'\\1' is not supported") } })
    expect((await f.get(`/Products?$filter=${enc("status eq Other.Kind'Active'")}`)).json()).toMatchObject({ error: { code: 'ODATA_BAD_LITERAL', target: 'Other.Kind' } })
    expect((await f.get('/Products?$select=nope')).json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_PROPERTY', target: 'nope' } })
    // An unknown function is a client error; a valid one that is not implemented is 501.
    const unknownFunction = await f.get(`/Products?$filter=${enc('shout(name) eq 1')}`)
    expect(unknownFunction.statusCode).toBe(400)
    expect(unknownFunction.json()).toMatchObject({ error: { code: 'ODATA_SYNTAX', target: '$filter' } })
    const notImplemented = await f.get(`/Products?$filter=${enc('geo.distance(a,b) lt 1')}`)
    expect(notImplemented.statusCode).toBe(501)
    expect(notImplemented.json()).toMatchObject({ error: { code: 'ODATA_NOT_SUPPORTED', target: '$filter', message: expect.stringContaining('geo.distance') } })
  })

  it('matches identifiers without case when nothing matches exactly, answering with the declared names', async () => {
    const exact = await f.get(`/Products?$select=sku,price&$filter=${enc('price gt 14')}&$orderby=sku`)
    const folded = await f.get(`/products?$select=SKU,Price&$filter=${enc('PRICE gt 14')}&$orderby=Sku`)
    expect(folded.statusCode, folded.body).toBe(200)
    expect(folded.json()).toEqual(exact.json())
    expect((folded.json() as Json)['@odata.context']).toMatch(/#Products\(sku,price\)$/)
    const lines = await f.get('/orders(1)/LINES?$select=lineNo&$expand=PRODUCT($select=SKU)')
    expect(values(lines.body)[0]).toMatchObject({ lineNo: 1, product: { sku: expect.any(String) } })
    expect((await f.get('/OPENORDERS?$select=number')).statusCode).toBe(200)
    expect((await f.get('/Products(1)/NAME')).json()).toMatchObject({ value: 'The Left Hand of Darkness' })
    expect((await f.get('/Produkte')).statusCode).toBe(404)
  })

  it('compares entities structurally: navigations and $root entities by key', async () => {
    const numbers = async (filter: string) => {
      const r = await f.get(`/Orders?$select=number&$orderby=number&$filter=${enc(filter)}`)
      expect(r.statusCode, r.body).toBe(200)
      return values(r.body).map((o) => o.number)
    }
    const ada = (await f.system.findByUnique('Sales.Customer', 'email', 'ada@example.com'))?.id as number
    const byCustomer = await numbers(`customer/id eq ${ada}`)
    expect(byCustomer.length).toBeGreaterThan(0)
    expect(await numbers(`customer eq $root/Customers(${ada})`)).toEqual(byCustomer)
    expect(await numbers(`customer ne $root/Customers(${ada})`)).toEqual(await numbers(`customer/id ne ${ada}`))
    const fiction = values((await f.get(`/Products?$select=sku&$orderby=sku&$filter=${enc("category eq $root/Categories('FICTION')")}`)).body).map((p) => p.sku)
    expect(fiction).toEqual(values((await f.get(`/Products?$select=sku&$orderby=sku&$filter=${enc("category/code eq 'FICTION'")}`)).body).map((p) => p.sku))
    expect(values((await f.get(`/Products?$select=sku&$filter=${enc('$it eq $root/Products(2)')}`)).body)).toEqual([expect.objectContaining({ sku: 'BK-1002' })])
    const otherSet = await f.get(`/Products?$filter=${enc("category eq $root/Customers(1)")}`)
    expect(otherSet.statusCode).toBe(400)
    expect(otherSet.json()).toMatchObject({ error: { code: 'QUERY_TYPE_MISMATCH', message: expect.stringContaining('Categories with an entity of Customers') } })
    expect((await f.get(`/Products?$filter=${enc("category lt $root/Categories('FICTION')")}`)).statusCode).toBe(400)
    expect((await f.get(`/Products?$filter=${enc('price gt $root/Products(2)/price')}`)).statusCode).toBe(501)
    expect((await f.get(`/Products?$filter=${enc('category eq $root/Nothing(1)')}`)).json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_RESOURCE' } })
  })

  it('resolves parameter aliases assigned inside $expand options in their scope', async () => {
    const expanded = (query: string) => f.get(`/Orders?$select=number&$orderby=number&${query}`)
    const literal = await expanded(`$expand=${enc('lines($filter=quantity ge 2;$select=lineNo,quantity)')}`)
    const nested = await expanded(`$expand=${enc('lines($filter=quantity ge @q;@q=2;$select=lineNo,quantity)')}&@q=100`)
    expect(nested.statusCode, nested.body).toBe(200)
    expect(values(nested.body)).toEqual(values(literal.body))
    expect(values(literal.body).some((o) => (o.lines as Json[]).length > 0)).toBe(true)
    // Outside the expand options the top-level alias holds.
    const outer = await expanded(`$filter=${enc('total gt @q')}&$expand=${enc('lines($filter=quantity ge @q;@q=2)')}&@q=100000`)
    expect(values(outer.body)).toEqual([])
    const twice = await expanded(`$expand=${enc('lines(@q=1;@q=2)')}`)
    expect(twice.statusCode).toBe(400)
    expect(twice.json()).toMatchObject({ error: { code: 'ODATA_SYNTAX', target: '$expand' } })
  })

  it('selects, expands with nested options and levels, and orders over navigations', async () => {
    const orders = values((await f.get(`/Orders?$select=number&$orderby=${enc('customer/name desc,number')}&$expand=${enc('customer($select=name),lines($filter=quantity ge 1;$orderby=lineNo desc;$top=1;$count=true;$expand=product($select=sku))')}`)).body)
    expect(orders.map((o) => o.number)).toEqual(['SO-0002', 'SO-0001', 'SO-0003'])
    expect(orders[1]).toMatchObject({ customer: { name: 'Ada Lovelace' }, 'lines@odata.count': 2, lines: [{ lineNo: 2, product: { sku: 'BK-1003' } }] })
    const tree = (await f.get(`/Categories('BOOKS')?$select=code&$expand=${enc('children($select=code;$levels=2)')}`)).json() as Json
    expect((tree.children as Json[]).map((c) => c.code).sort()).toEqual(['FICTION', 'SCIENCE'])
    const refs = (await f.get('/Orders(1)?$select=number&$expand=lines/$ref')).json() as Json
    expect(refs.lines).toEqual([{ '@odata.id': expect.stringMatching(/OrderLines\(orderId=1,lineNo=1\)$/) }, { '@odata.id': expect.stringMatching(/OrderLines\(orderId=1,lineNo=2\)$/) }])
    const counted = (await f.get('/Orders(1)?$select=number&$expand=lines/$count')).json() as Json
    expect(counted['lines@odata.count']).toBe(2)
  })

  it('searches the exposed text properties', async () => {
    const skus = async (search: string) => values((await f.get(`/Products?$select=sku&$orderby=sku&$search=${enc(search)}`)).body).map((p) => p.sku)
    expect(await skus('the')).toEqual(['BK-1001', 'BK-1004'])
    expect(await skus('THE selfish')).toEqual(['BK-1004'])
    expect(await skus('"brief history" OR pan')).toEqual(['BK-1003', 'KT-3001'])
    expect(await skus('seeds NOT tomato')).toEqual([])
    const nested = (await f.get(`/Categories('FICTION')?$select=code&$expand=${enc('products($search=darkness;$select=sku,double;$compute=price mul 2 as double)')}`)).json() as Json
    expect(nested.products).toEqual([{ '@odata.etag': 'W/"1"', sku: 'BK-1001', double: 29.8 }])
  })

  it('aggregates with $apply and computes with $compute', async () => {
    const groups = values((await f.get(`/Products?$apply=${enc('filter(status ne \'Draft\')/groupby((category/code),aggregate(price with sum as total,price with max as top,$count as n))')}&$orderby=${enc('total desc')}&$top=2`)).body)
    expect(groups).toEqual([
      { '@odata.id': null, category: { code: 'KITCHEN' }, total: 128.9, top: 79.9, n: 2 },
      { '@odata.id': null, category: { code: 'GARDEN' }, total: 46.7, top: 24, n: 3 },
    ])
    const all = values((await f.get(`/Products?$apply=${enc('aggregate(stock with average as avgStock,category/code with countdistinct as categories)')}`)).body)
    expect(all).toEqual([{ '@odata.id': null, avgStock: 41, categories: 4 }])
    const top = values((await f.get(`/Products?$apply=${enc('topcount(2,price)')}&$select=sku`)).body)
    expect(top.map((p) => p.sku)).toEqual(['KT-3002', 'KT-3001'])
    const having = values((await f.get(`/Products?$apply=${enc('groupby((status),aggregate($count as n))/filter(n gt 1)')}`)).body)
    expect(having).toEqual([{ '@odata.id': null, status: 'Active', n: 8 }])
    const computed = values((await f.get(`/Products?$compute=${enc('price mul stock as worth')}&$select=sku,worth&$filter=${enc('worth gt 900')}&$orderby=${enc('worth desc')}`)).body)
    expect(computed.map((p) => [p.sku, p.worth])).toEqual([['GD-2001', 960], ['GD-2002', 960]])
  })

  it('pages server-side with a stable keyset next link', async () => {
    const first = (await f.get('/Products?$select=sku&$orderby=price desc', { 'x-api-key': ADMIN_KEY, prefer: 'odata.maxpagesize=3' }))
    expect(first.headers['preference-applied']).toBe('odata.maxpagesize=3')
    const page1 = first.json() as Json
    expect((page1.value as Json[]).map((p) => p.sku)).toEqual(['KT-3002', 'KT-3001', 'GD-2001'])
    await f.system.create('Catalog.Product', { sku: 'ZZ-1', name: 'Inserted between pages', price: 100, status: 'Active' })
    const served = await f.system.findByKey('Catalog.Product', { sku: 'GD-2001' })
    await f.system.delete('Catalog.Product', served?.id as number)
    const next = String(page1['@odata.nextLink'])
    expect(next).toContain('$skiptoken=')
    const page2 = (await f.get(next.slice(next.indexOf('/Products')), { 'x-api-key': ADMIN_KEY, prefer: 'odata.maxpagesize=3' })).json() as Json
    expect((page2.value as Json[]).map((p) => p.sku)).toEqual(['GD-2003', 'BK-1003', 'BK-1004'])
    const limited = (await f.get('/Products?$select=sku&$orderby=sku&$top=4', { 'x-api-key': ADMIN_KEY, prefer: 'maxpagesize=3' })).json() as Json
    const rest = (await f.get(String(limited['@odata.nextLink']).replace(/^.*\/odata\/shop\/v1/, ''), { 'x-api-key': ADMIN_KEY, prefer: 'maxpagesize=3' })).json() as Json
    expect((rest.value as Json[]).length).toBe(1)
    expect(rest['@odata.nextLink']).toBeUndefined()
    expect((await f.get('/Products?$skiptoken=garbage')).json()).toMatchObject({ error: { code: 'ODATA_BAD_SKIPTOKEN' } })
  })
})
