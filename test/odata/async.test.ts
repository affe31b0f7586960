import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, CLERK_KEY, openODataFixture, ROOT, VIEWER_BASIC, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>

const ASYNC = { 'x-api-key': ADMIN_KEY, prefer: 'respond-async' }
const CLERK = { 'x-api-key': CLERK_KEY }
const order = (number: string) => ({ number, orderedAt: '2026-12-05T08:00:00Z', 'customer@odata.bind': 'Customers(1)' })

/** Requests to the fixture's status monitors, as a client following the 202s does. */
function monitors(fixture: () => ODataFixture) {
  /** The status monitor's path under the service root, from a 202's Location. */
  const monitorOf = (r: LightMyRequestResponse): string => {
    expect(r.statusCode, r.body).toBe(202)
    const location = String(r.headers.location)
    expect(location).toMatch(/\/odata\/shop\/v1\/\$async\/[A-Za-z0-9_-]{24}$/)
    return location.slice(location.indexOf(ROOT) + ROOT.length)
  }
  /** Asks the status monitor until the request has ended, waiting a little between asks. */
  const outcome = async (monitor: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> => {
    for (;;) {
      const r = await fixture().send('GET', monitor, { headers: { 'x-api-key': ADMIN_KEY, ...headers } })
      if (r.statusCode !== 202) return r
      expect(r.headers['retry-after']).toBe('1')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  return { monitorOf, outcome }
}

describe.each(kinds)('OData asynchronous requests on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => {
    await f?.close()
  })
  const { monitorOf, outcome } = monitors(() => f)

  /**
   * Holds the first write of `entity` whose object has this `number` inside its transaction
   * (a before-commit listener that waits), so the request is observably still running.
   */
  function hold(entity: string, number: string) {
    let arrive!: () => void
    let release!: () => void
    const arrived = new Promise<void>((resolve) => (arrive = resolve))
    const released = new Promise<void>((resolve) => (release = resolve))
    let held = false
    const off = f.runtime.kernel.on(entity, 'beforeCommit', async (event) => {
      if (held || event.object?.number !== number) return
      held = true
      arrive()
      await released
    })
    return {
      arrived,
      release: () => {
        off()
        release()
      },
    }
  }

  /** The parts of an `application/http` message: status line, headers (lower-case names) and body. */
  function message(text: string): { status: string; headers: Record<string, string>; body: string } {
    const end = text.indexOf('\r\n\r\n')
    const [status = '', ...lines] = text.slice(0, end).split('\r\n')
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
    return { status, headers, body: text.slice(end + 4) }
  }

  it('answers a read with 202 and a status monitor, then with the response as application/http and AsyncResult', async () => {
    const path = '/Products?$select=sku,name&$orderby=sku&$top=3'
    const accepted = await f.send('GET', path, { headers: ASYNC })
    const monitor = monitorOf(accepted)
    expect(accepted.headers['preference-applied']).toBe('respond-async')
    expect(accepted.headers['retry-after']).toBe('1')
    expect(accepted.headers['odata-version']).toBe('4.01')
    const r = await outcome(monitor, { accept: 'application/http' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['content-type']).toBe('application/http')
    expect(r.headers.asyncresult).toBe('200')
    const inner = message(r.body)
    expect(inner.status).toBe('HTTP/1.1 200 OK')
    expect(inner.headers['content-type']).toBe('application/json;odata.metadata=minimal')
    expect(inner.headers['odata-version']).toBe('4.01')
    expect(JSON.parse(inner.body)).toEqual((await f.get(path)).json())
    // The result is delivered once; the monitor is then gone.
    const again = await f.get(monitor)
    expect(again.statusCode).toBe(404)
    expect(again.json()).toMatchObject({ error: { code: 'ODATA_UNKNOWN_RESOURCE' } })
    const metadata = await f.get('/$metadata')
    expect(metadata.body).toContain('<Annotation Term="Capabilities.AsynchronousRequestsSupported" Bool="true"/>')
  })

  it('shows a running write as 202 and answers its end with AsyncResult 201, the headers and the entity', async () => {
    const held = hold('Sales.Order', 'SO-A1')
    const accepted = await f.send('POST', '/Orders', { body: order('SO-A1'), headers: { ...ASYNC, prefer: 'odata.respond-async' } })
    const monitor = monitorOf(accepted)
    await held.arrived
    const running = await f.get(monitor)
    expect(running.statusCode).toBe(202)
    expect(running.headers.location).toBe(accepted.headers.location)
    expect(running.headers['retry-after']).toBe('1')
    expect(await f.system.findByKey('Sales.Order', { number: 'SO-A1' })).toBeUndefined()
    held.release()
    const r = await outcome(monitor)
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers.asyncresult).toBe('201')
    expect(r.headers['content-type']).toBe('application/json;odata.metadata=minimal')
    const created = await f.system.findByKey('Sales.Order', { number: 'SO-A1' })
    expect(r.headers.location).toMatch(new RegExp(`/Orders\\(${String(created?.id)}\\)$`))
    expect(r.json()).toMatchObject({ number: 'SO-A1', '@odata.etag': 'W/"1"' })
  })

  it('answers synchronously when the request ends within the wait preference, else with 202 after it', async () => {
    const r = await f.send('GET', '/Products(1)?$select=sku', { headers: { ...ASYNC, prefer: 'respond-async, wait=600' } })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['preference-applied']).toBeUndefined()
    expect(r.headers.location).toBeUndefined()
    expect(r.json()).toMatchObject({ sku: 'BK-1001' })
    const held = hold('Sales.Order', 'SO-A2')
    const late = await f.send('POST', '/Orders', { body: order('SO-A2'), headers: { ...ASYNC, prefer: 'respond-async, wait=1' } })
    const monitor = monitorOf(late)
    expect(late.headers['preference-applied']).toBe('respond-async')
    held.release()
    expect((await outcome(monitor)).headers.asyncresult).toBe('201')
  })

  it('runs a $batch asynchronously: the monitor answers with the whole multipart batch response', async () => {
    const held = hold('Sales.Order', 'SO-A3')
    const body = [
      '--b\r\nContent-Type: multipart/mixed; boundary=cs\r\n\r\n',
      '--cs\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\n',
      `POST Orders HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(order('SO-A3'))}\r\n`,
      '--cs--\r\n',
      "--b\r\nContent-Type: application/http\r\n\r\nGET Orders?$filter=number%20eq%20'SO-A3'&$select=number HTTP/1.1\r\n\r\n\r\n",
      '--b--\r\n',
    ].join('')
    const monitor = monitorOf(await f.send('POST', '/$batch', { body, headers: { ...ASYNC, 'content-type': 'multipart/mixed; boundary=b' } }))
    await held.arrived
    expect((await f.get(monitor)).statusCode).toBe(202)
    held.release()
    const r = await outcome(monitor, { 'odata-maxversion': '4.0', accept: 'application/http' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['content-type']).toBe('application/http')
    expect(r.headers.asyncresult).toBe('200')
    const inner = message(r.body)
    expect(inner.status).toBe('HTTP/1.1 200 OK')
    expect(inner.headers['content-type']).toMatch(/^multipart\/mixed; boundary=batchresponse_/)
    expect(inner.body).toContain('HTTP/1.1 201 Created')
    expect(inner.body).toContain('"number":"SO-A3"')
  })

  it('runs a JSON $batch asynchronously and answers it with AsyncResult and the JSON batch response', async () => {
    const batch = { requests: [{ id: 'o', method: 'POST', url: 'Orders', headers: { 'content-type': 'application/json' }, body: order('SO-A4') }] }
    const monitor = monitorOf(await f.send('POST', '/$batch', { body: batch, headers: ASYNC }))
    const r = await outcome(monitor)
    expect(r.headers.asyncresult).toBe('200')
    expect(r.headers['content-type']).toBe('application/json')
    expect((r.json() as { responses: Json[] }).responses).toMatchObject([{ id: 'o', status: 201, body: { number: 'SO-A4' } }])
  })

  it('keeps a status monitor to the principal that started the request: others get 404, no credentials 401', async () => {
    const monitor = monitorOf(await f.send('GET', '/Orders/$count', { headers: ASYNC }))
    const unknown = (await f.get('/$async/AAAAAAAAAAAAAAAAAAAAAAAA')).json()
    const other = await f.send('GET', monitor, { headers: CLERK })
    expect(other.statusCode).toBe(404)
    expect(other.json()).toEqual({ error: { ...(unknown as { error: Json }).error, target: expect.any(String) } })
    expect((await f.send('DELETE', monitor, { headers: CLERK })).statusCode).toBe(404)
    expect((await f.send('GET', monitor, { headers: { authorization: VIEWER_BASIC } })).statusCode).toBe(404)
    expect((await f.send('GET', monitor, { headers: { authorization: 'Basic bm9ib2R5Om5vcGU=' } })).statusCode).toBe(401)
    // An OData 4.0 client without an Accept header gets the application/http form too.
    const r = await outcome(monitor, { 'odata-maxversion': '4.0' })
    expect(r.headers['content-type']).toBe('application/http')
    expect(r.headers.asyncresult).toBe('200')
    const count = (await f.system.query({ entity: 'Sales.Order', count: true, top: 0 })).count
    expect(message(r.body)).toMatchObject({ status: 'HTTP/1.1 200 OK', body: String(count) })
  })

  it('cancels a running write with DELETE: 204, the monitor is gone and nothing was written', async () => {
    const held = hold('Sales.Order', 'SO-A5')
    const monitor = monitorOf(await f.send('POST', '/Orders', { body: order('SO-A5'), headers: ASYNC }))
    await held.arrived
    const cancelled = await f.send('DELETE', monitor)
    expect(cancelled.statusCode, cancelled.body).toBe(204)
    expect((await f.get(monitor)).statusCode).toBe(404)
    held.release()
    // The same number can be created again: the cancelled insert was rolled back, not committed
    // (this create waits for the cancelled request's transaction to end).
    const again = await f.send('POST', '/Orders', { body: order('SO-A5') })
    expect(again.statusCode, again.body).toBe(201)
    const found = await f.system.query({ entity: 'Sales.Order', filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['number'] }, right: { kind: 'literal', value: 'SO-A5' } } })
    expect(found.rows).toHaveLength(1)
  })

  it('refuses to cancel an action that has started (409) and keeps its result, but discards a read (204)', async () => {
    const held = hold('Sales.Order', 'SO-0003')
    const monitor = monitorOf(await f.send('POST', '/CancelOrder', { body: { number: 'SO-0003', reason: 'async' }, headers: ASYNC }))
    await held.arrived
    const refused = await f.send('DELETE', monitor)
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ error: { code: 'ODATA_ASYNC_NOT_CANCELABLE' } })
    held.release()
    const r = await outcome(monitor)
    expect(r.headers.asyncresult).toBe('200')
    expect(r.json()).toMatchObject({ number: 'SO-0003', status: 'Cancelled' })
    const discarded = monitorOf(await f.send('GET', '/Products/$count', { headers: ASYNC }))
    expect((await f.send('DELETE', discarded)).statusCode).toBe(204)
    expect((await f.get(discarded)).statusCode).toBe(404)
    expect((await f.send('PATCH', discarded, { body: {} })).headers.allow).toBe('GET, DELETE')
  })
})

describe.each(kinds)('OData asynchronous request limits on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind, { adapterConfig: { maxAsyncRequestsPerPrincipal: 2, maxAsyncRequests: 3 } })
  })
  afterAll(async () => {
    await f?.close()
  })
  const { monitorOf, outcome } = monitors(() => f)

  it('bounds the asynchronous requests held per principal and per service: 429 with Retry-After', async () => {
    const first = monitorOf(await f.send('GET', '/Tags', { headers: ASYNC }))
    const second = monitorOf(await f.send('GET', '/Tags', { headers: ASYNC }))
    const third = await f.send('GET', '/Tags', { headers: ASYNC })
    expect(third.statusCode).toBe(429)
    expect(third.headers['retry-after']).toBe('1')
    expect(third.json()).toMatchObject({ error: { code: 'ODATA_ASYNC_LIMIT', target: 'Prefer', message: expect.stringContaining('you already have 2') } })
    const clerks = monitorOf(await f.send('GET', '/Orders', { headers: { ...CLERK, prefer: 'respond-async' } }))
    const full = await f.send('GET', '/Products', { headers: { authorization: VIEWER_BASIC, prefer: 'respond-async' } })
    expect(full.statusCode).toBe(429)
    expect(full.json()).toMatchObject({ error: { code: 'ODATA_ASYNC_LIMIT', message: expect.stringContaining('the service already holds 3') } })
    // A result fetched frees its place.
    expect((await outcome(first)).headers.asyncresult).toBe('200')
    expect((await f.send('GET', '/Products', { headers: { authorization: VIEWER_BASIC, prefer: 'respond-async, wait=600' } })).statusCode).toBe(200)
    expect((await outcome(second)).headers.asyncresult).toBe('200')
    expect((await outcome(clerks, CLERK)).headers.asyncresult).toBe('200')
  })
})

describe.each(kinds)('OData asynchronous requests when the runtime closes on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => {
    await f?.db.dispose()
  })
  const { monitorOf } = monitors(() => f)

  it('closes the runtime only once its asynchronous requests have ended, cancelling a write that had not committed', async () => {
    let release!: () => void
    let arrive!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const arrived = new Promise<void>((resolve) => (arrive = resolve))
    const committed: unknown[] = []
    f.runtime.kernel.on('Sales.Order', 'beforeCommit', async () => {
      arrive()
      await released
    })
    f.runtime.kernel.on('Sales.Order', 'afterCommit', (event) => void committed.push(event.object?.number))
    monitorOf(await f.send('POST', '/Orders', { body: order('SO-C1'), headers: ASYNC }))
    await arrived
    let closed = false
    const closing = f.runtime.close().then(() => (closed = true))
    // However long it is given, close does not end while the request is held.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(closed).toBe(false)
    release()
    await closing
    expect(committed).toEqual([])
  })
})
