import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, any, arith, asc, call, count, eq, gt, isIn, lit, prop, vprop, type CrossJoinQuery, type Expr, type Query } from '../../query/index.js'
import { buildPhysicalSchema } from '../physical-schema.js'
import { databaseKinds } from '../../../test/support/databases.js'
import { loadExample } from '../../../test/support/example-app.js'
import { DISTINCTIVE_POOLS } from '../../../test/support/literal-pools.js'
import { crossJoinArbitrary, queryArbitrary } from '../../../test/support/query-arbitraries.js'
import { insertSeed, openQueryFixture, recordingExecutor, standardSeed, type QueryFixture } from '../../../test/support/query-fixture.js'
import { createQueryEngine } from './sql-query-engine.js'

const kinds = await databaseKinds()
const { index } = loadExample()
const physical = buildPhysicalSchema(index)

/** Every literal-ish value a query carries: expression literals, cursor values, search, paging. */
function valuesOf(query: Query | CrossJoinQuery): unknown[] {
  const out: unknown[] = [...(query.after ?? []), ...('search' in query && query.search ? [query.search] : [])]
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return
    if ((node as Expr).kind === 'literal') out.push((node as { value: unknown }).value)
    for (const child of Object.values(node)) walk(child)
  }
  walk(query.filter)
  walk(query.orderBy)
  if ('members' in query) walk(query.members)
  return out.filter((v) => v !== null && typeof v !== 'boolean')
}

function appearsIn(text: string, value: unknown): boolean {
  if (typeof value === 'number') return new RegExp(`(?<![0-9.])${String(value).replace('.', '\\.')}(?![0-9])`).test(text)
  return text.includes(String(value))
}

describe.each(['sqlite', 'postgres'] as const)('SQL text on %s', (dialect) => {
  const engine = createQueryEngine({ index, physical, dialect })

  it('never contains a literal: every value is a bound parameter', () => {
    const withExtras = queryArbitrary(index, DISTINCTIVE_POOLS).chain((q) =>
      fc.record({ search: fc.string({ minLength: 3 }).map((s) => `⟪${s}⟫`), top: fc.integer({ min: 1, max: 999 }) }).map((extra) => ({ ...q, ...extra, count: true })),
    )
    fc.assert(
      fc.property(withExtras, (query) => {
        for (const statement of engine.statements(query)) {
          for (const value of valuesOf(query)) expect(appearsIn(statement.sql, value), `${JSON.stringify(value)} in ${statement.sql}`).toBe(false)
          expect(statement.sql.includes('⟪')).toBe(false)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('never puts a literal of a cross join into SQL either', () => {
    const withTop = crossJoinArbitrary(index, DISTINCTIVE_POOLS).map((q) => ({ ...q, top: 777, count: true }))
    fc.assert(
      fc.property(withTop, (query) => {
        for (const statement of engine.statements(query)) {
          for (const value of [...valuesOf(query), 777]) expect(appearsIn(statement.sql, value), `${JSON.stringify(value)} in ${statement.sql}`).toBe(false)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('binds keyset cursors, in lists and expand filters as parameters too', () => {
    const marker = "⟪x'); DELETE FROM catalog_product; --⟫"
    const query: Query = {
      entity: 'Catalog.Product',
      filter: isIn(prop('name'), [lit(marker), lit(`${marker}2`)]),
      orderBy: [asc(prop('name'))],
      after: [marker, 123456789],
      expand: [{ navigation: 'tags', query: { filter: eq(prop('label'), lit(`${marker}3`)), top: 987 } }],
    }
    const statements = engine.statements(query)
    expect(statements).toHaveLength(2)
    for (const s of statements) {
      expect(s.sql).not.toContain('⟪')
      expect(s.sql).not.toContain('123456789')
      expect(s.sql).not.toContain('987')
    }
    expect(statements[0]?.params).toContain(marker)
  })

})

describe.each(kinds)('refusals on %s', (kind) => {
  let fx: QueryFixture
  beforeAll(async () => {
    fx = await openQueryFixture(kind, index)
    await insertSeed(fx.store, standardSeed())
  })
  afterAll(() => fx.dispose())

  const wide = (n: number): Expr => and(...Array.from({ length: n }, (_, i) => eq(prop('stock'), lit(i))))

  it.each([
    ['top', { entity: 'Catalog.Product', top: 1001 }],
    ['expand depth', { entity: 'Catalog.Category', expand: [{ navigation: 'children', query: { expand: [{ navigation: 'children', query: { expand: [{ navigation: 'children', query: { expand: [{ navigation: 'children', query: { expand: [{ navigation: 'products', query: {} }] } }] } }] } }] } }] }],
    ['filter nodes', { entity: 'Catalog.Product', filter: wide(100) }],
    ['lambda nesting', { entity: 'Sales.Customer', filter: any(['orders'], 'o', any(['lines'], 'l', any(['product', 'tags'], 't', any(['products'], 'p', lit(true), 't'), 'l'), 'o')) }],
    ['in values', { entity: 'Catalog.Product', filter: isIn(prop('stock'), Array.from({ length: 501 }, (_, i) => lit(i))) }],
    ['expand top', { entity: 'Sales.Order', expand: [{ navigation: 'lines', query: { top: 5000 } }] }],
  ] as [string, Query][])('refuses a query over the %s limit before any SQL runs', async (_limit, query) => {
    const recorder = recordingExecutor(fx.db.driver)
    await expect(fx.store.queries.execute(recorder, query)).rejects.toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', category: 'too-large' })
    expect(recorder.statements).toEqual([])
  })

  it('refuses a cross join over the member limit, or with a path outside its members, before any SQL runs', async () => {
    const recorder = recordingExecutor(fx.db.driver)
    const members = ['A', 'B', 'C', 'D', 'E'].map((name) => ({ name, entity: 'Catalog.Tag' }))
    const bad: [CrossJoinQuery, string][] = [
      [{ kind: 'crossJoin', members }, 'QUERY_LIMIT_EXCEEDED'],
      [{ kind: 'crossJoin', members: members.slice(0, 2), filter: eq(prop('label'), lit('x')) }, 'QUERY_BAD_PATH'],
      [{ kind: 'crossJoin', members: members.slice(0, 2), filter: eq(vprop('Z', 'label'), lit('x')) }, 'QUERY_UNKNOWN_VARIABLE'],
      [{ kind: 'crossJoin', members: [members[0]!, members[0]!] }, 'QUERY_BAD_ARGUMENTS'],
      [{ kind: 'crossJoin', members: members.slice(0, 2), after: [1] }, 'QUERY_BAD_CURSOR'],
    ]
    for (const [query, code] of bad) await expect(fx.store.queries.execute(recorder, query), code).rejects.toMatchObject({ code })
    expect(recorder.statements).toEqual([])
  })

  it('refuses unknown members, type errors and bad literals before any SQL runs', async () => {
    const recorder = recordingExecutor(fx.db.driver)
    const bad: [Query, string][] = [
      [{ entity: 'Catalog.Product', filter: eq(prop('pric'), lit(1)) }, 'QUERY_UNKNOWN_PROPERTY'],
      [{ entity: 'Catalog.Product', filter: eq(prop('price'), lit('cheap')) }, 'QUERY_TYPE_MISMATCH'],
      [{ entity: 'Catalog.Product', filter: eq(prop('status'), lit('Sold')) }, 'QUERY_BAD_LITERAL'],
      [{ entity: 'Sales.Order', filter: gt(count(['customer']), lit(1)) }, 'QUERY_NOT_A_COLLECTION'],
      [{ entity: 'Catalog.Product', orderBy: [asc(prop('name'))], after: ['x'] }, 'QUERY_BAD_CURSOR'],
      [{ entity: 'Catalog.Product', filter: call('matchesPattern', prop('name'), lit('\\bword')) }, 'QUERY_BAD_ARGUMENTS'],
      [{ entity: 'Catalog.Nothing' }, 'QUERY_UNKNOWN_ENTITY'],
    ]
    for (const [query, code] of bad) await expect(fx.store.queries.execute(recorder, query)).rejects.toMatchObject({ code, category: 'invalid' })
    expect(recorder.statements).toEqual([])
  })

  it('reports arithmetic overflow as an invalid request, never an internal error', async () => {
    const huge = lit(9007199254740991)
    const query: Query = { entity: 'Catalog.Product', filter: gt(arith('mul', arith('mul', prop('stock'), huge), huge), lit(0)) }
    if (kind === 'postgres') {
      await expect(fx.store.query(query)).rejects.toMatchObject({ code: 'STORE_DATA_EXCEPTION', category: 'invalid' })
    } else {
      // SQLite continues in floating point past 2^63 (docs/query.md, "Limits of agreement").
      expect((await fx.store.query(query)).rows.length).toBeGreaterThan(0)
    }
  })
})
