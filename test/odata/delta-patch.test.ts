import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Row } from '../../src/kernel/index.js'
import { databaseKinds } from '../support/databases.js'
import { ADMIN_KEY, CLERK_KEY, openODataFixture, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>

const delta = (value: unknown[]) => ({ '@context': '#$delta', value })

describe.each(kinds)('OData PATCH of a collection with a delta payload on %s', (kind) => {
  let f: ODataFixture
  beforeAll(async () => {
    f = await openODataFixture(kind, { adapterConfig: { maxTop: 5 } })
  })
  afterAll(async () => {
    await f?.close()
  })

  const category = (code: string) => f.system.findByKey('Catalog.Category', { code })
  const labels = async () => (await f.system.query({ entity: 'Catalog.Tag', orderBy: [{ expr: { kind: 'property', path: ['id'] }, direction: 'asc' }] })).rows.map((t) => t.label)
  const categories = async () => (await f.system.query({ entity: 'Catalog.Category', orderBy: [{ expr: { kind: 'property', path: ['id'] }, direction: 'asc' }] })).rows.map((c) => `${String(c.code)}:${String(c.name)}`)
  const byOrder = (id: number) => ({ kind: 'compare', op: 'eq', left: { kind: 'property', path: ['order'] }, right: { kind: 'literal', value: id } }) as const
  const linesOf = async (id: number) =>
    (await f.system.query({ entity: 'Sales.OrderLine', filter: byOrder(id), orderBy: [{ expr: { kind: 'property', path: ['lineNo'] }, direction: 'asc' }] })).rows.map((l) => `${String(l.lineNo)}:${String(l.quantity)}`)
  const tagsOf = async (id: number) => ((await f.system.read('Catalog.Product', id, { expand: [{ navigation: 'tags', query: {} }] })).tags as Row[]).map((t) => t.id as number).sort()

  async function orderWithLines(number: string): Promise<number> {
    const lines = [1, 2, 3].map((n) => ({ lineNo: n, quantity: n, unitPrice: 10, productId: n }))
    const r = await f.send('POST', '/Orders', { body: { number, orderedAt: '2026-12-04T10:00:00Z', 'customer@odata.bind': 'Customers(1)', lines } })
    expect(r.statusCode, r.body).toBe(201)
    return (r.json() as Json).id as number
  }

  /** A PATCH that must be refused with nothing changed: status, code and target. */
  async function refused(path: string, body: unknown, status: number, code: string, target?: string, key = ADMIN_KEY) {
    const before = [await categories(), await labels()]
    const r = await f.send('PATCH', path, { body, headers: { 'x-api-key': key } })
    expect(r.statusCode, r.body).toBe(status)
    const error = (r.json() as { error: Json }).error
    expect(error).toMatchObject({ code, message: expect.any(String) })
    if (target !== undefined) expect(error.target).toBe(target)
    expect([await categories(), await labels()]).toEqual(before)
    return error
  }

  it('updates, creates and deletes the members of an entity set in one PATCH, answering a delta payload when asked', async () => {
    expect((await f.send('POST', '/Categories', { body: { code: 'DP_OLD', name: 'Old' } })).statusCode).toBe(201)
    const r = await f.send('PATCH', '/Categories', {
      headers: { 'x-api-key': ADMIN_KEY, prefer: 'return=representation' },
      body: delta([
        { '@id': "Categories('KITCHEN')", name: 'Kitchen and dining' },
        { code: 'GARDEN', name: 'Garden and patio' },
        { code: 'DP_NEW', name: 'Created by key' },
        { '@removed': { reason: 'deleted' }, '@id': "Categories('DP_OLD')" },
      ]),
    })
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json() as { value: Json[] }
    expect(body['@odata.context' as keyof typeof body]).toMatch(/\$metadata#Categories\/\$delta$/)
    expect(body.value).toEqual([
      expect.objectContaining({ code: 'KITCHEN', name: 'Kitchen and dining' }),
      expect.objectContaining({ code: 'GARDEN', name: 'Garden and patio' }),
      expect.objectContaining({ code: 'DP_NEW', name: 'Created by key' }),
      { '@removed': { reason: 'deleted' }, '@odata.id': expect.stringMatching(/Categories\('DP_OLD'\)$/) },
    ])
    expect((await category('KITCHEN'))?.name).toBe('Kitchen and dining')
    expect((await category('GARDEN'))?.name).toBe('Garden and patio')
    expect((await category('DP_NEW'))?.name).toBe('Created by key')
    expect(await category('DP_OLD')).toBeUndefined()
  })

  it('creates an entry of a set keyed by id as new, accepts the 4.0 forms, and answers 204 unless asked for the changes', async () => {
    const r = await f.send('PATCH', '/Tags', {
      body: { '@odata.context': '$metadata#Tags/$delta', value: [{ id: 9999, label: 'dp-added' }, { '@odata.id': 'Tags(2)', label: 'fresh' }] },
      headers: { 'x-api-key': ADMIN_KEY, prefer: 'return=minimal' },
    })
    expect(r.statusCode, r.body).toBe(204)
    expect(r.headers['preference-applied']).toBe('return=minimal')
    expect(await f.system.find('Catalog.Tag', 9999)).toBeUndefined()
    expect(await f.system.findByKey('Catalog.Tag', { label: 'dp-added' })).toBeDefined()
    expect((await f.system.find('Catalog.Tag', 2))?.label).toBe('fresh')
    for (const code of ['DP_G1', 'DP_G2']) expect((await f.send('POST', '/Categories', { body: { code, name: 'Gone' } })).statusCode).toBe(201)
    const removed = await f.send('PATCH', '/Categories', {
      body: { '@odata.context': '$metadata#Categories/$delta', value: [{ '@odata.context': '$metadata#Categories/$deletedEntity', id: "Categories('DP_G1')", reason: 'deleted' }, { '@odata.removed': { reason: 'deleted' }, code: 'DP_G2' }] },
      headers: { 'x-api-key': ADMIN_KEY, 'odata-version': '4.0', 'odata-maxversion': '4.0', prefer: 'return=representation' },
    })
    expect(removed.statusCode, removed.body).toBe(200)
    expect((removed.json() as { value: Json[] }).value).toEqual([expect.objectContaining({ id: expect.stringMatching(/Categories\('DP_G1'\)$/), reason: 'deleted' }), expect.objectContaining({ reason: 'deleted' })])
    expect(await category('DP_G1')).toBeUndefined()
    expect(await category('DP_G2')).toBeUndefined()
  })

  it('changes a collection-valued navigation with a delta payload: lines of an order, tags of a product', async () => {
    const id = await orderWithLines('SO-DP1')
    const r = await f.send('PATCH', `/Orders(${id})/lines?$select=lineNo,quantity`, {
      body: delta([{ '@removed': { reason: 'deleted' }, '@id': `OrderLines(orderId=${id},lineNo=1)` }, { lineNo: 2, quantity: 9 }, { lineNo: 5, quantity: 1, unitPrice: 1, productId: 6 }]),
    })
    expect(r.statusCode, r.body).toBe(200)
    expect((r.json() as { value: Json[] }).value).toEqual([{ '@removed': { reason: 'deleted' }, '@odata.id': expect.stringMatching(/OrderLines\(orderId=\d+,lineNo=1\)$/) }, expect.objectContaining({ lineNo: 2, quantity: 9 }), expect.objectContaining({ lineNo: 5, quantity: 1 })])
    expect(await linesOf(id)).toEqual(['2:9', '3:3', '5:1'])
    const p = (await f.system.findByKey('Catalog.Product', { sku: 'BK-1003' }))?.id as number
    const tags = await f.send('PATCH', `/Products(${p})/tags`, { body: delta([{ '@removed': { reason: 'changed' }, '@id': 'Tags(1)' }, { '@id': 'Tags(3)' }]) })
    expect(tags.statusCode, tags.body).toBe(204)
    expect(await tagsOf(p)).toEqual([3, 4])
    expect(await f.system.find('Catalog.Tag', 1)).toBeDefined()
  })

  it('rolls every entry back when one fails, naming the failing entry', async () => {
    const error = await refused('/Categories', delta([{ code: 'TOYS', name: 'Not kept' }, { code: 'DP_X', name: 'Not kept', colour: 'red' }]), 400, 'ODATA_UNKNOWN_PROPERTY', 'value[1]/colour')
    expect(error.message).toMatch(/^value\[1\]: .*colour/)
    await refused('/Categories', delta([{ code: 'DP_Y', name: 'Not kept' }, { '@removed': { reason: 'deleted' }, code: 'NOPE' }]), 400, 'ODATA_BAD_REFERENCE', 'value[1]/Categories')
    await refused('/Categories', delta([{ code: 'DP_Z', name: 'Not kept' }, { '@id': 'Tags(1)', name: 'x' }]), 400, 'ODATA_BAD_REFERENCE')
    await refused('/Categories', delta([{ code: 'DP_Z', name: 'Not kept' }, 'GARDEN']), 400, 'ODATA_BAD_PAYLOAD', 'value[1]')
    // A kernel failure (a required name missing) and a capability the set lacks roll back the entries before them too.
    const missing = await f.send('PATCH', '/Categories', { body: delta([{ code: 'GARDEN', name: 'Not kept' }, { code: 'DP_W' }]) })
    expect(missing.statusCode, missing.body).toBe(422)
    expect((missing.json() as { error: Json }).error.message).toMatch(/^value\[1\]: /)
    expect((await category('GARDEN'))?.name).not.toBe('Not kept')
    expect(await category('DP_W')).toBeUndefined()
    await refused('/Tags', delta([{ '@id': 'Tags(3)', label: 'not-kept' }, { '@removed': { reason: 'deleted' }, '@id': 'Tags(4)' }]), 405, 'ODATA_METHOD_NOT_ALLOWED', 'value[1]/Tags')
  })

  it('refuses a body that is not a delta payload, too many entries, and writes the caller may not make', async () => {
    await refused('/Categories', { value: [{ code: 'DP_V', name: 'V' }] }, 400, 'ODATA_BAD_PAYLOAD', '@context')
    await refused('/Categories', { code: 'DP_V', name: 'V' }, 400, 'ODATA_BAD_PAYLOAD', '@context')
    await refused('/Categories', { '@context': '#$delta', value: {} }, 400, 'ODATA_BAD_PAYLOAD', 'value')
    await refused('/Categories', delta([1, 2, 3, 4, 5, 6].map((n) => ({ code: `DP_L${n}`, name: 'L' }))), 400, 'ODATA_LIMIT_EXCEEDED')
    await refused('/Categories', delta([{ code: 'GARDEN', name: 'By a clerk' }]), 403, 'KERNEL_FORBIDDEN', undefined, CLERK_KEY)
  })

  it('runs a delta PATCH of a collection inside a JSON batch atomicity group', async () => {
    const batch = {
      requests: [
        { id: '1', atomicityGroup: 'g', method: 'PATCH', url: 'Categories', headers: { 'content-type': 'application/json' }, body: delta([{ code: 'DP_B1', name: 'In a batch' }]) },
        { id: '2', atomicityGroup: 'g', method: 'POST', url: 'Tags', headers: { 'content-type': 'application/json' }, body: { label: 'dp-batch' } },
      ],
    }
    const r = await f.send('POST', '/$batch', { body: batch })
    expect(r.statusCode, r.body).toBe(200)
    expect((r.json() as { responses: Json[] }).responses.map((x) => x.status)).toEqual([204, 201])
    expect((await category('DP_B1'))?.name).toBe('In a batch')
  })

  it('runs a delta PATCH of a collection in a multipart change set, and rolls the change set back when an entry fails', async () => {
    const part = (id: string, path: string, body: unknown) =>
      `--cs\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: ${id}\r\n\r\nPATCH ${path} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(body)}\r\n`
    const batch = (body: unknown) => `--batch\r\nContent-Type: multipart/mixed; boundary=cs\r\n\r\n${part('1', 'Categories', body)}--cs--\r\n--batch--\r\n`
    const headers = { 'x-api-key': ADMIN_KEY, 'content-type': 'multipart/mixed; boundary=batch' }
    const ok = await f.send('POST', '/$batch', { body: batch(delta([{ code: 'DP_M1', name: 'In a change set' }])), headers })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.body).toContain('HTTP/1.1 204')
    expect((await category('DP_M1'))?.name).toBe('In a change set')
    const failed = await f.send('POST', '/$batch', { body: batch(delta([{ code: 'DP_M2', name: 'Not kept' }, { code: 'DP_M3', colour: 'red' }])), headers })
    expect(failed.body).toContain('value[1]')
    expect(await category('DP_M2')).toBeUndefined()
  })

  it('rolls a navigation delta back when one entry fails', async () => {
    const id = await orderWithLines('SO-DP2')
    const r = await f.send('PATCH', `/Orders(${id})/lines`, { body: delta([{ lineNo: 2, quantity: 7 }, { '@removed': { reason: 'deleted' }, '@id': `OrderLines(orderId=${id},lineNo=1)` }, { lineNo: 9, quantity: 1, unitPrice: 1, productId: 1, colour: 'red' }]) })
    expect(r.statusCode, r.body).toBe(400)
    expect((r.json() as { error: Json }).error.target).toBe('value[2]/colour')
    expect(await linesOf(id)).toEqual(['1:1', '2:2', '3:3'])
  })
})
