import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkCrossJoin, checkQuery, evaluateCrossJoin, evaluateQuery, type CrossJoinQuery, type Dataset, type Literal, type Query } from '../../query/index.js'
import { databaseKinds } from '../../../test/support/databases.js'
import { loadExample } from '../../../test/support/example-app.js'
import { aggregateQueryArbitrary, crossJoinArbitrary, queryArbitrary } from '../../../test/support/query-arbitraries.js'
import { datasetArbitrary } from '../../../test/support/query-dataset-arbitrary.js'
import { insertSeed, openQueryFixture, type QueryFixture } from '../../../test/support/query-fixture.js'

const kinds = await databaseKinds()
const { index } = loadExample()
/** One dataset per run; its seed is in every failure message so the run can be repeated. */
const DATA_SEED = Date.now() % 1_000_000_007

describe(`query semantics agree on ${kinds.join(', ')} and the reference evaluator (dataset seed ${DATA_SEED})`, () => {
  const fixtures: QueryFixture[] = []
  let data: Dataset
  beforeAll(async () => {
    const seed = fc.sample(datasetArbitrary(), { seed: DATA_SEED, numRuns: 1 })[0]
    if (!seed) throw new Error('no dataset')
    for (const kind of kinds) {
      const fx = await openQueryFixture(kind, index)
      fixtures.push(fx)
      data = await insertSeed(fx.store, seed)
    }
  })
  afterAll(async () => {
    for (const fx of fixtures) await fx.dispose()
  })

  async function agree(query: Query): Promise<void> {
    const expected = evaluateQuery(data, query, index).rows.map((r) => r.id)
    for (const fx of fixtures) {
      const { rows } = await fx.store.query(query)
      expect(rows.map((r) => r.id), `${fx.kind} for ${JSON.stringify(query)}`).toEqual(expected)
    }
  }

  it('returns the same ids in the same order for random filters, sorts and pages', async () => {
    await fc.assert(
      fc.asyncProperty(queryArbitrary(index), async (query) => agree({ ...query, select: [] })),
      { numRuns: 1000 },
    )
  })

  it('continues a page exactly after any row with a keyset cursor', async () => {
    const arbitrary = queryArbitrary(index).chain((query) => fc.tuple(fc.constant(query), fc.nat()))
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([query, pick]) => {
        const { top: _top, skip: _skip, ...unpaged } = query
        const all = evaluateQuery(data, { ...unpaged, select: [] }, index).rows
        if (all.length === 0) return
        const typed = checkQuery(unpaged, index)
        const row = all[pick % all.length] as Record<string, unknown>
        const after = sortKeysOf(unpaged, row.id as number)
        await agree({ ...unpaged, after, select: [] })
        expect(typed.orderBy.length).toBe(after.length)
      }),
      { numRuns: 200 },
    )
  })

  it('aggregates to the same rows and group counts', async () => {
    await fc.assert(
      fc.asyncProperty(aggregateQueryArbitrary(index), async (query) => {
        const expected = evaluateQuery(data, query, index)
        for (const fx of fixtures) expect(await fx.store.query(query), `${fx.kind} for ${JSON.stringify(query)}`).toEqual(expected)
      }),
      { numRuns: 300 },
    )
  })

  it('cross joins to the same pairs in the same order, and continues after any pair', async () => {
    const ids = (rows: readonly Record<string, unknown>[]) => rows.map((r) => [(r.A as Record<string, unknown>).id, (r.B as Record<string, unknown>).id])
    await fc.assert(
      fc.asyncProperty(crossJoinArbitrary(index), fc.nat(), async (query, pick) => {
        const expected = evaluateCrossJoin(data, query, index)
        for (const fx of fixtures) {
          const got = await fx.store.query(query)
          expect(ids(got.rows), `${fx.kind} for ${JSON.stringify(query)}`).toEqual(ids(expected.rows))
          expect(got.count, `${fx.kind} count for ${JSON.stringify(query)}`).toBe(expected.count)
        }
        const { top: _top, skip: _skip, count: _count, ...unpaged } = query
        const compute = (query.orderBy ?? []).map((s, i) => ({ as: `k${i}`, expr: s.expr }))
        const all = evaluateCrossJoin(data, { ...unpaged, compute }, index).rows
        const row = all[pick % Math.max(all.length, 1)]
        if (!row) return
        const after: Literal[] = [...compute.map((c) => (row[c.as] ?? null) as Literal), ...ids([row])[0] as Literal[]]
        const continued: CrossJoinQuery = { ...unpaged, after }
        expect(checkCrossJoin(continued, index).orderBy.length).toBe(after.length)
        const rest = ids(evaluateCrossJoin(data, continued, index).rows)
        expect(rest).toEqual(ids(all).slice((pick % all.length) + 1))
        for (const fx of fixtures) expect(ids((await fx.store.query(continued)).rows), `${fx.kind} after ${JSON.stringify(after)}`).toEqual(rest)
      }),
      { numRuns: 200 },
    )
  })

  /** The sort-key values of one row, computed by the evaluator through a compute per key. */
  function sortKeysOf(query: Query, id: number): Literal[] {
    const compute = (query.orderBy ?? []).map((s, i) => ({ as: `k${i}`, expr: s.expr }))
    const [row] = evaluateQuery(data, { entity: query.entity, compute, filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['id'] }, right: { kind: 'literal', value: id } } }, index).rows
    return [...compute.map((c) => (row?.[c.as] ?? null) as Literal), id]
  }
})
