import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aggregate, any, arith, asc, call, count, desc, eq, evaluateQuery, gt, lit, ne, prop, vprop, type Dataset, type Query } from '../../query/index.js'
import { databaseKinds } from '../../../test/support/databases.js'
import { loadExample } from '../../../test/support/example-app.js'
import { insertSeed, openQueryFixture, standardSeed, type QueryFixture } from '../../../test/support/query-fixture.js'
import type { QueryResult } from './query-engine.js'

const kinds = await databaseKinds()
const { index } = loadExample()

describe.each(kinds)('results on %s', (kind) => {
  let fx: QueryFixture
  let data: Dataset
  beforeAll(async () => {
    fx = await openQueryFixture(kind, index)
    data = await insertSeed(fx.store, standardSeed())
  })
  afterAll(() => fx.dispose())

  /** Runs the query and checks the whole result against the reference evaluator. */
  async function run(query: Query): Promise<QueryResult> {
    const result = await fx.store.query(query)
    expect(result).toEqual(evaluateQuery(data, query, index))
    return result
  }

  it('sorts nulls first ascending and last descending, strings by code point, id last', async () => {
    const up = await run({ entity: 'Catalog.Product', orderBy: [asc(prop('weightKg'))], select: ['weightKg'] })
    expect(up.rows.map((r) => r.id)).toEqual([2, 5, 6, 1, 3, 4])
    const down = await run({ entity: 'Catalog.Product', orderBy: [desc(prop('weightKg'))], select: [] })
    expect(down.rows.map((r) => r.id)).toEqual([4, 3, 1, 6, 2, 5])
    const names = await run({ entity: 'Catalog.Product', orderBy: [asc(prop('name'))], select: ['name'] })
    expect(names.rows.map((r) => r.name)).toEqual(['Chess', 'Go', 'The Hobbit', 'Zeta 100%', 'dune', 'ümlaut'])
    const byNav = await run({ entity: 'Catalog.Product', orderBy: [desc(prop('category', 'name')), desc(prop('stock'))], select: ['sku'] })
    expect(byNav.rows.map((r) => r.id)).toEqual([6, 1, 2, 4, 3, 5])
  })

  it('returns only the selected members plus the id, references as target ids, and computed values', async () => {
    const { rows } = await run({
      entity: 'Catalog.Product',
      filter: eq(prop('sku'), lit('GM-2')),
      select: ['name', 'category', 'stockValue', 'isHeavy'],
      compute: [
        { as: 'stockValue', expr: arith('mul', prop('price'), prop('stock')) },
        { as: 'isHeavy', expr: gt(prop('weightKg'), lit(1)) },
        { as: 'unused', expr: lit(1) },
      ],
    })
    expect(rows).toEqual([{ id: 4, name: 'Go', category: 3, stockValue: 281.75, isHeavy: true }])
    const filtered = await run({ entity: 'Catalog.Product', compute: [{ as: 'half', expr: arith('divby', prop('stock'), lit(2)) }], filter: gt(prop('half'), lit(4)), orderBy: [desc(prop('half'))], select: ['half'] })
    expect(filtered.rows).toEqual([{ id: 5, half: 50 }, { id: 1, half: 5 }])
  })

  it('returns computed durations as ISO 8601 text, sorts by them and pages after them', async () => {
    const age = { as: 'age', expr: arith('sub', prop('orderedAt'), lit('2024-03-01T00:00:00Z', 'DateTime')) }
    const later = { as: 'later', expr: arith('add', prop('orderedAt'), lit('PT12H', 'Duration')) }
    const { rows } = await run({ entity: 'Sales.Order', compute: [age, later], select: ['age', 'later'], orderBy: [desc(prop('age'))] })
    expect(rows).toEqual([
      { id: 4, age: 'P125DT12H', later: '2024-07-05T00:00:00.000Z' },
      { id: 2, age: 'P1DT23H59M59.999S', later: '2024-03-03T11:59:59.999Z' },
      { id: 1, age: 'PT10H15M30.25S', later: '2024-03-01T22:15:30.250Z' },
      { id: 3, age: '-P61D', later: '2023-12-31T12:00:00.000Z' },
    ])
    const page = await run({ entity: 'Sales.Order', compute: [age], select: ['age'], orderBy: [desc(prop('age'))], after: ['PT10H15M30.25S', 1] })
    expect(page.rows).toEqual([{ id: 3, age: '-P61D' }])
    const extremes = await run({ entity: 'Sales.Order', aggregate: { groupBy: [], aggregates: [aggregate('max', 'longest', age.expr)] } })
    expect(extremes.rows).toEqual([{ longest: 'P125DT12H' }])
  })

  it('decodes every attribute type the same way on both databases; an expanded reference replaces its id', async () => {
    const { rows } = await run({ entity: 'Sales.Order', filter: eq(prop('number'), lit('SO-1')), expand: [{ navigation: 'customer', query: {} }] })
    expect(rows[0]).toMatchObject({ number: 'SO-1', status: 'Paid', orderedAt: '2024-03-01T10:15:30.250Z', total: 50, note: 'rush', version: 1 })
    expect(rows[0]?.customer).toMatchObject({ vip: true, country: 'DE', customerNumber: 1 })
  })

  it('counts the matching objects ignoring top and skip', async () => {
    const result = await run({ entity: 'Catalog.Product', filter: ne(prop('status'), lit('Retired')), top: 2, skip: 1, count: true, select: [] })
    expect(result).toEqual({ rows: [{ id: 3 }, { id: 4 }], count: 5 })
    expect((await run({ entity: 'Catalog.Product', skip: 10, count: true, select: [] })).count).toBe(6)
  })

  it('expands nested levels with per-parent filter, order, top, skip and count', async () => {
    const { rows } = await run({
      entity: 'Sales.Customer',
      select: ['name'],
      expand: [
        {
          navigation: 'orders',
          query: {
            select: ['number', 'total'],
            orderBy: [desc(prop('orderedAt'))],
            top: 1,
            count: true,
            expand: [
              {
                navigation: 'lines',
                query: {
                  filter: gt(prop('quantity'), lit(1)),
                  select: ['quantity'],
                  expand: [{ navigation: 'product', query: { select: ['sku'], expand: [{ navigation: 'tags', query: { orderBy: [asc(prop('label'))], skip: 1, select: ['label'] } }] } }],
                },
              },
            ],
          },
        },
      ],
    })
    expect(rows[0]).toEqual({
      id: 1,
      name: 'Ann',
      'orders@count': 2,
      orders: [{ id: 1, number: 'SO-1', total: 50, lines: [{ id: 1, quantity: 2, product: { id: 1, sku: 'BK-1', tags: [{ id: 1, label: 'new' }] } }] }],
    })
    expect(rows[1]).toMatchObject({ name: 'Bob', 'orders@count': 1, orders: [{ number: 'SO-2', lines: [] }] })
  })

  it('expands to-one navigations with a filter, and reference sets from both sides', async () => {
    await run({ entity: 'Catalog.Product', select: ['sku'], expand: [{ navigation: 'category', query: { filter: ne(prop('code'), lit('BOOKS')), expand: [{ navigation: 'parent', query: { select: ['code'] } }] } }] })
    const tags = await run({ entity: 'Catalog.Tag', expand: [{ navigation: 'products', query: { select: ['sku'], orderBy: [desc(prop('price'))], count: true } }] })
    expect(tags.rows.find((t) => t.label === 'Sale')?.products).toEqual([{ id: 4, sku: 'GM-2' }, { id: 3, sku: 'GM-1' }])
    await run({ entity: 'Catalog.Category', expand: [{ navigation: 'children', query: { expand: [{ navigation: 'products', query: { top: 1 } }] } }, { navigation: 'products', query: { count: true, top: 0 } }] })
  })

  it('aggregates with groupBy over a navigation path, having, order and count of groups', async () => {
    const result = await run({
      entity: 'Sales.OrderLine',
      aggregate: {
        groupBy: [prop('product', 'category', 'name')],
        aggregates: [
          aggregate('sum', 'revenue', arith('mul', prop('unitPrice'), prop('quantity'))),
          aggregate('sum', 'units', prop('quantity')),
          aggregate('avg', 'avgPrice', prop('unitPrice')),
          aggregate('count', 'lines'),
          aggregate('countdistinct', 'orders', prop('order')),
          aggregate('max', 'maxSku', prop('product', 'sku')),
          aggregate('min', 'vip', prop('order', 'customer', 'vip')),
        ],
        having: gt(prop('lines'), lit(0)),
      },
      orderBy: [desc(prop('revenue'))],
      count: true,
    })
    expect(result.count).toBe(3)
    expect(result.rows[0]).toEqual({ 'product/category/name': 'Board games', revenue: 130.5, units: 4, avgPrice: 90.25 / 3, lines: 3, orders: 3, maxSku: 'GM-2', vip: false })
  })

  it('aggregates without groupBy into one row, even over nothing', async () => {
    const none = await run({ entity: 'Catalog.Product', filter: eq(prop('sku'), lit('none')), aggregate: { groupBy: [], aggregates: [aggregate('count', 'n'), aggregate('sum', 'stock', prop('stock'))] } })
    expect(none.rows).toEqual([{ n: 0, stock: null }])
    await run({
      entity: 'Catalog.Product',
      aggregate: { groupBy: [prop('status'), prop('category')], aggregates: [aggregate('sum', 'value', prop('price')), aggregate('avg', 'w', prop('weightKg'))], having: gt(prop('value'), lit(5)) },
      orderBy: [asc(prop('category')), desc(prop('status'))],
      skip: 1,
      top: 3,
    })
  })

  it('filters and sorts expanded collections with lambdas and counts inside', async () => {
    await run({
      entity: 'Sales.Order',
      filter: any(['lines'], 'l', gt(vprop('l', 'quantity'), lit(0))),
      orderBy: [desc(count(['lines'])), asc(call('tolower', prop('number')))],
      expand: [{ navigation: 'lines', query: { filter: any(['product', 'tags'], 't'), orderBy: [desc(prop('product', 'price'))] } }],
    })
  })
})
