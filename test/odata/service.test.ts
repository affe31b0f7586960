import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { listenExample } from './client-support.js'
import { ADMIN_KEY, openODataFixture, VIEWER_BASIC, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>
const admin = (headers: Record<string, string> = {}) => ({ 'x-api-key': ADMIN_KEY, ...headers })

describe.each(kinds)('the OData service document, metadata and headers on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => {
    await f?.close()
  })

  it('serves the service document and lists the contract', async () => {
    const r = await f.get('/')
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ value: expect.arrayContaining([{ name: 'Products', kind: 'EntitySet', url: 'Products' }]) })
    const contracts = (await f.runtime.http.inject({ method: 'GET', url: '/contracts' })).json() as Json[]
    expect(contracts).toContainEqual(expect.objectContaining({ kind: 'odata', name: 'shop', version: '1.0.0', document: expect.stringMatching(/\/odata\/shop\/v1\/\$metadata$/) }))
  })

  it('serves $metadata as CSDL XML with types, keys, navigation and capabilities', async () => {
    const r = await f.get('/$metadata', admin({ accept: 'application/xml' }))
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toContain('application/xml')
    const xml = r.body
    expect(xml).toContain('<edmx:Edmx Version="4.01"')
    expect(xml).toContain('<Schema Namespace="Sales"')
    expect(xml).toContain('<EnumType Name="OrderStatus"><Member Name="Open" Value="0"/>'.slice(0, 29))
    expect(xml).toContain('<Property Name="price" Type="Edm.Decimal" Nullable="false" Precision="10" Scale="2"/>')
    expect(xml).toContain('<Property Name="sku" Type="Edm.String" Nullable="false" MaxLength="32"/>')
    expect(xml).toContain('<Property Name="orderedAt" Type="Edm.DateTimeOffset" Nullable="false" Precision="3"/>')
    expect(xml).toContain('<Property Name="status" Type="Sales.ProductStatus" Nullable="false" DefaultValue="Draft"/>')
    expect(xml).toContain('<Key><PropertyRef Name="orderId"/><PropertyRef Name="lineNo"/></Key>')
    expect(xml).toContain('<NavigationProperty Name="lines" Type="Collection(Sales.OrderLine)" Partner="order"/>')
    expect(xml).toContain('<NavigationPropertyBinding Path="category" Target="Categories"/>')
    expect(xml).toMatch(/<EntitySet Name="Tags"[\s\S]*?<Annotation Term="Capabilities.DeleteRestrictions"><Record><PropertyValue Property="Deletable" Bool="false"\/><\/Record><\/Annotation>/)
    const old = await f.get('/$metadata', admin({ 'odata-maxversion': '4.0' }))
    expect(old.headers['odata-version']).toBe('4.0')
    expect(old.body).toContain('<edmx:Edmx Version="4.0"')
  })

  it('serves $metadata as CSDL JSON', async () => {
    const r = await f.get('/$metadata?$format=json')
    expect(r.headers['content-type']).toContain('application/json')
    const doc = r.json() as Record<string, Record<string, Record<string, unknown>>>
    expect(doc.$Version).toBe('4.01')
    expect(doc.Sales?.Product).toMatchObject({ $Kind: 'EntityType', $Key: ['id'], price: { $Type: 'Edm.Decimal', $Precision: 10, $Scale: 2 }, description: { $Nullable: true } })
    expect(doc.Sales?.Container?.Products).toMatchObject({ $Collection: true, $Type: 'Sales.Product', '@Capabilities.InsertRestrictions': { Insertable: true } })
    expect((await f.get('/$metadata', admin({ accept: 'application/json' }))).headers['content-type']).toContain('application/json')
  })

  it('negotiates the protocol version, metadata level and number format', async () => {
    expect((await f.get('/Products(1)?$select=id', admin({ 'odata-maxversion': '4.0' }))).headers['odata-version']).toBe('4.0')
    const tooOld = await f.get('/Products(1)', admin({ 'odata-maxversion': '3.0' }))
    expect(tooOld.statusCode).toBe(400)
    expect(tooOld.json()).toMatchObject({ error: { code: 'ODATA_VERSION_NOT_SUPPORTED', target: 'OData-MaxVersion' } })
    const full = (await f.get('/Products(1)?$select=price', admin({ accept: 'application/json;odata.metadata=full' }))).json() as Json
    expect(full).toMatchObject({ '@odata.type': '#Sales.Product', '@odata.id': expect.stringMatching(/Products\(1\)$/), '@odata.editLink': 'Products(1)', 'price@odata.type': '#Decimal', 'category@odata.navigationLink': 'Products(1)/category' })
    const none = (await f.get('/Products(1)?$select=price&$format=application/json;odata.metadata=none')).json() as Json
    expect(none).toEqual({ price: 14.9 })
    const strings = await f.get('/Products(1)?$select=id,price', admin({ accept: 'application/json;IEEE754Compatible=true' }))
    expect(strings.json()).toMatchObject({ id: '1', price: '14.9' })
    expect(strings.headers['content-type']).toContain('IEEE754Compatible=true')
    const refused = await f.get('/Products', admin({ accept: 'application/xml' }))
    expect(refused.statusCode).toBe(406)
    expect(refused.json()).toMatchObject({ error: { code: 'ODATA_NOT_ACCEPTABLE' } })
  })

  it('accepts 4.01 query options without $ and in any case', async () => {
    const r = await f.get(`/Products?select=sku&FILTER=${encodeURIComponent('price lt 5')}&$OrderBy=sku`)
    expect(r.statusCode).toBe(200)
    expect((r.json() as { value: Json[] }).value).toEqual([{ '@odata.etag': 'W/"1"', sku: 'GD-2002' }])
  })

  it('authenticates: 401 with challenges, reads limited to readable members, 403 when forbidden', async () => {
    const none = await f.runtime.http.inject({ method: 'GET', url: '/odata/shop/v1/Products' })
    expect(none.statusCode).toBe(401)
    expect(none.headers['www-authenticate']).toEqual(expect.arrayContaining([expect.stringContaining('Basic realm="shop"'), expect.stringContaining('ApiKey')]))
    expect(none.json()).toMatchObject({ error: { code: 'ODATA_UNAUTHENTICATED' } })
    const viewer = await f.get('/Products(1)', { authorization: VIEWER_BASIC })
    expect(viewer.statusCode).toBe(200)
    expect(Object.keys(viewer.json() as Json)).not.toContain('stock')
    const hidden = await f.get(`/Products?$filter=${encodeURIComponent('stock gt 1')}`, { authorization: VIEWER_BASIC })
    expect(hidden.statusCode).toBe(403)
    expect(hidden.json()).toMatchObject({ error: { code: 'KERNEL_FORBIDDEN', target: 'stock' } })
    expect((await f.get('/Orders', { authorization: VIEWER_BASIC })).statusCode).toBe(403)
  })

  it('answers 304 when If-None-Match holds the ETag, and 405 for methods a resource does not take', async () => {
    const r = await f.get('/Products(2)', admin({ 'if-none-match': 'W/"1"' }))
    expect(r.statusCode).toBe(304)
    const wrong = await f.send('DELETE', '/Products')
    expect(wrong.statusCode).toBe(405)
    expect(wrong.json()).toMatchObject({ error: { code: 'ODATA_METHOD_NOT_ALLOWED' } })
  })
})

describe('the OData service on a port the system picks', () => {
  it('writes its links with the port it listens on', async () => {
    const ex = await listenExample('sqlite')
    try {
      const port = new URL(ex.root).port
      expect(port).not.toBe('0')
      const doc = (await (await fetch(`${ex.root}/`, { headers: admin() })).json()) as Json
      expect(doc['@odata.context']).toBe(`${ex.root}/$metadata`)
      const page = (await (await fetch(`${ex.root}/Products?$select=sku`, { headers: admin({ prefer: 'odata.maxpagesize=1' }) })).json()) as Json
      expect(String(page['@odata.nextLink'])).toMatch(new RegExp(`^${ex.root.replace(/[.$]/g, '\\$&')}/Products\\?`))
      const contracts = (await (await fetch(`${new URL(ex.root).origin}/contracts`)).json()) as Json[]
      expect(contracts).toContainEqual(expect.objectContaining({ kind: 'odata', document: `${ex.root}/$metadata` }))
      expect(await (await fetch(`${ex.root}/$metadata`, { headers: admin() })).text()).toContain(`${ex.root}/$vocabularies/`)
    } finally {
      await ex.close()
    }
  })
})
