import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, basic, startExample, VIEWER, type ExampleRuntime } from '../support/example-runtime.js'

const kinds = await databaseKinds()
const BASE = '/rest/shop/v1'

describe.each(kinds)('REST errors on %s', (kind) => {
  let ex: ExampleRuntime
  const snapshot = async () => JSON.stringify((await ex.system.query({ entity: 'Catalog.Product', orderBy: [{ expr: { kind: 'property', path: ['id'] }, direction: 'asc' }] })).rows)
  /** Sends a request and checks it fails with the status and code, as problem+json, writing nothing. */
  const fails = async (
    status: number,
    code: string,
    options: { method?: string; url?: string; payload?: string; headers?: Record<string, string>; auth?: Record<string, string> },
  ) => {
    const before = await snapshot()
    const res = await ex.runtime.http.inject({
      method: (options.method ?? 'POST') as 'POST',
      url: `${BASE}${options.url ?? '/products'}`,
      headers: { ...(options.auth ?? ADMIN_KEY), 'content-type': 'application/json', ...options.headers },
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
    })
    expect(res.statusCode).toBe(status)
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    const body = res.json()
    expect(body).toMatchObject({ status, code, type: expect.stringContaining('https://'), title: expect.any(String), detail: expect.any(String) })
    expect(await snapshot()).toBe(before)
    return { body, res }
  }

  beforeAll(async () => {
    ex = await startExample(kind)
  })
  afterAll(async () => ex?.close())

  it('malformed JSON → 400', async () => {
    await fails(400, 'MALFORMED_BODY', { payload: '{"sku": "X-1",' })
  })

  it('wrong type, missing required, unknown member, out of range → 400 with one entry per field', async () => {
    const { body } = await fails(400, 'INVALID_BODY', { payload: JSON.stringify({ sku: 'X-1', price: 'cheap', stock: -1, colour: 'red', status: 'Gone' }) })
    const entries = body.errors.map((e: { path: string; code: string }) => `${e.path} ${e.code}`).sort()
    expect(entries).toEqual(['/colour UNKNOWN_MEMBER', '/name REQUIRED', '/price TYPE', '/status ENUM', '/stock MINIMUM'].sort())
  })

  it('a rule only the domain model knows (pattern of the SKU) → 400 naming the field', async () => {
    const { body } = await fails(400, 'INVALID_BODY', { payload: JSON.stringify({ sku: 'lower case', name: 'x', price: 1 }) })
    expect(body.errors).toEqual([expect.objectContaining({ path: '/sku', code: 'PATTERN' })])
  })

  it('a reference to a missing object → 422', async () => {
    const { body } = await fails(422, 'KERNEL_REFERENCE_NOT_FOUND', { payload: JSON.stringify({ sku: 'X-2', name: 'x', price: 1, category: 999999 }) })
    expect(body.errors).toEqual([expect.objectContaining({ path: 'category' })])
  })

  it('a duplicate unique value → 409', async () => {
    const { body } = await fails(409, 'KERNEL_UNIQUE_VIOLATION', { payload: JSON.stringify({ sku: 'BK-1001', name: 'Dup', price: 1 }) })
    expect(body.errors).toEqual([expect.objectContaining({ path: 'sku', code: 'UNIQUE' })])
  })

  it('unknown key → 404', async () => {
    await fails(404, 'NOT_FOUND', { method: 'PATCH', url: '/products/NOPE-1', payload: JSON.stringify({ stock: 1 }) })
  })

  it('method not allowed → 405', async () => {
    await fails(405, 'METHOD_NOT_ALLOWED', { method: 'PUT', url: '/categories/BOOKS', payload: JSON.stringify({ code: 'BOOKS', name: 'B' }) })
  })

  it('unsupported media type → 415', async () => {
    await fails(415, 'UNSUPPORTED_MEDIA_TYPE', { payload: 'sku=X', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    await fails(415, 'UNSUPPORTED_MEDIA_TYPE', { payload: '{"sku":"X"}', headers: { 'content-type': 'application/merge-patch+json' } })
  })

  it('body over the limit → 413', async () => {
    await fails(413, 'BODY_TOO_LARGE', { payload: JSON.stringify({ sku: 'BIG-1', name: 'x', price: 1, description: 'x'.repeat(2 * 1024 * 1024) }) })
  })

  it('precondition failed → 412', async () => {
    await fails(412, 'PRECONDITION_FAILED', { method: 'PATCH', url: '/products/BK-1002', payload: JSON.stringify({ stock: 1 }), headers: { 'if-match': '"99"' } })
  })

  it('no or bad credentials → 401 with WWW-Authenticate', async () => {
    const { res } = await fails(401, 'UNAUTHENTICATED', { payload: '{}', auth: {} })
    expect(res.headers['www-authenticate']).toEqual(expect.arrayContaining([expect.stringMatching(/^Basic realm="shop"/), expect.stringMatching(/^ApiKey/)]))
    await fails(401, 'UNAUTHENTICATED', { payload: '{}', headers: { 'x-api-key': 'ptk_demoadmin_wrong-secret-xxxxxxxx' } })
    await fails(401, 'UNAUTHENTICATED', { payload: '{}', auth: basic('admin', 'wrong') })
  })

  it('forbidden by the access rules → 403', async () => {
    await fails(403, 'KERNEL_FORBIDDEN', { payload: JSON.stringify({ sku: 'V-1', name: 'x', price: 1 }), auth: VIEWER })
  })

  it('bad list parameters → 400 naming each', async () => {
    const res = await ex.runtime.http.inject({ method: 'GET', url: `${BASE}/products?colour=red&limit=5000&sort=colour&price.contains=1`, headers: ADMIN_KEY })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'limit', 'price.contains', 'sort'])
  })
})
