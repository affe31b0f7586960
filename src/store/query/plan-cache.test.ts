import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { and, arith, eq, gt, lit, prop, type Query } from '../../query/index.js'
import { buildPhysicalSchema } from '../physical-schema.js'
import { loadExample } from '../../../test/support/example-app.js'
import { EXACT_POOLS, shiftedPools } from '../../../test/support/literal-pools.js'
import { queryArbitrary } from '../../../test/support/query-arbitraries.js'
import { queryShape } from './query-shape.js'
import { createQueryEngine } from './sql-query-engine.js'

const { index } = loadExample()
const physical = buildPhysicalSchema(index)

function outcome(run: () => unknown): unknown {
  try {
    return run()
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) }
  }
}

describe.each(['sqlite', 'postgres'] as const)('plans reused by query shape on %s', (dialect) => {
  it('give the same statements and errors as a fresh compile for other values of the same shape', () => {
    let sameShape = 0
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const [a] = fc.sample(queryArbitrary(index, EXACT_POOLS), { seed, numRuns: 1 }) as [Query]
        const [b] = fc.sample(queryArbitrary(index, shiftedPools(EXACT_POOLS)), { seed, numRuns: 1 }) as [Query]
        if (queryShape(a).key === queryShape(b).key) sameShape++
        const cached = createQueryEngine({ index, physical, dialect })
        outcome(() => cached.statements(a))
        const fresh = createQueryEngine({ index, physical, dialect })
        expect(outcome(() => cached.statements(b))).toEqual(outcome(() => fresh.statements(b)))
      }),
      { numRuns: 400 },
    )
    expect(sameShape).toBeGreaterThan(200)
  })

  it('re-reads values on reuse: a bad enumeration value or date is still refused', () => {
    const engine = createQueryEngine({ index, physical, dialect })
    const query = (status: string, released: string): Query => ({
      entity: 'Catalog.Product',
      filter: and(eq(prop('status'), lit(status)), eq(prop('releasedOn'), lit(released))),
      top: 5,
    })
    expect(engine.compile(query('Active', '2024-01-31')).params).toEqual(['Active', '2024-01-31', 5])
    expect(() => engine.compile(query('Sold', '2024-01-31'))).toThrow(expect.objectContaining({ code: 'QUERY_BAD_LITERAL' }))
    expect(() => engine.compile(query('Draft', '2024-02-30'))).toThrow(expect.objectContaining({ code: 'QUERY_BAD_LITERAL' }))
    expect(() => engine.compile({ ...query('Draft', '2024-02-01'), top: 5000 })).toThrow(expect.objectContaining({ code: 'QUERY_LIMIT_EXCEEDED' }))
    expect(engine.compile({ ...query('Draft', '2024-02-01'), top: 7 }).params).toEqual(['Draft', '2024-02-01', 7])
  })

  it('re-reads durations on reuse, typed or plain, as milliseconds', () => {
    const engine = createQueryEngine({ index, physical, dialect })
    const since = lit('2024-01-01T00:00:00Z', 'DateTime')
    const typed = (text: string): Query => ({ entity: 'Sales.Order', filter: gt(arith('add', prop('orderedAt'), lit(text, 'Duration')), since) })
    const plain = (text: string): Query => ({ entity: 'Sales.Order', filter: gt(arith('sub', prop('orderedAt'), since), lit(text)) })
    expect(engine.compile(typed('P1D')).params).toContain(86_400_000)
    expect(engine.compile(typed('-PT0.5S')).params).toContain(-500)
    expect(() => engine.compile(typed('P1M'))).toThrow(expect.objectContaining({ code: 'QUERY_BAD_LITERAL' }))
    expect(engine.compile(plain('PT1M')).params).toContain(60_000)
    expect(engine.compile(plain('PT2M')).params).toContain(120_000)
    expect(() => engine.compile(plain('2 minutes'))).toThrow(expect.objectContaining({ code: 'QUERY_BAD_LITERAL' }))
  })

  it('normalises reused cursor values and search terms', () => {
    const engine = createQueryEngine({ index, physical, dialect })
    const page = (after: string, search: string): Query => ({ entity: 'Sales.Order', orderBy: [{ expr: prop('orderedAt'), direction: 'asc' }], after: [after, 3], search })
    engine.compile(page('2024-01-01T00:00:00Z', 'Foo'))
    const { params } = engine.compile(page('2024-01-01T01:00:00+01:00', 'BAR'))
    expect(params).toContain('2024-01-01T00:00:00.000Z')
    expect(params).toContain('bar')
    expect(() => engine.compile(page('yesterday', 'x'))).toThrow(expect.objectContaining({ code: 'QUERY_BAD_CURSOR' }))
  })
})
