import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asc, prop } from '../../src/query/index.js'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, openODataFixture, ROOT, VIEWER_BASIC, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type RequestOptions = { body?: unknown; headers?: Record<string, string> }

/** A request that must fail with the status and code (OData error format), changing nothing the snapshot shows. */
function refusal(fixture: () => ODataFixture, snapshot: () => Promise<string>) {
  return async (status: number, code: string, method: string, path: string, options: RequestOptions = {}) => {
    const before = await snapshot()
    const r = await fixture().send(method, path, options)
    expect(r.statusCode, r.body).toBe(status)
    expect(r.json().error).toMatchObject({ code })
    expect(await snapshot()).toBe(before)
    return r.json().error as { message: string; target?: string }
  }
}

/**
 * Unbound actions and functions bound to flows: in the metadata (CSDL XML and JSON) and the
 * service document, invoked with parameters in the body (actions) or the URL (functions),
 * returning entities read back through their entity set. Refusals change nothing.
 */
describe.each(kinds)('OData actions and functions on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => f?.close())

  const snapshot = async () => {
    const orders = await f.system.query({ entity: 'Sales.Order', orderBy: [asc(prop('id'))] })
    const stock = await f.system.query({ entity: 'Catalog.Product', select: ['sku', 'stock'], orderBy: [asc(prop('id'))] })
    return JSON.stringify([orders.rows, stock.rows])
  }
  const refused = refusal(() => f, snapshot)

  it('declares them in CSDL XML and JSON, and lists the function in the service document', async () => {
    const xml = (await f.get('/$metadata')).body
    expect(xml).toContain('<Action Name="CancelOrder" IsBound="false">')
    expect(xml).toContain('<Parameter Name="number" Type="Edm.String" Nullable="false"/>')
    expect(xml).toContain('<Parameter Name="reason" Type="Edm.String"/>')
    expect(xml).toContain('<Function Name="CustomerOrders" IsBound="false" IsComposable="false">')
    expect(xml).toContain('<Parameter Name="since" Type="Edm.DateTimeOffset"/>')
    expect(xml).toContain('<ReturnType Type="Collection(Sales.Order)" Nullable="false"/>')
    expect(xml).toContain('<ActionImport Name="CancelOrder" EntitySet="Orders" Action="Sales.CancelOrder"/>')
    expect(xml).toContain('<FunctionImport Name="CustomerOrders" EntitySet="Orders" Function="Sales.CustomerOrders" IncludeInServiceDocument="true"/>')
    const json = (await f.get('/$metadata', { accept: 'application/json' })).json()
    expect(json.Sales.CancelOrder).toEqual([expect.objectContaining({ $Kind: 'Action', $Parameter: [{ $Name: 'number' }, { $Name: 'reason', $Nullable: true }], $ReturnType: { $Type: 'Sales.Order', $Nullable: true } })])
    expect(json.Sales.Container.CustomerOrders).toEqual({ $Function: 'Sales.CustomerOrders', $EntitySet: 'Orders', $IncludeInServiceDocument: true })
    const doc = (await f.get('/')).json()
    expect(doc.value).toContainEqual({ name: 'CustomerOrders', kind: 'FunctionImport', url: 'CustomerOrders' })
  })

  it('invokes a function with URL parameters and aliases, $select applying to the entities it returns', async () => {
    const r = await f.get("/CustomerOrders(email='ada@example.com')?$select=number,status")
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json()
    expect(body['@odata.context']).toMatch(/\/\$metadata#Orders\(number,status\)$/)
    expect(body.value.map((o: { number: string }) => o.number).sort()).toEqual(['SO-0001', 'SO-0003'])
    expect(Object.keys(body.value[0]).filter((k) => !k.startsWith('@')).sort()).toEqual(['number', 'status'])
    const aliased = await f.get("/CustomerOrders(email=@e,since=@s)?@e='ada@example.com'&@s=2026-11-15T00:00:00Z")
    expect(aliased.statusCode, aliased.body).toBe(200)
    expect(aliased.json().value.map((o: { number: string }) => o.number)).toEqual(['SO-0003'])
    expect((await f.get("/CustomerOrders(email='nobody@example.com')")).json().value).toEqual([])
  })

  it('invokes a function with parameters given as query options (implicit aliases)', async () => {
    const r = await f.get("/CustomerOrders?email='ada@example.com'&since=2026-11-15T00:00:00Z&$select=number")
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json().value.map((o: { number: string }) => o.number)).toEqual(['SO-0003'])
    const mixed = await f.get("/CustomerOrders(email='ada@example.com')?since=2026-11-15T00:00:00Z")
    expect(mixed.json().value.map((o: { number: string }) => o.number)).toEqual(['SO-0003'])
    const notLiteral = await f.get("/CustomerOrders?email=tolower('X')")
    expect(notLiteral.statusCode).toBe(400)
    expect(notLiteral.json()).toMatchObject({ error: { code: 'ODATA_BAD_LITERAL', target: 'email' } })
    expect((await f.get('/CustomerOrders')).json()).toMatchObject({ error: { code: 'ODATA_BAD_LITERAL', target: 'email' } })
  })

  it('invokes a function without parameters with or without parentheses', async () => {
    for (const path of ['/OpenOrders', '/OpenOrders()']) {
      const r = await f.get(`${path}?$select=number`)
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json().value.map((o: { number: string }) => o.number)).toEqual(['SO-0003'])
    }
    expect((await f.get('/')).json().value).toContainEqual({ name: 'OpenOrders', kind: 'FunctionImport', url: 'OpenOrders' })
  })

  it('invokes an action with its parameters in the body, in one transaction, returning the entity', async () => {
    const stock = async () => (await f.system.findByUnique('Catalog.Product', 'sku', 'GD-2002'))?.stock
    const before = await stock()
    const r = await f.send('POST', '/CancelOrder', { body: { number: 'SO-0003', reason: 'duplicate' } })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ '@odata.context': expect.stringMatching(/#Orders\/\$entity$/), number: 'SO-0003', status: 'Cancelled', note: 'Cancelled: duplicate' })
    expect(await stock()).toBe((before as number) + 1)
  })

  it('invokes an action without parameters with an empty object or no content', async () => {
    const draft = async (sku: string) => {
      const r = await f.send('POST', '/Products', { body: { sku, name: `Due ${sku}`, price: 5, status: 'Draft', releasedOn: '2020-01-01' } })
      expect(r.statusCode, r.body).toBe(201)
    }
    await draft('DUE-1')
    const empty = await f.send('POST', '/ReleaseDueProducts?$select=sku,status', { body: {} })
    expect(empty.statusCode, empty.body).toBe(200)
    expect(empty.json().value).toEqual([expect.objectContaining({ sku: 'DUE-1', status: 'Active' })])
    await draft('DUE-2')
    const none = await f.runtime.http.inject({ method: 'POST', url: `${ROOT}/ReleaseDueProducts?$select=sku`, headers: { 'x-api-key': ADMIN_KEY } })
    expect(none.statusCode, none.body).toBe(200)
    expect(none.json().value.map((p: { sku: string }) => p.sku)).toEqual(['DUE-2'])
    expect((await f.system.findByUnique('Catalog.Product', 'sku', 'DUE-2'))?.status).toBe('Active')
    // The unreleased draft of the seed data (no release date) stays a draft.
    expect((await f.system.findByUnique('Catalog.Product', 'sku', 'BK-1005'))?.status).toBe('Draft')
  })

  it('refuses bad invocations with 400/405/422 and changes nothing', async () => {
    await refused(400, 'ODATA_UNKNOWN_PROPERTY', 'POST', '/CancelOrder', { body: { number: 'SO-0001', why: 'x' } })
    await refused(400, 'ODATA_BAD_LITERAL', 'POST', '/CancelOrder', { body: { reason: 'x' } })
    await refused(400, 'ODATA_BAD_LITERAL', 'POST', '/CancelOrder', { body: { number: 42 } })
    await refused(400, 'ODATA_BAD_LITERAL', 'GET', "/CustomerOrders(email='ada@example.com',since='yesterday')")
    await refused(405, 'ODATA_METHOD_NOT_ALLOWED', 'GET', '/CancelOrder')
    await refused(405, 'ODATA_METHOD_NOT_ALLOWED', 'POST', "/CustomerOrders(email='ada@example.com')", { body: {} })
    const error = await refused(422, 'FLOW_VALIDATION_FAILED', 'POST', '/CancelOrder', { body: { number: 'SO-0002' } })
    expect(error.message).toBe('order SO-0002 is Shipped; only open orders can be cancelled')
    await refused(403, 'KERNEL_FORBIDDEN', 'POST', '/CancelOrder', { body: { number: 'SO-0001' }, headers: { authorization: VIEWER_BASIC } })
  })

  it('in $batch: runs as a request of its own, and is refused inside a change set', async () => {
    const r = await f.send('POST', '/$batch', {
      body: {
        requests: [
          { id: '1', method: 'GET', url: "CustomerOrders(email='grace@example.com')" },
          { id: '2', atomicityGroup: 'g1', method: 'POST', url: 'CancelOrder', headers: { 'content-type': 'application/json' }, body: { number: 'SO-0001' } },
        ],
      },
      headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
    })
    expect(r.statusCode, r.body).toBe(200)
    const responses = r.json().responses as { id: string; status: number; body: { value?: unknown[]; error?: { code: string } } }[]
    expect(responses.find((x) => x.id === '1')).toMatchObject({ status: 200, body: { value: [expect.objectContaining({ number: 'SO-0002' })] } })
    expect(responses.find((x) => x.id === '2')).toMatchObject({ status: 400, body: { error: { code: 'ODATA_BAD_BATCH' } } })
    expect((await f.system.findByUnique('Sales.Order', 'number', 'SO-0001'))?.status).toBe('Paid')
  })
})

/**
 * Bound actions and functions (declared under an entity set): invoked on an entity addressed
 * by key or through a navigation, qualified or unqualified, the flow getting the entity as
 * `$input`; advertised in CSDL with their binding parameter and in full-metadata payloads.
 */
describe.each(kinds)('OData bound actions and functions on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => f?.close())

  const idOf = async (entity: string, member: string, value: string) => (await f.system.findByUnique(entity, member, value))?.id as number
  const snapshot = async () => JSON.stringify((await f.system.query({ entity: 'Sales.Order', orderBy: [asc(prop('id'))] })).rows)
  const refused = refusal(() => f, snapshot)

  it('declares bound operations in CSDL XML and JSON with their binding parameter, without imports', async () => {
    const xml = (await f.get('/$metadata')).body
    expect(xml).toContain('<Action Name="Cancel" IsBound="true" EntitySetPath="order">')
    expect(xml).toContain('<Parameter Name="order" Type="Sales.Order" Nullable="false"/>')
    expect(xml).toContain('<Function Name="RecentOrders" IsBound="true" IsComposable="false" EntitySetPath="customer/orders">')
    expect(xml).toContain('<Parameter Name="customer" Type="Sales.Customer" Nullable="false"/>')
    expect(xml).toContain('<Parameter Name="order" Type="Collection(Sales.Order)" Nullable="false"/>')
    expect(xml).not.toMatch(/<ActionImport Name="Cancel"|<FunctionImport Name="RecentOrders"|<FunctionImport Name="Open"/)
    const json = (await f.get('/$metadata', { accept: 'application/json' })).json()
    expect(json.Sales.Cancel).toEqual([
      expect.objectContaining({ $Kind: 'Action', $IsBound: true, $EntitySetPath: 'order', $Parameter: [{ $Name: 'order', $Type: 'Sales.Order' }, { $Name: 'reason', $Nullable: true }], $ReturnType: { $Type: 'Sales.Order', $Nullable: true } }),
    ])
    expect(json.Sales.Open).toEqual([expect.objectContaining({ $Kind: 'Function', $IsBound: true, $Parameter: [{ $Name: 'order', $Type: 'Sales.Order', $Collection: true }] })])
    expect(json.Sales.Container.Cancel).toBeUndefined()
    expect((await f.get('/')).json().value).not.toContainEqual(expect.objectContaining({ name: 'RecentOrders' }))
  })

  it('invokes a bound function on an entity, qualified or not, with parameters, aliases and query options', async () => {
    const ada = await idOf('Sales.Customer', 'email', 'ada@example.com')
    for (const path of [`/Customers(${ada})/Sales.RecentOrders()`, `/Customers(${ada})/RecentOrders`, `/Customers(${ada})/Sales.RecentOrders`]) {
      const r = await f.get(`${path}?$select=number`)
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()['@odata.context']).toMatch(/\/\$metadata#Orders\(number\)$/)
      expect(r.json().value.map((o: { number: string }) => o.number)).toEqual(['SO-0003', 'SO-0001'])
    }
    const since = await f.get(`/Customers(${ada})/Sales.RecentOrders(since=@s)?@s=2026-11-15T00:00:00Z`)
    expect(since.json().value.map((o: { number: string }) => o.number)).toEqual(['SO-0003'])
    const composed = await f.get(`/Customers(${ada})/Sales.RecentOrders()?$filter=status eq 'Paid'&$expand=lines($select=lineNo)&$count=true&$select=number`)
    expect(composed.statusCode, composed.body).toBe(200)
    expect(composed.json()).toMatchObject({ '@odata.count': 1, value: [{ number: 'SO-0001', lines: [{ lineNo: 1 }, { lineNo: 2 }] }] })
    const ordered = await f.get(`/Customers(${ada})/Sales.RecentOrders()?$orderby=number&$top=1&$select=number`)
    expect(ordered.json().value).toEqual([expect.objectContaining({ number: 'SO-0001' })])
  })

  it('invokes a function bound to the entity set as a whole', async () => {
    const r = await f.get('/Orders/Sales.Open()?$select=number')
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json().value.map((o: { number: string }) => o.number)).toEqual(['SO-0003'])
    await refused(404, 'ODATA_UNKNOWN_RESOURCE', 'GET', `/Orders(${await idOf('Sales.Order', 'number', 'SO-0003')})/Sales.Open()`)
    // Its flow gets no input, so it cannot answer for a part of the set (the orders of a customer).
    const part = await f.get(`/Customers(${await idOf('Sales.Customer', 'email', 'ada@example.com')})/orders/Sales.Open()`)
    expect(part.json().error).toMatchObject({ code: 'ODATA_NOT_IMPLEMENTED', target: 'Open' })
  })

  it('advertises the actions and functions bound to an entity with odata.metadata=full', async () => {
    const id = await idOf('Sales.Order', 'number', 'SO-0001')
    const r = await f.get(`/Orders(${id})`, { accept: 'application/json;odata.metadata=full' })
    expect(r.json()['#Sales.Cancel']).toEqual({ title: 'Cancel', target: expect.stringMatching(new RegExp(`/odata/shop/v1/Orders\\(${id}\\)/Sales\\.Cancel$`)) })
    expect(r.json()['#Sales.Open']).toBeUndefined()
    expect((await f.get(`/Orders(${id})`)).json()['#Sales.Cancel']).toBeUndefined()
    const set = await f.get('/Orders?$top=1', { accept: 'application/json;odata.metadata=full' })
    expect(set.json()['#Sales.Open']).toEqual({ title: 'Open', target: expect.stringMatching(/\/odata\/shop\/v1\/Orders\/Sales\.Open$/) })
    expect(set.json().value[0]['#Sales.Cancel']).toMatchObject({ title: 'Cancel' })
  })

  it('refuses bound invocations that do not fit, changing nothing', async () => {
    const shipped = await idOf('Sales.Order', 'number', 'SO-0002')
    await refused(404, 'KERNEL_NOT_FOUND', 'POST', '/Orders(999999)/Sales.Cancel', { body: {} })
    await refused(405, 'ODATA_METHOD_NOT_ALLOWED', 'GET', `/Orders(${shipped})/Sales.Cancel`)
    await refused(400, 'ODATA_UNKNOWN_PROPERTY', 'POST', `/Orders(${shipped})/Sales.Cancel`, { body: { why: 'x' } })
    await refused(404, 'ODATA_UNKNOWN_RESOURCE', 'POST', `/Orders(${shipped})/Other.Cancel`, { body: {} })
    await refused(404, 'ODATA_UNKNOWN_RESOURCE', 'GET', `/Orders(${shipped})/Sales.Cancel/number`)
    await refused(404, 'ODATA_UNKNOWN_RESOURCE', 'POST', '/Orders/Sales.Cancel', { body: {} })
    const error = await refused(422, 'FLOW_VALIDATION_FAILED', 'POST', `/Orders(${shipped})/Cancel`, { body: {} })
    expect(error.message).toBe('order SO-0002 is Shipped; only open orders can be cancelled')
    await refused(403, 'KERNEL_FORBIDDEN', 'POST', `/Orders(${shipped})/Sales.Cancel`, { body: {}, headers: { authorization: VIEWER_BASIC } })
  })

  it('invokes a bound action without parameters given, with no content or an empty object', async () => {
    const customer = await idOf('Sales.Customer', 'email', 'alan@example.com')
    for (const [number, body] of [['SO-9001', undefined], ['SO-9002', '{}']] as const) {
      const order = await f.system.create('Sales.Order', { number, orderedAt: '2026-12-01T10:00:00Z', customer })
      const r = await f.send('POST', `/Orders(${order.id as number})/Sales.Cancel`, body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } })
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({ number, status: 'Cancelled', note: 'Cancelled by the shop' })
    }
  })

  it('invokes a bound action on an entity reached through a navigation, in its own transaction', async () => {
    const ada = await idOf('Sales.Customer', 'email', 'ada@example.com')
    const open = await idOf('Sales.Order', 'number', 'SO-0003')
    // An order of another customer is not among Grace's orders: 404, nothing cancelled.
    await refused(404, 'KERNEL_NOT_FOUND', 'POST', `/Customers(${await idOf('Sales.Customer', 'email', 'grace@example.com')})/orders(${open})/Sales.Cancel`, { body: {} })
    const batch = await f.send('POST', '/$batch', {
      body: { requests: [{ id: '1', atomicityGroup: 'g1', method: 'POST', url: `Orders(${open})/Sales.Cancel`, headers: { 'content-type': 'application/json' }, body: {} }] },
      headers: { 'content-type': 'application/json' },
    })
    expect(batch.json().responses[0]).toMatchObject({ status: 400, body: { error: { code: 'ODATA_BAD_BATCH' } } })
    const stock = async () => (await f.system.findByUnique('Catalog.Product', 'sku', 'GD-2002'))?.stock as number
    const before = await stock()
    const r = await f.send('POST', `/Customers(${ada})/orders(${open})/Sales.Cancel?$select=number,status,note`, { body: { reason: 'changed my mind' } })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ '@odata.context': expect.stringMatching(/#Orders\(number,status,note\)\/\$entity$/), number: 'SO-0003', status: 'Cancelled', note: 'Cancelled: changed my mind' })
    expect(await stock()).toBe(before + 1)
    expect((await f.system.findByUnique('Sales.Order', 'number', 'SO-0001'))?.status).toBe('Paid')
  })
})
