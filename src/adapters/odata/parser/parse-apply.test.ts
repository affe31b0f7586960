import { describe, expect, it } from 'vitest'
import { isPorticoError } from '../../../errors/index.js'
import type { Expr } from '../../../query/index.js'
import { parseApply } from './index.js'

const prop = (...path: string[]): Expr => ({ kind: 'property', path })
const int = (value: number): Expr => ({ kind: 'literal', value, type: 'Integer' })
const gt = (left: Expr, right: Expr): Expr => ({ kind: 'compare', op: 'gt', left, right })

describe('parseApply', () => {
  it('reads a groupby with aggregates of every method', () => {
    expect(
      parseApply(
        'groupby((customer/country, status),aggregate(amount with sum as total, amount with average as mean, ' +
          'amount with min as low, amount with max as high, customer with countdistinct as buyers, $count as n))',
      ),
    ).toEqual([
      {
        kind: 'groupby',
        groupBy: [prop('customer', 'country'), prop('status')],
        then: [
          {
            kind: 'aggregate',
            aggregates: [
              { op: 'sum', expr: prop('amount'), as: 'total' },
              { op: 'avg', expr: prop('amount'), as: 'mean' },
              { op: 'min', expr: prop('amount'), as: 'low' },
              { op: 'max', expr: prop('amount'), as: 'high' },
              { op: 'countdistinct', expr: prop('customer'), as: 'buyers' },
              { op: 'count', as: 'n' },
            ],
          },
        ],
      },
    ])
  })

  it.each([
    ['groupby((status))', [{ kind: 'groupby', groupBy: [prop('status')] }]],
    ['aggregate(price mul qty with sum as revenue)', [{ kind: 'aggregate', aggregates: [{ op: 'sum', expr: { kind: 'arith', op: 'mul', left: prop('price'), right: prop('qty') }, as: 'revenue' }] }]],
    ['filter(amount gt 1)', [{ kind: 'filter', filter: gt(prop('amount'), int(1)) }]],
    ['search(blue OR green)', [{ kind: 'search', search: { kind: 'or', operands: [{ kind: 'term', value: 'blue' }, { kind: 'term', value: 'green' }] } }]],
    ['compute(amount mul 2 as double)', [{ kind: 'compute', compute: [{ expr: { kind: 'arith', op: 'mul', left: prop('amount'), right: int(2) }, as: 'double' }] }]],
    ['orderby(total desc, name)', [{ kind: 'orderby', orderBy: [{ expr: prop('total'), direction: 'desc' }, { expr: prop('name'), direction: 'asc' }] }]],
    ['top(3)/skip(1)', [{ kind: 'top', count: 3 }, { kind: 'skip', count: 1 }]],
    ['identity', [{ kind: 'identity' }]],
  ])('%s', (text, expected) => {
    expect(parseApply(text)).toEqual(expected)
  })

  it.each(['topcount', 'topsum', 'toppercent', 'bottomcount', 'bottomsum', 'bottompercent'])('%s(n, expr)', (kind) => {
    expect(parseApply(`${kind}(5, amount)`)).toEqual([{ kind, threshold: int(5), by: prop('amount') }])
  })

  it('reads a pipeline, with transformations inside groupby', () => {
    expect(parseApply('filter(year(date) eq 2024)/groupby((region),filter(amount gt 0)/aggregate(amount with sum as total))/orderby(total desc)/top(3)')).toEqual([
      { kind: 'filter', filter: { kind: 'compare', op: 'eq', left: { kind: 'call', name: 'year', args: [prop('date')] }, right: int(2024) } },
      {
        kind: 'groupby',
        groupBy: [prop('region')],
        then: [
          { kind: 'filter', filter: gt(prop('amount'), int(0)) },
          { kind: 'aggregate', aggregates: [{ op: 'sum', expr: prop('amount'), as: 'total' }] },
        ],
      },
      { kind: 'orderby', orderBy: [{ expr: prop('total'), direction: 'desc' }] },
      { kind: 'top', count: 3 },
    ])
  })

  it.each([
    ['concat(identity,identity)', 'ODATA_NOT_SUPPORTED', 'the transformation concat is not supported'],
    ['Ns.custom(x=1)', 'ODATA_NOT_SUPPORTED', 'custom transformations (Ns.custom) are not supported'],
    ['foo(x)', 'ODATA_SYNTAX', 'unknown transformation foo'],
    ['groupby((rollup(a,b)))', 'ODATA_NOT_SUPPORTED', 'rollup in groupby is not supported'],
    ['aggregate(x with Ns.median as y)', 'ODATA_NOT_SUPPORTED', 'custom aggregation methods (Ns.median) are not supported'],
    ['aggregate(x with sum from y as z)', 'ODATA_NOT_SUPPORTED', 'aggregate ... from is not supported'],
    ['aggregate(x with sum)', 'ODATA_SYNTAX', 'expected whitespace at position 21'],
    ['filter(a eq 1', 'ODATA_SYNTAX', 'expected an operator or ")" at the end'],
    ['top(-1)', 'ODATA_SYNTAX', 'expected a non-negative integer'],
  ])('%s → %s', (text, code, message) => {
    try {
      parseApply(text)
      throw new Error('parsed')
    } catch (error) {
      expect(isPorticoError(error) && error.code).toBe(code)
      expect((error as Error).message).toContain(message)
    }
  })
})
