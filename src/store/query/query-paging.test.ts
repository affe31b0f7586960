import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { asc, compareKeys, checkQuery, desc, evaluateQuery, gt, lit, prop, type Literal, type Query, type SortItem } from '../../query/index.js'
import { databaseKinds } from '../../../test/support/databases.js'
import { loadExample } from '../../../test/support/example-app.js'
import { completeRow, insertSeed, openQueryFixture, standardSeed, type QueryFixture } from '../../../test/support/query-fixture.js'

const kinds = await databaseKinds()
const { index } = loadExample()

/** A tiny deterministic generator, so a failure repeats. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

describe.each(kinds)('keyset paging on %s', (kind) => {
  let fx: QueryFixture
  beforeEach(async () => {
    fx = await openQueryFixture(kind, index)
    await insertSeed(fx.store, standardSeed())
  })
  afterEach(() => fx.dispose())

  let sku = 0
  async function insertProducts(next: () => number, n: number): Promise<void> {
    const rows = Array.from({ length: n }, () =>
      completeRow(fx.store, 'Catalog.Product', {
        sku: `P-${++sku}`,
        name: ['alpha', 'Beta', 'gamma', 'Delta'][Math.floor(next() * 4)],
        price: Math.floor(next() * 8) * 2.5,
        stock: Math.floor(next() * 5),
        status: 'Active',
        weightKg: next() < 0.3 ? null : Math.floor(next() * 4) * 0.5,
        category: next() < 0.3 ? null : 1 + Math.floor(next() * 3),
      }),
    )
    await fx.store.insert('Catalog.Product', rows)
  }

  /** Pages through with `after`, inserting rows between pages; returns the ids seen, in order. */
  async function pageThrough(orderBy: readonly SortItem[], keys: readonly string[], next: () => number): Promise<{ seen: number[]; cursors: Literal[][] }> {
    const seen: number[] = []
    const cursors: Literal[][] = []
    let after: Literal[] | undefined
    for (let page = 0; page < 50; page++) {
      const query: Query = { entity: 'Catalog.Product', orderBy, top: 4, ...(after ? { after } : {}), filter: gt(prop('price'), lit(-1)) }
      const { rows } = await fx.store.query(query)
      if (rows.length === 0) break
      for (const r of rows) {
        seen.push(r.id as number)
        cursors.push([...keys.map((k) => r[k] as Literal), r.id as number])
      }
      const last = rows[rows.length - 1] as Record<string, unknown>
      after = [...keys.map((k) => last[k] as Literal), last.id as number]
      await insertProducts(next, 3)
    }
    return { seen, cursors }
  }

  it.each([
    ['price descending', [desc(prop('price'))], ['price']],
    ['nullable weight ascending, name descending', [asc(prop('weightKg')), desc(prop('name'))], ['weightKg', 'name']],
    ['nullable weight descending, stock ascending', [desc(prop('weightKg')), asc(prop('stock'))], ['weightKg', 'stock']],
    ['category descending, name ascending', [desc(prop('category')), asc(prop('name'))], ['category', 'name']],
  ] as const)('skips and repeats no row while rows are inserted between pages (%s)', async (_name, orderBy, keys) => {
    const next = random(kind.length * 7 + keys.length)
    await insertProducts(next, 12)
    const before = (await fx.store.query({ entity: 'Catalog.Product', select: [] })).rows.map((r) => r.id as number)
    const { seen, cursors } = await pageThrough(orderBy, keys, next)
    expect(new Set(seen).size, 'no row twice').toBe(seen.length)
    for (const id of before) expect(seen, `row ${id} present before paging is seen`).toContain(id)
    const typed = checkQuery({ entity: 'Catalog.Product', orderBy }, index)
    for (let i = 1; i < cursors.length; i++) {
      expect(compareKeys(cursors[i - 1] as Literal[], cursors[i] as Literal[], typed.orderBy), 'pages continue the sort order').toBeLessThan(0)
    }
  })

  it('pages with skip and top the same way as the reference evaluator', async () => {
    const next = random(99)
    await insertProducts(next, 20)
    const data = new Map([['Catalog.Product', (await fx.store.query({ entity: 'Catalog.Product' })).rows]])
    for (const [skip, top] of [[0, 5], [5, 5], [24, 5], [30, 1], [3, 0]] as const) {
      const query: Query = { entity: 'Catalog.Product', orderBy: [asc(prop('weightKg')), desc(prop('name'))], skip, top, select: [] }
      const { rows } = await fx.store.query(query)
      expect(rows).toEqual(evaluateQuery(data, query, index).rows)
    }
  })
})
