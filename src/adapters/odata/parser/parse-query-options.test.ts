import { describe, expect, it } from 'vitest'
import { isPorticoError } from '../../../errors/index.js'
import type { Expr } from '../../../query/index.js'
import { parseQueryOptions } from './index.js'

const prop = (...path: string[]): Expr => ({ kind: 'property', path })
const int = (value: number): Expr => ({ kind: 'literal', value, type: 'Integer' })
const str = (value: string): Expr => ({ kind: 'literal', value, type: 'String' })

function failure(query: string): { code: string; message: string } {
  try {
    parseQueryOptions(query)
  } catch (error) {
    if (isPorticoError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error(`parsed: ${query}`)
}

describe('parseQueryOptions', () => {
  it('parses every system option of a raw query string', () => {
    const options = parseQueryOptions(
      "?$filter=price%20gt%205&$orderby=name%20desc&$select=name,price&$expand=lines($top=2)&$search=blue" +
        '&$apply=aggregate(price%20with%20sum%20as%20total)&$compute=price%20mul%202%20as%20double&$top=10&$skip=20' +
        '&$count=true&$format=json&$skiptoken=abc%3D&$index=3&mode=fast',
    )
    expect(options).toEqual({
      filter: { kind: 'compare', op: 'gt', left: prop('price'), right: int(5) },
      orderBy: [{ expr: prop('name'), direction: 'desc' }],
      select: [
        { kind: 'path', path: ['name'] },
        { kind: 'path', path: ['price'] },
      ],
      expand: [{ kind: 'path', path: ['lines'], query: { top: 2 } }],
      search: { kind: 'term', value: 'blue' },
      apply: [{ kind: 'aggregate', aggregates: [{ op: 'sum', expr: prop('price'), as: 'total' }] }],
      compute: [{ expr: { kind: 'arith', op: 'mul', left: prop('price'), right: int(2) }, as: 'double' }],
      top: 10,
      skip: 20,
      count: true,
      format: 'json',
      skipToken: 'abc=',
      aliases: {},
      custom: { mode: 'fast' },
    })
    expect(Object.isFrozen(options)).toBe(true)
    expect(Object.isFrozen(options.custom)).toBe(true)
  })

  it('keeps + a plus sign and decodes percent-encoding once', () => {
    expect(parseQueryOptions("$filter=name%20eq%20'a+b%2525'").filter).toEqual({
      kind: 'compare',
      op: 'eq',
      left: prop('name'),
      right: str('a+b%25'),
    })
  })

  it('takes URLSearchParams as already decoded', () => {
    const params = new URLSearchParams()
    params.set('$filter', "name eq 'x'")
    params.set('$TOP', '3')
    expect(parseQueryOptions(params)).toMatchObject({ filter: { kind: 'compare', right: str('x') }, top: 3 })
  })

  it('matches system option names case-insensitively', () => {
    expect(parseQueryOptions('$Filter=a%20eq%201&$COUNT=FALSE')).toMatchObject({ filter: { kind: 'compare' }, count: false })
  })

  it('substitutes parameter aliases everywhere, including JSON arrays after in', () => {
    const options = parseQueryOptions(
      "$filter=price%20gt%20@p%20and%20name%20in%20@names&$orderby=@sortKey%20desc&$expand=lines($filter=qty%20gt%20@p)" +
        '&$apply=filter(price%20lt%20@p)&@p=5&@names=["a","b"]&@sortKey=price',
    )
    expect(options.filter).toEqual({
      kind: 'and',
      operands: [
        { kind: 'compare', op: 'gt', left: prop('price'), right: int(5) },
        { kind: 'in', operand: prop('name'), values: [str('a'), str('b')] },
      ],
    })
    expect(options.orderBy).toEqual([{ expr: prop('price'), direction: 'desc' }])
    expect(options.expand?.[0]?.query.filter).toEqual({ kind: 'compare', op: 'gt', left: prop('qty'), right: int(5) })
    expect(options.apply).toEqual([{ kind: 'filter', filter: { kind: 'compare', op: 'lt', left: prop('price'), right: int(5) } }])
    expect(options.aliases).toEqual({ p: int(5), names: [str('a'), str('b')], sortKey: prop('price') })
  })

  it('keeps custom option names that look like Object members as plain keys', () => {
    const options = parseQueryOptions('__proto__=x&toString=y')
    expect(Object.getPrototypeOf(options.custom)).toBe(null)
    expect(Object.keys(options.custom)).toEqual(['__proto__', 'toString'])
    expect(options.custom['__proto__']).toBe('x')
  })

  it.each([
    ['$foo=1', 'ODATA_SYNTAX', '$foo: unknown system query option'],
    ['$filter=a%20eq%201&$FILTER=b%20eq%201', 'ODATA_SYNTAX', '$FILTER: $filter is given more than once'],
    ['$top=-1', 'ODATA_SYNTAX', '$top: must be a non-negative integer, not "-1"'],
    ['$top=1.5', 'ODATA_SYNTAX', '$top: must be a non-negative integer, not "1.5"'],
    ['$skip=99999999999999999999', 'ODATA_SYNTAX', '$skip: must be a non-negative integer'],
    ['$top=', 'ODATA_SYNTAX', '$top: must be a non-negative integer, not ""'],
    ['$count=yes', 'ODATA_SYNTAX', '$count: must be true or false, not "yes"'],
    ['$format=', 'ODATA_SYNTAX', '$format: must not be empty'],
    ['$schemaversion=1', 'ODATA_NOT_SUPPORTED', '$schemaversion: this system query option is not supported'],
    ['$id=', 'ODATA_SYNTAX', '$id: must not be empty'],
    ['$filter=a%20eq%20@q', 'ODATA_SYNTAX', '$filter: unknown parameter alias @q at position 6 ("@q")'],
    ['$filter=a%20eq%20@p&@p=@q&@q=1', 'ODATA_SYNTAX', '@p: a parameter alias value cannot refer to another alias (@q) at position 1'],
    ['@p=1%20add&$filter=a%20eq%20@p', 'ODATA_SYNTAX', '@p: expected whitespace at the end (position 6)'],
    ['@p={"a":1}', 'ODATA_NOT_SUPPORTED', '@p: JSON objects are not supported'],
    ['@p=1&@p=2', 'ODATA_SYNTAX', '@p: given more than once'],
    ['@1x=1', 'ODATA_SYNTAX', '@1x: not a valid parameter alias name'],
    ['a=1&a=2', 'ODATA_SYNTAX', 'a: given more than once'],
    ['$filter=a%zz', 'ODATA_SYNTAX', '$filter: malformed percent-encoding'],
    ['$filter=price+gt+5', 'ODATA_SYNTAX', "'+' is not a space in OData"],
    [`$filter=${'('.repeat(60)}a${')'.repeat(60)}`, 'ODATA_TOO_COMPLEX', '$filter: nested deeper than 50 levels'],
  ])('%s → %s', (query, code, message) => {
    const error = failure(query)
    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
  })

  it('applies the limits given', () => {
    expect(() => parseQueryOptions('$filter=a%20eq%201', { maxLength: 3 })).toThrow('$filter: longer than 3 characters')
    expect(() => parseQueryOptions('$filter=((a))', { maxDepth: 1 })).toThrow('$filter: nested deeper than 1 levels')
  })
})
