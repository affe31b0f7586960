import { describe, expect, it } from 'vitest'
import { isPorticoError } from '../../../errors/index.js'
import type { Expr } from '../../../query/index.js'
import { parseExpand, parseSelect } from './index.js'

const prop = (...path: string[]): Expr => ({ kind: 'property', path })
const int = (value: number): Expr => ({ kind: 'literal', value, type: 'Integer' })
const gt = (left: Expr, right: Expr): Expr => ({ kind: 'compare', op: 'gt', left, right })

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (error) {
    if (isPorticoError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('parsed')
}

describe('parseSelect', () => {
  it.each([
    ['name,price', [{ kind: 'path', path: ['name'] }, { kind: 'path', path: ['price'] }]],
    ['*', [{ kind: 'star' }]],
    ['address/city , *', [{ kind: 'path', path: ['address', 'city'] }, { kind: 'star' }]],
    ['Ns.Special/rank', [{ kind: 'path', path: ['Ns.Special', 'rank'] }]],
  ])('%s', (text, expected) => {
    expect(parseSelect(text)).toEqual(expected)
  })

  it.each([
    ['Ns.*', 'ODATA_NOT_SUPPORTED', 'selecting all operations of a schema (Ns.*) is not supported'],
    ['address($select=city)', 'ODATA_NOT_SUPPORTED', 'options inside $select (...) are not supported at position 8'],
    ['@Core.Messages', 'ODATA_NOT_SUPPORTED', 'annotations in $select are not supported'],
    ['name,', 'ODATA_SYNTAX', '$select: expected a name or "*" at the end (position 6)'],
    ['', 'ODATA_SYNTAX', '$select: expected a name or "*" at the end (position 1)'],
  ])('%s → %s', (text, code, message) => {
    const error = failure(() => parseSelect(text))
    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
  })
})

describe('parseExpand', () => {
  it.each([
    ['customer', [{ kind: 'path', path: ['customer'], query: {} }]],
    ['customer,lines', [{ kind: 'path', path: ['customer'], query: {} }, { kind: 'path', path: ['lines'], query: {} }]],
    ['address/country', [{ kind: 'path', path: ['address', 'country'], query: {} }]],
    ['lines/Ns.Special', [{ kind: 'path', path: ['lines', 'Ns.Special'], query: {} }]],
    ['*', [{ kind: 'star', path: [], query: {} }]],
    ['*/$ref', [{ kind: 'star', path: [], suffix: '$ref', query: {} }]],
    ['*($levels=max)', [{ kind: 'star', path: [], query: { levels: 'max' } }]],
    ['lines/$ref', [{ kind: 'path', path: ['lines'], suffix: '$ref', query: {} }]],
    ['lines/$ref($filter=qty gt 1;$top=2)', [{ kind: 'path', path: ['lines'], suffix: '$ref', query: { filter: gt(prop('qty'), int(1)), top: 2 } }]],
    ['lines/$count', [{ kind: 'path', path: ['lines'], suffix: '$count', query: {} }]],
    ['lines/$count($filter=qty gt 1)', [{ kind: 'path', path: ['lines'], suffix: '$count', query: { filter: gt(prop('qty'), int(1)) } }]],
    ['manager($levels=3)', [{ kind: 'path', path: ['manager'], query: { levels: 3 } }]],
    ['lines( $FILTER=qty gt 1 ; top=2 )', [{ kind: 'path', path: ['lines'], query: { filter: gt(prop('qty'), int(1)), top: 2 } }]],
  ])('%s', (text, expected) => {
    expect(parseExpand(text)).toEqual(expected)
  })

  it('reads every nested option, three levels deep', () => {
    const text =
      'customer($select=name,address;$expand=orders($filter=total gt 100;$orderby=date desc,id;$top=5;$skip=10;' +
      '$count=true;$search=urgent OR "next day";$compute=total mul 2 as double;$select=id,double;' +
      '$expand=lines($levels=2;$filter=qty gt 1;$expand=product($select=name))))'
    expect(parseExpand(text)).toEqual([
      {
        kind: 'path',
        path: ['customer'],
        query: {
          select: [
            { kind: 'path', path: ['name'] },
            { kind: 'path', path: ['address'] },
          ],
          expand: [
            {
              kind: 'path',
              path: ['orders'],
              query: {
                filter: gt(prop('total'), int(100)),
                orderBy: [
                  { expr: prop('date'), direction: 'desc' },
                  { expr: prop('id'), direction: 'asc' },
                ],
                top: 5,
                skip: 10,
                count: true,
                search: { kind: 'or', operands: [{ kind: 'term', value: 'urgent' }, { kind: 'phrase', value: 'next day' }] },
                compute: [{ expr: { kind: 'arith', op: 'mul', left: prop('total'), right: int(2) }, as: 'double' }],
                select: [
                  { kind: 'path', path: ['id'] },
                  { kind: 'path', path: ['double'] },
                ],
                expand: [
                  {
                    kind: 'path',
                    path: ['lines'],
                    query: {
                      levels: 2,
                      filter: gt(prop('qty'), int(1)),
                      expand: [{ kind: 'path', path: ['product'], query: { select: [{ kind: 'path', path: ['name'] }] } }],
                    },
                  },
                ],
              },
            },
          ],
        },
      },
    ])
  })

  it('resolves aliases assigned inside expand options in their own scope first', () => {
    const items = parseExpand("orders($filter=qty gt @q;@q=2;$expand=lines($filter=qty gt @q and name eq @n;@q=5)),tags($filter=qty gt @q)", { aliases: { q: int(9), n: { kind: 'literal', value: 'x', type: 'String' } } })
    expect(items[0]?.query.filter).toEqual(gt(prop('qty'), int(2)))
    expect(items[0]?.query.expand?.[0]?.query.filter).toEqual({ kind: 'and', operands: [gt(prop('qty'), int(5)), { kind: 'compare', op: 'eq', left: prop('name'), right: { kind: 'literal', value: 'x', type: 'String' } }] })
    expect(items[1]?.query.filter).toEqual(gt(prop('qty'), int(9)))
    // Quoted text that looks like an assignment is a string, not an alias.
    expect(parseExpand("orders($filter=name eq ';@q=3';@q=1)")[0]?.query.filter).toEqual({ kind: 'compare', op: 'eq', left: prop('name'), right: { kind: 'literal', value: ';@q=3', type: 'String' } })
    expect(failure(() => parseExpand('orders(@q=@r;$filter=qty gt @q)', { aliases: { r: int(1) } })).message).toContain('cannot refer to another alias')
  })

  it('binds lambda variables inside nested filters', () => {
    expect(parseExpand('orders($filter=lines/any(l: l/qty gt 1))')[0]?.query.filter).toEqual({
      kind: 'any',
      path: ['lines'],
      as: 'l',
      predicate: gt({ kind: 'property', path: ['qty'], variable: 'l' }, int(1)),
    })
  })

  it.each([
    ['lines($filter=a eq 1;$filter=b eq 1)', 'ODATA_SYNTAX', '$filter is given twice in $expand options at position 22'],
    ['lines($foo=1)', 'ODATA_SYNTAX', 'unknown option $foo in $expand(...)'],
    ['lines($apply=identity)', 'ODATA_NOT_SUPPORTED', '$apply inside $expand(...) is not supported'],
    ['lines(@p=1;@p=2)', 'ODATA_SYNTAX', 'parameter alias @p is assigned twice in these options'],
    ['lines($filter=a eq @p)', 'ODATA_SYNTAX', 'unknown parameter alias @p'],
    ['lines($filter=a eq 1;@p)', 'ODATA_SYNTAX', 'expected'],
    ['lines/$ref($select=a)', 'ODATA_SYNTAX', '$select is not allowed in $ref options'],
    ['lines/$count($top=1)', 'ODATA_SYNTAX', '$top is not allowed in $count options'],
    ['*/$count', 'ODATA_SYNTAX', '*/$count is not allowed'],
    ['*($filter=a eq 1)', 'ODATA_SYNTAX', '$filter is not allowed in *(...), which takes only $levels'],
    ['*/$ref($levels=2)', 'ODATA_SYNTAX', '$levels is not allowed in */$ref'],
    ['lines($levels=0)', 'ODATA_SYNTAX', '$levels is a positive integer or max'],
    ['lines($top=-1)', 'ODATA_SYNTAX', 'expected a non-negative integer at position 12'],
    ['lines($top=99999999999999999999)', 'ODATA_SYNTAX', '99999999999999999999 is too large'],
    ['lines($count=yes)', 'ODATA_SYNTAX', 'expected true or false'],
    ['lines($filter=$it/x eq 1)', 'ODATA_NOT_SUPPORTED', '$it inside $count(...) or $expand(...) options is not supported'],
    ['$value', 'ODATA_NOT_SUPPORTED', 'expanding $value is not supported'],
    ['@Core.Related', 'ODATA_NOT_SUPPORTED', 'annotations in $expand are not supported'],
    ['lines(', 'ODATA_SYNTAX', '$expand: expected a query option at the end (position 7)'],
    ['lines()', 'ODATA_SYNTAX', '$expand: expected a query option at position 7 (")")'],
  ])('%s → %s', (text, code, message) => {
    const error = failure(() => parseExpand(text))
    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
  })
})
