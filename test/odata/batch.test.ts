import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, openODataFixture, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>

/** A multipart batch body; a nested array is a change set, `[id, request]` a part with a Content-ID. */
function multipart(parts: readonly (string | readonly (readonly [string, string])[])[]): { body: string; type: string } {
  const http = (request: string, id?: string) =>
    `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n${id ? `Content-ID: ${id}\r\n` : ''}\r\n${request}\r\n`
  const body = parts
    .map((p, i) => {
      if (typeof p === 'string') return `--batch\r\n${http(p)}`
      const cs = `changeset_${i}`
      return `--batch\r\nContent-Type: multipart/mixed; boundary=${cs}\r\n\r\n${p.map(([id, r]) => `--${cs}\r\n${http(r, id)}`).join('')}--${cs}--\r\n`
    })
    .join('')
  return { body: `${body}--batch--\r\n`, type: 'multipart/mixed; boundary=batch' }
}

const post = (url: string, body: unknown) => `POST ${url} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(body)}`

describe.each(kinds)('OData $batch on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => {
    await f?.close()
  })

  const orders = async () => (await f.system.query({ entity: 'Sales.Order', count: true, top: 0 })).count

  it('runs a multipart batch: reads, and a change set with Content-ID references', async () => {
    const { body, type } = multipart([
      'GET Products(1)?$select=sku HTTP/1.1\r\nAccept: application/json\r\n',
      [
        ['1', post('Orders', { number: 'SO-B1', orderedAt: '2026-12-02T08:00:00Z', 'customer@odata.bind': 'Customers(1)' })],
        ['2', post('$1/lines', { lineNo: 1, quantity: 2, unitPrice: 3, productId: 2 })],
      ],
    ])
    const r = await f.send('POST', '/$batch', { body, headers: { 'x-api-key': ADMIN_KEY, 'content-type': type } })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['content-type']).toMatch(/^multipart\/mixed; boundary=batchresponse_/)
    expect(r.body).toContain('HTTP/1.1 200 OK')
    expect(r.body).toContain('"sku":"BK-1001"')
    expect(r.body.match(/HTTP\/1\.1 201 Created/g)).toHaveLength(2)
    expect(r.body).toContain('Content-ID: 2')
    const order = await f.system.findByKey('Sales.Order', { number: 'SO-B1' })
    const lines = await f.system.query({ entity: 'Sales.OrderLine', filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['order'] }, right: { kind: 'literal', value: order?.id as number } } })
    expect(lines.rows).toHaveLength(1)
  })

  it('rolls a failing change set back entirely and answers with its error', async () => {
    const before = await orders()
    const { body, type } = multipart([
      [
        ['1', post('Orders', { number: 'SO-B2', orderedAt: '2026-12-02T08:00:00Z', 'customer@odata.bind': 'Customers(1)' })],
        ['2', post('$1/lines', { lineNo: 1, quantity: 0, unitPrice: 3, productId: 2 })],
      ],
      'GET Orders/$count HTTP/1.1\r\n',
    ])
    const r = await f.send('POST', '/$batch', { body, headers: { 'x-api-key': ADMIN_KEY, 'content-type': type, prefer: 'odata.continue-on-error' } })
    expect(r.statusCode).toBe(200)
    expect(r.body).toContain('HTTP/1.1 422 Unprocessable Entity')
    expect(r.body).toContain('KERNEL_VALIDATION')
    expect(r.body).not.toContain('201 Created')
    expect(r.body).toContain(`\r\n\r\n${before}`)
    expect(await orders()).toBe(before)
    expect(await f.system.findByKey('Sales.Order', { number: 'SO-B2' })).toBeUndefined()
  })

  it('runs a JSON batch with an atomicity group and references', async () => {
    const batch = {
      requests: [
        { id: 'o', atomicityGroup: 'g', method: 'POST', url: 'Orders', headers: { 'content-type': 'application/json' }, body: { number: 'SO-J1', orderedAt: '2026-12-03T08:00:00Z', 'customer@odata.bind': 'Customers(2)' } },
        { id: 'l', atomicityGroup: 'g', dependsOn: ['o'], method: 'POST', url: '$o/lines', headers: { 'content-type': 'application/json' }, body: { lineNo: 1, quantity: 1, unitPrice: 9, productId: 3 } },
        { id: 'r', dependsOn: ['g'], method: 'GET', url: "Orders?$filter=number eq 'SO-J1'&$expand=lines($select=lineNo)&$select=number" },
      ],
    }
    const r = await f.send('POST', '/$batch', { body: batch })
    expect(r.statusCode, r.body).toBe(200)
    const { responses } = r.json() as { responses: Json[] }
    expect(responses.map((x) => [x.id, x.status])).toEqual([['o', 201], ['l', 201], ['r', 200]])
    expect(responses[2]?.body).toMatchObject({ value: [{ number: 'SO-J1', lines: [{ lineNo: 1 }] }] })
  })

  it('fails a JSON atomicity group as a whole: the failing request gets its error, the others 424', async () => {
    const before = await orders()
    const batch = {
      requests: [
        { id: '1', atomicityGroup: 'g', method: 'POST', url: 'Orders', body: { number: 'SO-J2', orderedAt: '2026-12-03T08:00:00Z', 'customer@odata.bind': 'Customers(2)' } },
        { id: '2', atomicityGroup: 'g', method: 'PATCH', url: 'Products(1)', headers: { 'if-match': 'W/"99"' }, body: { stock: 1 } },
      ],
    }
    const { responses } = (await f.send('POST', '/$batch', { body: batch })).json() as { responses: Json[] }
    expect(responses.map((x) => x.status)).toEqual([424, 412])
    expect(responses[1]?.body).toMatchObject({ error: { code: 'ODATA_PRECONDITION_FAILED' } })
    expect(await orders()).toBe(before)
  })

  it('refuses a malformed batch or one with too many requests before running any', async () => {
    const before = await orders()
    const bad = await f.send('POST', '/$batch', { body: '--batch\r\nContent-Type: application/http\r\n\r\nPOST Orders\r\n', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'multipart/mixed; boundary=batch' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'ODATA_BAD_BATCH' } })
    const many = { requests: Array.from({ length: 101 }, (_, i) => ({ id: String(i), method: 'POST', url: 'Tags', body: { label: `t${i}` } })) }
    const tooMany = await f.send('POST', '/$batch', { body: many })
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json()).toMatchObject({ error: { code: 'ODATA_LIMIT_EXCEEDED', target: '$batch' } })
    expect((await f.send('POST', '/$batch', { body: 'x', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'text/plain' } })).statusCode).toBe(415)
    expect(await orders()).toBe(before)
    expect(await f.system.findByKey('Catalog.Tag', { label: 't0' })).toBeUndefined()
  })
})
