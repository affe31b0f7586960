import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadExample } from '../../test/support/example-app.js'
import { aggregate, all, and, any, arith, asc, call, count, desc, eq, gt, isIn, lit, lt, not, prop, vprop } from './build.js'
import type { Query } from './ast.js'
import { queryErrors } from './errors.js'
import { checkQuery } from './typecheck.js'
import type { TypedCompare, TypedExpr, TypedMember } from './typed-query.js'

const { index } = loadExample()
const check = (query: Query) => checkQuery(query, index)
const filterOf = (query: Query): TypedExpr => check(query).filter as TypedExpr

function refusal(query: Query): { code: string; message: string; target?: string } {
  try {
    check(query)
  } catch (error) {
    const e = error as { code: string; message: string; target?: string }
    return { code: e.code, message: e.message, ...(e.target ? { target: e.target } : {}) }
  }
  throw new Error('query was accepted')
}

describe('checkQuery', () => {
  it('names the member, the entity and what is allowed', () => {
    const e = refusal({ entity: 'Catalog.Product', filter: eq(prop('pric'), lit(1)) })
    expect(e.code).toBe('QUERY_UNKNOWN_PROPERTY')
    expect(e.target).toBe('pric')
    expect(e.message).toMatch(/^'pric' is not a member of Catalog\.Product; members: sku, name, description, price/)
    expect(refusal({ entity: 'Catalog.Product', filter: eq(prop('category', 'nam'), lit('x')) }).message).toContain('of Catalog.Category')
    expect(refusal({ entity: 'Catalog.Product', select: ['tags'] }).code).toBe('QUERY_BAD_PATH')
    expect(refusal({ entity: 'Sales.Order', filter: eq(prop('lines', 'quantity'), lit(1)) }).code).toBe('QUERY_BAD_PATH')
    expect(refusal({ entity: 'Sales.Order', filter: eq(prop('number', 'x'), lit(1)) }).code).toBe('QUERY_BAD_PATH')
  })

  it('refuses a null sort key, which PostgreSQL cannot order by', () => {
    expect(refusal({ entity: 'Catalog.Product', orderBy: [asc(lit(null))] })).toMatchObject({ code: 'QUERY_TYPE_MISMATCH', target: 'orderBy' })
  })

  it('resolves paths through to-one navigations, with nullability', () => {
    const f = filterOf({ entity: 'Sales.OrderLine', filter: eq(prop('order', 'customer', 'country'), lit('DE')) }) as TypedCompare
    const member = f.left as TypedMember
    expect(member.navigations.map((n) => n.name)).toEqual(['order', 'customer'])
    expect(member.info).toEqual({ type: 'String', nullable: true })
    const required = (filterOf({ entity: 'Sales.OrderLine', filter: eq(prop('order', 'number'), lit('x')) }) as TypedCompare).left
    expect(required.info.nullable).toBe(false)
    const optionalNav = (filterOf({ entity: 'Catalog.Product', filter: eq(prop('category', 'code'), lit('x')) }) as TypedCompare).left
    expect(optionalNav.info.nullable).toBe(true)
    const reference = (filterOf({ entity: 'Catalog.Product', filter: eq(prop('category'), lit(1)) }) as TypedCompare).left
    expect(reference).toMatchObject({ member: { kind: 'reference' }, info: { type: 'Long', nullable: true } })
  })

  it('normalises literals compared with dates, date-times, times, UUIDs and enumerations', () => {
    const right = (query: Query) => (filterOf(query) as TypedCompare).right
    expect(right({ entity: 'Sales.Order', filter: eq(prop('orderedAt'), lit('2024-03-01T12:00:00+02:00')) })).toMatchObject({ value: '2024-03-01T10:00:00.000Z', info: { type: 'DateTime' } })
    expect(right({ entity: 'Sales.Order', filter: eq(prop('orderedAt'), lit('2024-03-01T12:00Z')) })).toMatchObject({ value: '2024-03-01T12:00:00.000Z' })
    expect(right({ entity: 'Catalog.Product', filter: eq(prop('releasedOn'), lit('2024-02-29')) })).toMatchObject({ value: '2024-02-29', info: { type: 'Date' } })
    expect(right({ entity: 'Sales.Order', filter: eq(call('time', prop('orderedAt')), lit('09:05')) })).toMatchObject({ value: '09:05:00.000' })
    expect(right({ entity: 'Catalog.Product', filter: eq(prop('status'), lit('Active')) })).toMatchObject({ info: { type: 'Enum', enumeration: 'Catalog.ProductStatus' } })
    const bad = refusal({ entity: 'Catalog.Product', filter: eq(prop('status'), lit('Sold')) })
    expect(bad).toMatchObject({ code: 'QUERY_BAD_LITERAL' })
    expect(bad.message).toContain('values: Draft, Active, Retired')
    expect(refusal({ entity: 'Catalog.Product', filter: eq(prop('releasedOn'), lit('2023-02-29')) }).code).toBe('QUERY_BAD_LITERAL')
    expect(refusal({ entity: 'Sales.Order', filter: gt(prop('orderedAt'), lit('2024-03-01 25:00Z')) }).code).toBe('QUERY_BAD_LITERAL')
    expect(refusal({ entity: 'Sales.Order', filter: gt(prop('orderedAt'), lit('2024-03-01T10:00:00.0001Z')) }).code).toBe('QUERY_BAD_LITERAL')
    expect(refusal({ entity: 'Catalog.Product', filter: eq(prop('price'), lit(Number.NaN)) }).code).toBe('QUERY_BAD_LITERAL')
    expect(refusal({ entity: 'Catalog.Product', filter: eq(prop('stock'), lit(2 ** 60)) }).code).toBe('QUERY_BAD_LITERAL')
    expect(refusal({ entity: 'Catalog.Product', filter: eq(prop('name'), lit('Active', 'Enum')) }).code).toBe('QUERY_BAD_LITERAL')
  })

  it('types arithmetic with numeric promotion and nullability', () => {
    const info = (expr: Parameters<typeof arith>[1]) => (filterOf({ entity: 'Catalog.Product', filter: gt(expr, lit(0)) }) as TypedCompare).left.info
    expect(info(arith('add', prop('stock'), lit(1)))).toEqual({ type: 'Integer', nullable: false })
    expect(info(arith('add', prop('stock'), lit(3_000_000_000)))).toEqual({ type: 'Long', nullable: false })
    expect(info(arith('mul', prop('stock'), prop('price')))).toEqual({ type: 'Decimal', nullable: false })
    expect(info(arith('div', prop('stock'), lit(2)))).toEqual({ type: 'Integer', nullable: false })
    expect(info(arith('div', prop('stock'), prop('stock')))).toEqual({ type: 'Integer', nullable: true })
    expect(info(arith('divby', prop('stock'), lit(2)))).toEqual({ type: 'Decimal', nullable: false })
    expect(info(arith('add', prop('weightKg'), lit(1)))).toEqual({ type: 'Decimal', nullable: true })
    expect(info(call('round', prop('price')))).toEqual({ type: 'Decimal', nullable: false })
    expect(refusal({ entity: 'Catalog.Product', filter: gt(arith('add', prop('name'), lit(1)), lit(0)) }).code).toBe('QUERY_TYPE_MISMATCH')
  })

  it('checks comparisons, functions and their arities', () => {
    expect(refusal({ entity: 'Catalog.Product', filter: eq(prop('price'), lit('cheap')) })).toMatchObject({ code: 'QUERY_TYPE_MISMATCH' })
    expect(refusal({ entity: 'Catalog.Product', filter: eq(prop('releasedOn'), prop('createdAt')) }).code).toBe('QUERY_TYPE_MISMATCH')
    expect(refusal({ entity: 'Catalog.Product', filter: lt(prop('status'), prop('name')) }).code).toBe('QUERY_TYPE_MISMATCH')
    expect(refusal({ entity: 'Catalog.Product', filter: prop('name') }).code).toBe('QUERY_TYPE_MISMATCH')
    expect(refusal({ entity: 'Catalog.Product', filter: call('contains', prop('name')) })).toMatchObject({ code: 'QUERY_BAD_ARGUMENTS', target: 'contains' })
    expect(refusal({ entity: 'Catalog.Product', filter: call('contains', prop('stock'), lit('1')) }).code).toBe('QUERY_TYPE_MISMATCH')
    expect(refusal({ entity: 'Catalog.Product', filter: eq(call('substring', prop('name'), lit(1), lit(2), lit(3)), lit('x')) }).message).toBe('substring takes 2 or 3 arguments, got 4')
    const unknown = refusal({ entity: 'Catalog.Product', filter: call('soundex' as 'length', prop('name')) })
    expect(unknown).toMatchObject({ code: 'QUERY_UNKNOWN_FUNCTION', target: 'soundex' })
    expect(unknown.message).toContain('contains, startswith')
    expect(refusal({ entity: 'Catalog.Product', filter: call('matchesPattern', prop('name'), lit('(?=a)')) })).toMatchObject({ code: 'QUERY_BAD_ARGUMENTS', target: 'matchesPattern' })
    expect(refusal({ entity: 'Catalog.Product', filter: call('matchesPattern', prop('name'), prop('sku')) }).message).toContain('must be a text literal')
  })

  it('types duration literals and temporal arithmetic, refusing malformed durations and mixed types', () => {
    const order = (filter: Query['filter']) => ({ entity: 'Sales.Order', filter })
    const age = arith('sub', prop('orderedAt'), lit('2024-01-01T00:00:00Z', 'DateTime'))
    const typed = filterOf(order(gt(age, lit('P1DT2H30M')))) as TypedCompare
    expect(typed.left.info).toEqual({ type: 'Duration', nullable: false })
    expect(typed.right).toMatchObject({ kind: 'literal', value: 95_400_000, info: { type: 'Duration' } })
    const shifted = filterOf(order(lt(arith('add', prop('orderedAt'), lit('-PT0.5S')), lit('2024-01-01T00:00:00Z', 'DateTime')))) as TypedCompare
    expect(shifted.left).toMatchObject({ temporal: 'shiftDateTime', info: { type: 'DateTime' }, right: { value: -500, info: { type: 'Duration' } } })
    expect(refusal(order(gt(age, lit('P1Y', 'Duration'))))).toMatchObject({ code: 'QUERY_BAD_LITERAL' })
    expect(refusal(order(gt(age, lit('P1Y', 'Duration')))).message).toContain('years, months and weeks are not durations')
    expect(refusal(order(gt(age, lit('xyz'))))).toMatchObject({ code: 'QUERY_BAD_LITERAL' })
    expect(refusal(order(gt(age, lit('PT0.0001S', 'Duration')))).message).toContain('more precise than a millisecond')
    expect(refusal(order(gt(age, lit(5))))).toMatchObject({ code: 'QUERY_TYPE_MISMATCH' })
    expect(refusal(order(gt(arith('add', prop('orderedAt'), lit(5)), lit('2024-01-01T00:00:00Z', 'DateTime')))).message).toContain('DateTime add Duration')
    expect(refusal(order(gt(arith('mod', age, lit(2)), lit('PT1S'))))).toMatchObject({ code: 'QUERY_TYPE_MISMATCH' })
    expect(refusal(order(gt(call('totalseconds', prop('orderedAt')), lit(1))))).toMatchObject({ code: 'QUERY_TYPE_MISMATCH', target: 'totalseconds' })
    expect(filterOf(order(gt(call('totalseconds', age), lit(1)))) as TypedCompare).toMatchObject({ left: { info: { type: 'Decimal' } } })
  })

  it('refuses a negative substring length written as a literal', () => {
    expect(refusal({ entity: 'Catalog.Product', filter: eq(call('substring', prop('name'), lit(-1), lit(-2)), lit('x')) })).toMatchObject({ code: 'QUERY_BAD_ARGUMENTS', target: 'substring' })
    expect(() => check({ entity: 'Catalog.Product', filter: eq(call('substring', prop('name'), lit(-1), lit(2)), lit('x')) })).not.toThrow()
  })

  it('scopes lambda variables and counts to-many navigations only', () => {
    expect(() => check({ entity: 'Sales.Order', filter: any(['lines'], 'l', any(['product', 'tags'], 't', eq(vprop('t', 'label'), vprop('l', 'product', 'sku')), 'l')) })).not.toThrow()
    expect(refusal({ entity: 'Sales.Order', filter: any(['lines'], 'l', eq(vprop('x', 'quantity'), lit(1))) }).code).toBe('QUERY_UNKNOWN_VARIABLE')
    expect(refusal({ entity: 'Sales.Order', filter: any(['customer'], 'c') })).toMatchObject({ code: 'QUERY_NOT_A_COLLECTION', target: 'customer' })
    expect(() => check({ entity: 'Sales.Order', filter: any(['lines'], 'l', any(['product', 'orderLines'], 'l', gt(vprop('l', 'quantity'), lit(1)), 'l')) })).not.toThrow()
    expect(refusal({ entity: 'Sales.Order', filter: eq(prop('total'), lit('123456789012345678901', 'Decimal')) }).message).toContain('more digits than queries compare exactly')
    expect(refusal({ entity: 'Catalog.Tag', filter: all(['products'], 'p', lit(1)) }).code).toBe('QUERY_TYPE_MISMATCH')
    const counted = filterOf({ entity: 'Sales.Order', filter: gt(count(['lines'], gt(prop('quantity'), lit(1))), lit(0)) }) as TypedCompare
    expect(counted.left).toMatchObject({ kind: 'count', info: { type: 'Long', nullable: false } })
    expect(refusal({ entity: 'Sales.Order', filter: gt(count(['lines'], gt(prop('total'), lit(1))), lit(0)) }).message).toContain('Sales.OrderLine')
  })

  it('checks select, expand, compute aliases and the cursor', () => {
    const typed = check({ entity: 'Catalog.Product', select: ['name', 'category', 'double'], compute: [{ as: 'double', expr: arith('mul', prop('stock'), lit(2)) }], orderBy: [desc(prop('double'))] })
    expect(typed.select.map((m) => m.name)).toEqual(['id', 'name', 'category'])
    expect(typed.orderBy.map((s) => s.direction)).toEqual(['desc', 'asc'])
    expect(typed.orderBy[1]?.expr).toMatchObject({ kind: 'member', path: 'id' })
    expect(refusal({ entity: 'Catalog.Product', compute: [{ as: 'name', expr: lit(1) }] }).code).toBe('QUERY_BAD_ALIAS')
    expect(refusal({ entity: 'Catalog.Product', compute: [{ as: 'a b', expr: lit(1) }] }).code).toBe('QUERY_BAD_ALIAS')
    expect(refusal({ entity: 'Catalog.Product', expand: [{ navigation: 'maker', query: {} }] }).message).toContain('navigations: category, tags, orderLines')
    expect(refusal({ entity: 'Catalog.Product', expand: [{ navigation: 'category', query: { top: 1 } }] }).code).toBe('QUERY_BAD_ARGUMENTS')
    expect(check({ entity: 'Sales.Order', orderBy: [asc(prop('orderedAt'))], after: ['2024-01-01T00:00:00+01:00', 4] }).after).toEqual(['2023-12-31T23:00:00.000Z', 4])
    expect(refusal({ entity: 'Sales.Order', orderBy: [asc(prop('orderedAt'))], after: [4] }).code).toBe('QUERY_BAD_CURSOR')
    expect(refusal({ entity: 'Sales.Order', orderBy: [asc(prop('orderedAt'))], after: [null, 4] }).code).toBe('QUERY_BAD_CURSOR')
    expect(refusal({ entity: 'Sales.Order', orderBy: [asc(prop('note'))], after: [5, 4] }).code).toBe('QUERY_BAD_CURSOR')
    expect(refusal({ entity: 'Catalog.Product', top: -1 }).code).toBe('QUERY_BAD_ARGUMENTS')
    expect(refusal({ entity: 'Nope.Nothing' }).code).toBe('QUERY_UNKNOWN_ENTITY')
  })

  it('checks aggregations: to-one group paths, aggregate types, having and order over groups', () => {
    const typed = check({
      entity: 'Sales.OrderLine',
      aggregate: { groupBy: [prop('product', 'category', 'code')], aggregates: [aggregate('sum', 'quantity', prop('quantity')), aggregate('avg', 'price', prop('unitPrice')), aggregate('count', 'n')], having: gt(prop('n'), lit(1)) },
      orderBy: [desc(prop('quantity'))],
    })
    expect(typed.aggregate?.groupBy.map((g) => g.name)).toEqual(['product/category/code'])
    expect(typed.aggregate?.aggregates.map((a) => a.info)).toEqual([{ type: 'Long', nullable: true }, { type: 'Decimal', nullable: true, scale: 2 }, { type: 'Long', nullable: false }])
    expect(typed.aggregate?.orderBy).toHaveLength(2)
    const byKey = check({ entity: 'Sales.OrderLine', aggregate: { groupBy: [prop('order'), prop('product')], aggregates: [aggregate('count', 'n')] }, orderBy: [desc(prop('product'))] })
    expect(byKey.aggregate?.orderBy.map((s) => [s.expr.kind === 'groupKey' ? s.expr.index : -1, s.direction])).toEqual([[1, 'desc'], [0, 'asc']])
    const base = { entity: 'Sales.OrderLine', aggregate: { groupBy: [prop('order')], aggregates: [aggregate('count', 'n')] } }
    expect(refusal({ ...base, aggregate: { ...base.aggregate, groupBy: [prop('order', 'lines')] } }).code).toBe('QUERY_BAD_PATH')
    expect(refusal({ ...base, orderBy: [asc(prop('quantity'))] })).toMatchObject({ code: 'QUERY_BAD_AGGREGATION', target: 'quantity' })
    expect(refusal({ ...base, aggregate: { ...base.aggregate, aggregates: [aggregate('sum', 's', prop('product', 'name'))] } }).code).toBe('QUERY_TYPE_MISMATCH')
    expect(refusal({ ...base, select: ['quantity'] }).code).toBe('QUERY_BAD_AGGREGATION')
    expect(refusal({ ...base, aggregate: { ...base.aggregate, having: any(['product', 'tags'], 't') } }).code).toBe('QUERY_BAD_AGGREGATION')
  })

  it('enforces the limits before anything else', () => {
    const limits = { maxTop: 10, maxExpandDepth: 1, maxFilterNodes: 5, maxLambdaDepth: 1, maxInValues: 2 }
    const over = (query: Query) => {
      try {
        checkQuery(query, index, limits)
      } catch (error) {
        return (error as { code: string; category: string }).code + '/' + (error as { category: string }).category
      }
      return 'accepted'
    }
    expect(over({ entity: 'Catalog.Product', top: 11 })).toBe('QUERY_LIMIT_EXCEEDED/too-large')
    expect(over({ entity: 'Catalog.Product', top: 10 })).toBe('accepted')
    expect(over({ entity: 'Catalog.Product', filter: isIn(prop('stock'), [lit(1), lit(2), lit(3)]) })).toBe('QUERY_LIMIT_EXCEEDED/too-large')
    expect(over({ entity: 'Catalog.Product', filter: and(eq(prop('stock'), lit(1)), eq(prop('stock'), lit(2))) })).toBe('QUERY_LIMIT_EXCEEDED/too-large')
    expect(over({ entity: 'Sales.Order', filter: any(['lines'], 'l', any(['product', 'tags'], 't', undefined, 'l')) })).toBe('QUERY_LIMIT_EXCEEDED/too-large')
    expect(over({ entity: 'Sales.Order', expand: [{ navigation: 'lines', query: { expand: [{ navigation: 'product', query: {} }] } }] })).toBe('QUERY_LIMIT_EXCEEDED/too-large')
    expect(over({ entity: 'Sales.Order', filter: not(eq(prop('nope'), lit(1))), top: 99 })).toBe('QUERY_LIMIT_EXCEEDED/too-large')
  })
})

describe('query error catalogue', () => {
  it('documents every code in docs/query.md', () => {
    const docs = readFileSync(new URL('../../docs/query.md', import.meta.url), 'utf8')
    for (const code of Object.keys(queryErrors.entries)) expect(docs, code).toContain(code)
  })
})
