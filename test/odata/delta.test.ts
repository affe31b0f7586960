import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { openODataFixture, ROOT, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()

type Json = Record<string, unknown>
const enc = encodeURIComponent
const TRACK = { prefer: 'odata.track-changes' }
/** A link the service wrote, as a path under the service root. */
const under = (link: unknown): string => {
  const text = String(link)
  return text.slice(text.indexOf(ROOT) + ROOT.length)
}
const PRODUCT = 'Catalog.Product'

describe.each(kinds)('OData delta links on %s', (kind) => {
  let f: ODataFixture
  let sku = 0
  const newProduct = async (price: number): Promise<number> => {
    const r = await f.send('POST', '/Products', { body: { sku: `DL-${kind.slice(0, 2).toUpperCase()}-${++sku}`, name: 'Delta', price } })
    expect(r.statusCode).toBe(201)
    return (r.json() as Json).id as number
  }
  const patch = async (id: number, body: Json) => expect((await f.send('PATCH', `/Products(${id})`, { body })).statusCode).toBe(204)
  const remove = async (id: number) => expect((await f.send('DELETE', `/Products(${id})`)).statusCode).toBe(204)
  /** Follows next links to the end of a delta; returns every entry and the delta link. */
  const readDelta = async (link: unknown, headers: Record<string, string> = {}): Promise<{ entries: Json[]; deltaLink: string; pages: number }> => {
    const entries: Json[] = []
    let next: unknown = link
    for (let pages = 1; ; pages++) {
      const r = await f.get(under(next), headers)
      expect(r.statusCode).toBe(200)
      const body = r.json() as Json
      entries.push(...(body.value as Json[]))
      if (body['@odata.deltaLink']) return { entries, deltaLink: String(body['@odata.deltaLink']), pages }
      next = body['@odata.nextLink']
      expect(next).toBeDefined()
    }
  }
  const start = async (query = `$filter=${enc('price lt 100')}&$select=sku,price`): Promise<string> => {
    let r = await f.get(`/Products?${query}`, TRACK)
    expect(r.headers['preference-applied']).toContain('odata.track-changes')
    while ((r.json() as Json)['@odata.nextLink']) r = await f.get(under((r.json() as Json)['@odata.nextLink']), TRACK)
    return String((r.json() as Json)['@odata.deltaLink'])
  }

  beforeAll(async () => {
    f = await openODataFixture(kind)
  })
  afterAll(async () => {
    await f?.close()
  })

  it('publishes Capabilities.ChangeTracking per entity set in CSDL XML and JSON', async () => {
    const xml = (await f.get('/$metadata')).body
    expect(xml).toMatch(/<EntitySet Name="Products"[\s\S]*?<Annotation Term="Capabilities.ChangeTracking"><Record><PropertyValue Property="Supported" Bool="true"\/>/)
    expect(xml).toMatch(/<EntitySet Name="Orders"[\s\S]*?<Annotation Term="Capabilities.ChangeTracking"><Record><PropertyValue Property="Supported" Bool="false"\/>/)
    const json = (await f.get('/$metadata?$format=json')).json() as Record<string, Record<string, Record<string, Json>>>
    const container = Object.values(json).find((s) => typeof s === 'object' && s.Container)?.Container as Record<string, Json>
    expect(container.Products?.['@Capabilities.ChangeTracking']).toEqual({ Supported: true })
    expect(container.Orders?.['@Capabilities.ChangeTracking']).toEqual({ Supported: false })
  })

  it('answers Prefer odata.track-changes with Preference-Applied and a delta link, only where changes are tracked', async () => {
    const tracked = await f.get('/Products?$select=sku', TRACK)
    expect(tracked.statusCode).toBe(200)
    expect(tracked.headers['preference-applied']).toBe('odata.track-changes')
    expect((tracked.json() as Json)['@odata.deltaLink']).toMatch(new RegExp(`${ROOT}/Products\\?\\$select=sku&\\$deltatoken=`))
    const plain = await f.get('/Products?$select=sku')
    expect(plain.headers['preference-applied']).toBeUndefined()
    expect((plain.json() as Json)['@odata.deltaLink']).toBeUndefined()
    const untracked = await f.get('/Orders', TRACK)
    expect(untracked.headers['preference-applied']).toBeUndefined()
    expect((untracked.json() as Json)['@odata.deltaLink']).toBeUndefined()
    const ordered = await f.get('/Products?$orderby=price', TRACK)
    expect((ordered.json() as Json)['@odata.deltaLink']).toBeUndefined()
  })

  it('returns inserted and changed entities in the defining shape, deleted and filter-leaving ones as removed', async () => {
    const doomed = await newProduct(30)
    const link = await start()
    const added = await newProduct(20)
    await patch(1, { price: 15.5 })
    await patch(2, { price: 500 })
    const transient = await newProduct(40)
    await remove(transient)
    const dear = await newProduct(700)
    await remove(doomed)

    const r = await f.get(under(link))
    expect(r.statusCode).toBe(200)
    const body = r.json() as Json
    expect(body['@odata.context']).toMatch(/\$metadata#Products\(sku,price\)\/\$delta$/)
    const entries = body.value as Json[]
    const id = (n: number) => expect.stringMatching(new RegExp(`${ROOT}/Products\\(${n}\\)$`))
    expect(entries).toEqual([
      { '@odata.id': id(1), '@odata.etag': 'W/"2"', sku: 'BK-1001', price: 15.5 },
      { '@removed': { reason: 'changed' }, '@odata.id': id(2) },
      { '@removed': { reason: 'deleted' }, '@odata.id': id(doomed) },
      { '@odata.id': id(added), '@odata.etag': 'W/"1"', sku: expect.stringMatching(/^DL-/), price: 20 },
      // Created and removed since: still reported, the initial read may have shown them.
      { '@removed': { reason: 'deleted' }, '@odata.id': id(transient) },
      { '@removed': { reason: 'changed' }, '@odata.id': id(dear) },
    ])
    // Nothing changed since: the next delta is empty and links on.
    const next = await f.get(under(body['@odata.deltaLink']))
    expect((next.json() as Json).value).toEqual([])
    expect((next.json() as Json)['@odata.deltaLink']).toEqual(expect.stringContaining('$deltatoken='))
    await patch(2, { price: 14 })
    const back = (await f.get(under((next.json() as Json)['@odata.deltaLink']))).json() as Json
    expect(back.value).toEqual([{ '@odata.id': id(2), '@odata.etag': 'W/"3"', sku: 'BK-1002', price: 14 }])
  })

  it('writes removed entities as $deletedEntity for OData 4.0 clients', async () => {
    const gone = await newProduct(10)
    const v40 = { ...TRACK, 'odata-maxversion': '4.0' }
    const first = await f.get(`/Products?$filter=${enc('price lt 100')}`, v40)
    expect(first.headers['odata-version']).toBe('4.0')
    await remove(gone)
    await patch(3, { price: 999 })
    const r = await f.get(under((first.json() as Json)['@odata.deltaLink']), v40)
    expect(r.headers['odata-version']).toBe('4.0')
    const entries = (r.json() as Json).value as Json[]
    expect(entries).toEqual([
      { '@odata.context': expect.stringMatching(/\$metadata#Products\/\$deletedEntity$/), id: expect.stringMatching(/\/Products\(3\)$/), reason: 'changed' },
      { '@odata.context': expect.stringMatching(/\$metadata#Products\/\$deletedEntity$/), id: expect.stringMatching(new RegExp(`/Products\\(${gone}\\)$`)), reason: 'deleted' },
    ])
    await patch(3, { price: 13 })
  })

  it('pages the initial read and a large delta with next links, the last page carrying the delta link', async () => {
    const paged = { ...TRACK, prefer: 'odata.track-changes, odata.maxpagesize=4' }
    let r = await f.get('/Products?$select=sku', paged)
    expect(r.headers['preference-applied']).toBe('odata.maxpagesize=4, odata.track-changes')
    expect((r.json() as Json)['@odata.deltaLink']).toBeUndefined()
    let pages = 1
    while ((r.json() as Json)['@odata.nextLink']) {
      r = await f.get(under((r.json() as Json)['@odata.nextLink']), paged)
      pages++
    }
    expect(pages).toBeGreaterThan(1)
    const link = (r.json() as Json)['@odata.deltaLink']
    const ids: number[] = []
    for (let i = 0; i < 7; i++) ids.push(await newProduct(1 + i))
    const delta = await readDelta(link, { prefer: 'odata.maxpagesize=3' })
    expect(delta.pages).toBe(3)
    expect(delta.entries.map((e) => Number(/\((\d+)\)$/.exec(String(e['@odata.id']))?.[1]))).toEqual(ids)
    expect((await readDelta(delta.deltaLink)).entries).toEqual([])
  })

  it('refuses a tampered delta token (400), one used with another query (400), and one older than the kept log (410)', async () => {
    const link = under(await start())
    const tampered = link.replace(/\$deltatoken=(.)/, (_m, c: string) => `$deltatoken=${c === 'A' ? 'B' : 'A'}`)
    const bad = await f.get(tampered)
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'ODATA_BAD_DELTATOKEN', target: '$deltatoken' } })
    const other = await f.get(link.replace(enc('price lt 100'), enc('price lt 200')))
    expect(other.statusCode).toBe(400)
    expect(other.json()).toMatchObject({ error: { code: 'ODATA_BAD_DELTATOKEN' } })
    await patch(4, { stock: 3 })
    // PostgreSQL prunes only changes of transactions older than every running one (in the whole cluster).
    await expect.poll(() => f.runtime.kernel.changes.prune(new Date(Date.now() + 60_000)), { timeout: 20_000, interval: 200 }).toBeGreaterThan(0)
    const gone = await f.get(link)
    expect(gone.statusCode).toBe(410)
    expect(gone.json()).toMatchObject({ error: { code: 'ODATA_DELTA_EXPIRED', target: '$deltatoken' } })
    // A fresh read starts over.
    expect((await f.get(under(await start()))).statusCode).toBe(200)
  })

  it('records change-log rows only for writes of tracked entities that commit', async () => {
    const rows = async () => Number((await f.runtime.store.driver.execute('SELECT count(*) AS "n" FROM "portico_change_log"')).rows[0]?.n)
    const link = await start('$select=sku')
    const before = await rows()
    await f.system.update('Sales.Customer', 1, { name: 'Renamed' })
    expect(await rows()).toBe(before)
    await expect(
      f.system.transaction(async (tx) => {
        await tx.update(PRODUCT, 7, { stock: 1 })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await rows()).toBe(before)
    expect((await readDelta(link)).entries).toEqual([])
    await f.system.update(PRODUCT, 7, { stock: 2 })
    expect(await rows()).toBe(before + 1)
    expect(f.runtime.kernel.changes.tracks(PRODUCT)).toBe(true)
    expect(f.runtime.kernel.changes.tracks('Sales.Order')).toBe(false)
  })

  // Only PostgreSQL runs writers concurrently; SQLite serializes them, so commit order is start order there.
  it.runIf(kind === 'postgres')('shows a transaction that started earlier and commits after a delta read in the next delta', async () => {
    const link = await start('$select=sku,stock')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let wrote!: () => void
    const written = new Promise<void>((resolve) => (wrote = resolve))
    // Transaction A writes first (it takes the smaller transaction id), then stays open.
    const slow = f.system.transaction(async (tx) => {
      await tx.update(PRODUCT, 5, { stock: 77 })
      wrote()
      await gate
    })
    let first: Awaited<ReturnType<typeof readDelta>>
    try {
      await written
      await patch(6, { stock: 66 }) // transaction B, started later, commits first
      first = await readDelta(link)
    } finally {
      release()
      await slow
    }
    expect(first.entries).toEqual([expect.objectContaining({ '@odata.id': expect.stringMatching(/\/Products\(6\)$/), stock: 66 })])
    const second = await readDelta(first.deltaLink)
    expect(second.entries).toEqual([expect.objectContaining({ '@odata.id': expect.stringMatching(/\/Products\(5\)$/), stock: 77 })])
    expect((await readDelta(second.deltaLink)).entries).toEqual([])
  })
})
