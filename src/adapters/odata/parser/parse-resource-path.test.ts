import { describe, expect, it } from 'vitest'
import { isPorticoError } from '../../../errors/index.js'
import type { Expr } from '../../../query/index.js'
import { parseResourcePath, type PathSegment } from './index.js'

const int = (value: number): Expr => ({ kind: 'literal', value, type: 'Integer' })
const str = (value: string): Expr => ({ kind: 'literal', value, type: 'String' })
const name = (n: string): PathSegment => ({ kind: 'name', name: n })
const key = (n: string, value: Expr): PathSegment => ({ kind: 'name', name: n, args: { kind: 'key', value } }) as PathSegment
const named = (n: string, values: Record<string, Expr>): PathSegment =>
  ({ kind: 'name', name: n, args: { kind: 'named', values: Object.entries(values).map(([k, value]) => ({ name: k, value })) } }) as PathSegment
const segments = (...list: PathSegment[]) => ({ kind: 'resource', segments: list })

describe('parseResourcePath', () => {
  it.each([
    ['/Products', segments(name('Products'))],
    ['Products', segments(name('Products'))],
    ['/Products(5)', segments(key('Products', int(5)))],
    ["/Products(SKU='A-1')", segments(named('Products', { SKU: str('A-1') }))],
    ["/Products('it''s/(x)')", segments(key('Products', str("it's/(x)")))],
    ['/OrderLines(order=1,lineNo=2)', segments(named('OrderLines', { order: int(1), lineNo: int(2) }))],
    ['/OrderLines( order = 1 , lineNo = 2 )', segments(named('OrderLines', { order: int(1), lineNo: int(2) }))],
    ['/Orders(1)/lines', segments(key('Orders', int(1)), name('lines'))],
    ['/Orders(1)/lines/$count', segments(key('Orders', int(1)), name('lines'), { kind: 'count' })],
    ['/Products(5)/name', segments(key('Products', int(5)), name('name'))],
    ['/Products(5)/name/$value', segments(key('Products', int(5)), name('name'), { kind: 'value' })],
    ['/Products/$count', segments(name('Products'), { kind: 'count' })],
    ['/Products(5)/$ref', segments(key('Products', int(5)), { kind: 'ref' })],
    ['/Orders(1)/lines/$ref', segments(key('Orders', int(1)), name('lines'), { kind: 'ref' })],
    ['/Ns.TopProducts(count=5)', segments(named('Ns.TopProducts', { count: int(5) }))],
    ['/Products(5)/Ns.Discount(percent=10)', segments(key('Products', int(5)), named('Ns.Discount', { percent: int(10) }))],
    ['/Ns.Reset()', segments(named('Ns.Reset', {}))],
    ['/Products/Ns.Special', segments(name('Products'), name('Ns.Special'))],
    [
      '/Devices(01234567-89ab-cdef-0123-456789abcdef)',
      segments(key('Devices', { kind: 'literal', value: '01234567-89ab-cdef-0123-456789abcdef', type: 'UUID' })),
    ],
    ['/Days(2024-01-02)', segments(key('Days', { kind: 'literal', value: '2024-01-02', type: 'Date' }))],
    ["/Things(kind=Ns.Kind'Big')", segments(named('Things', { kind: { kind: 'literal', value: 'Big', type: 'Enum', enumType: 'Ns.Kind' } as Expr }))],
    ['/Products/5', segments(name('Products'), name('5'))],
    ['/Categories/BOOKS/products', segments(name('Categories'), name('BOOKS'), name('products'))],
    ["/People/O'Neil", segments(name('People'), name("O'Neil"))],
    ['/Orders/1/lines/$count', segments(name('Orders'), name('1'), name('lines'), { kind: 'count' })],
    ['/Products/$filter(price gt 5)', segments(name('Products'), { kind: 'filter', filter: { kind: 'compare', op: 'gt', left: { kind: 'property', path: ['price'] }, right: int(5) } })],
    [
      "/Products/$filter(name eq 'a/b')/$filter(lines/any(l: l/q gt 1))/$each",
      segments(
        name('Products'),
        { kind: 'filter', filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['name'] }, right: str('a/b') } },
        { kind: 'filter', filter: { kind: 'any', path: ['lines'], as: 'l', predicate: { kind: 'compare', op: 'gt', left: { kind: 'property', path: ['q'], variable: 'l' }, right: int(1) } } },
        { kind: 'each' },
      ),
    ],
    ['/Orders(1)/lines/$filter(q gt 1)/$ref', segments(key('Orders', int(1)), name('lines'), { kind: 'filter', filter: { kind: 'compare', op: 'gt', left: { kind: 'property', path: ['q'] }, right: int(1) } }, { kind: 'ref' })],
    ['/$entity', segments({ kind: 'entity' })],
    ['/$entity/Ns.Product', segments({ kind: 'entity' }, name('Ns.Product'))],
    ['/Products/$query', segments(name('Products'), { kind: 'query' })],
    ['$metadata', { kind: 'metadata' }],
    ['/$metadata', { kind: 'metadata' }],
    ['/$batch', { kind: 'batch' }],
    ['/$crossjoin(Products,Categories)', { kind: 'crossjoin', sets: ['Products', 'Categories'] }],
    ['/$crossjoin( Products , Categories )', { kind: 'crossjoin', sets: ['Products', 'Categories'] }],
    ['/$all', { kind: 'all' }],
    ['/$all/Sales.Product', { kind: 'all', cast: 'Sales.Product' }],
    ['/', { kind: 'service' }],
    ['', { kind: 'service' }],
  ])('%s', (path, expected) => {
    expect(parseResourcePath(path)).toEqual(expected)
  })

  it('resolves alias key values', () => {
    expect(parseResourcePath('/Products(@k)', { aliases: { k: int(7) } })).toEqual(segments(key('Products', int(7))))
  })

  it('resolves an alias holding the expression of a /$filter segment', () => {
    const filter: Expr = { kind: 'compare', op: 'lt', left: { kind: 'property', path: ['price'] }, right: int(10) }
    expect(parseResourcePath('/Products/$filter(@p)/$count', { aliases: { p: filter } })).toEqual(segments(name('Products'), { kind: 'filter', filter }, { kind: 'count' }))
  })

  it.each([
    ['/Products(5)/$count/x', 'ODATA_SYNTAX', '$count must be the last path segment at position 14'],
    ['/$count', 'ODATA_SYNTAX', 'a resource path cannot start with $count'],
    ['/Products/$metadata', 'ODATA_SYNTAX', '$metadata must be the whole resource path'],
    ['/$all/Sales.Product/name', 'ODATA_NOT_SUPPORTED', '$all followed by anything but a type cast is not supported'],
    ['/$crossjoin(A,B)/$count', 'ODATA_NOT_SUPPORTED', '$crossjoin(...) followed by further segments is not supported'],
    ['/$crossjoin()', 'ODATA_NOT_SUPPORTED', '$crossjoin(...) followed by further segments is not supported'],
    ['/Products/$entity', 'ODATA_SYNTAX', '$entity must be the first path segment'],
    ['/$entity/Products(1)', 'ODATA_SYNTAX', '$entity may be followed only by a qualified type name'],
    ['/Products/$each/name', 'ODATA_SYNTAX', '$each must be the last path segment'],
    ['/$filter(a eq 1)', 'ODATA_SYNTAX', 'a resource path cannot start with /$filter(...)'],
    ['/Products/$filter', 'ODATA_SYNTAX', '/$filter needs an expression in parentheses'],
    ['/Products/$filter(a eq)', 'ODATA_SYNTAX', 'expected'],
    ['/5', 'ODATA_SYNTAX', 'a resource path starts with a name, not 5'],
    ['/Products/$foo', 'ODATA_SYNTAX', 'unknown path segment $foo'],
    ['/Products(a=1,a=2)', 'ODATA_SYNTAX', 'a is given twice at position 15'],
    ['/Products(5', 'ODATA_SYNTAX', 'expected ")" at the end (position 12)'],
    ['/Products(x eq 1)', 'ODATA_SYNTAX', 'expected "=" at position 13'],
    ['/Products(@k)', 'ODATA_SYNTAX', 'unknown parameter alias @k'],
    ['/Products(INF)', 'ODATA_NOT_SUPPORTED', 'INF is not supported'],
    ['/Products/', 'ODATA_SYNTAX', 'expected a key value, a name or "$" at the end (position 11)'],
  ])('%s → %s', (path, code, message) => {
    try {
      parseResourcePath(path)
      throw new Error('parsed')
    } catch (error) {
      expect(isPorticoError(error) && error.code).toBe(code)
      expect((error as Error).message).toContain(message)
    }
  })

  it('reads a non-literal alias as an error', () => {
    expect(() => parseResourcePath('/Products(@k)', { aliases: { k: { kind: 'property', path: ['x'] } } })).toThrow(
      'resource path: parameter alias @k must hold a literal here at position 11 ("@k)")',
    )
  })
})
