import { describe, expect, it } from 'vitest'
import type { CompareOp, Expr } from '../../../query/index.js'
import { isPorticoError } from '../../../errors/index.js'
import { parseFilter, type AliasValue } from './index.js'

const prop = (...path: string[]): Expr => ({ kind: 'property', path })
const bound = (variable: string, ...path: string[]): Expr => ({ kind: 'property', path, variable })
const int = (value: number): Expr => ({ kind: 'literal', value, type: 'Integer' })
const str = (value: string): Expr => ({ kind: 'literal', value, type: 'String' })
const cmp = (op: CompareOp, left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right })
const arith = (op: 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod', left: Expr, right: Expr): Expr => ({ kind: 'arith', op, left, right })
const and = (...operands: Expr[]): Expr => ({ kind: 'and', operands })
const or = (...operands: Expr[]): Expr => ({ kind: 'or', operands })
const not = (operand: Expr): Expr => ({ kind: 'not', operand })
const neg = (operand: Expr): Expr => ({ kind: 'negate', operand })
const inList = (operand: Expr, ...values: Expr[]): Expr => ({ kind: 'in', operand, values })
const call = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args }) as Expr
const [a, b, c, d] = [prop('a'), prop('b'), prop('c'), prop('d')]

function failure(text: string, aliases?: Record<string, AliasValue>): { code: string; message: string } {
  try {
    parseFilter(text, aliases === undefined ? undefined : { aliases })
  } catch (error) {
    if (isPorticoError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error(`parsed: ${text}`)
}

describe('parseFilter: operators', () => {
  it.each(['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const)('compares with %s', (op) => {
    expect(parseFilter(`price ${op} 5`)).toEqual(cmp(op, prop('price'), int(5)))
  })

  it.each(['add', 'sub', 'mul', 'div', 'divby', 'mod'] as const)('computes with %s', (op) => {
    expect(parseFilter(`a ${op} 2 eq b`)).toEqual(cmp('eq', arith(op, a, int(2)), b))
  })

  it.each([
    ['a and b', and(a, b)],
    ['a or b', or(a, b)],
    ['not a', not(a)],
    ['-a', neg(a)],
    ['- 5', neg(int(5))],
    ['-5', int(-5)],
    ['-(5)', neg(int(5))],
    ['--a', neg(neg(a))],
    ['not not a', not(not(a))],
    ['not(a)', not(a)],
    ['a in (1, 2, 3)', inList(a, int(1), int(2), int(3))],
    ["a in ('x')", inList(a, str('x'))],
    ['a in ()', inList(a)],
    ['a in (b add 1,c)', inList(a, arith('add', b, int(1)), c)],
    ['a in [1,"x\\"y"]', inList(a, int(1), str('x"y'))],
    ["style has Sales.Pattern'Yellow'", cmp('eq', prop('style'), { kind: 'literal', value: 'Yellow', type: 'Enum', enumType: 'Sales.Pattern' } as Expr)],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected)
  })

  it('accepts operator, function and lambda names in any case (OData 4.01)', () => {
    expect(parseFilter("A EQ 1 AND NOT Contains(b,'x') Or lines/ANY(l:l/q gT 2)")).toEqual(
      or(
        and(cmp('eq', prop('A'), int(1)), not(call('contains', b, str('x')))),
        { kind: 'any', path: ['lines'], as: 'l', predicate: cmp('gt', bound('l', 'q'), int(2)) },
      ),
    )
    expect(parseFilter("matchespattern(a,'^x')")).toEqual(call('matchesPattern', a, str('^x')))
  })
})

describe('parseFilter: precedence', () => {
  it.each([
    ['a add b mul c', arith('add', a, arith('mul', b, c))],
    ['a mul b add c', arith('add', arith('mul', a, b), c)],
    ['a sub b sub c', arith('sub', arith('sub', a, b), c)],
    ['a sub (b sub c)', arith('sub', a, arith('sub', b, c))],
    ['a div b mod c divby d', arith('divby', arith('mod', arith('div', a, b), c), d)],
    ['a add b gt c', cmp('gt', arith('add', a, b), c)],
    ['a gt b eq c', cmp('eq', cmp('gt', a, b), c)],
    ['a eq b eq c', cmp('eq', cmp('eq', a, b), c)],
    ['a eq 1 and b eq 2 or c eq 3', or(and(cmp('eq', a, int(1)), cmp('eq', b, int(2))), cmp('eq', c, int(3)))],
    ['a or b and c', or(a, and(b, c))],
    ['(a or b) and c', and(or(a, b), c)],
    ['a and b and c or d', or(and(a, b, c), d)],
    ['a and (b and c)', and(a, and(b, c))],
    ['(a and b) and c', and(and(a, b), c)],
    ['a or b or c', or(a, b, c)],
    ['not a and b', and(not(a), b)],
    ['not a eq b', cmp('eq', not(a), b)],
    ['not (a eq b)', not(cmp('eq', a, b))],
    ['-a add b', arith('add', neg(a), b)],
    ['-a in (1)', neg(inList(a, int(1)))],
    ['not a in (1)', not(inList(a, int(1)))],
    ['a add b in (1)', arith('add', a, inList(b, int(1)))],
    ['(a add b) in (1)', inList(arith('add', a, b), int(1))],
    ['a in (1) in (true)', inList(inList(a, int(1)), { kind: 'literal', value: true, type: 'Boolean' })],
    ['((a))', a],
    ['( a eq 1 )', cmp('eq', a, int(1))],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected)
  })
})

describe('parseFilter: functions', () => {
  it.each([
    ["contains(name,'x')", 2],
    ["startswith(name,'x')", 2],
    ["endswith(name,'x')", 2],
    ['length(name)', 1],
    ["indexof(name,'x')", 2],
    ['substring(name,1)', 2],
    ['substring(name,1,2)', 3],
    ['tolower(name)', 1],
    ['toupper(name)', 1],
    ['trim(name)', 1],
    ["concat(name,'x')", 2],
    ["matchesPattern(name,'^A')", 2],
    ['year(d)', 1],
    ['month(d)', 1],
    ['day(d)', 1],
    ['hour(d)', 1],
    ['minute(d)', 1],
    ['second(d)', 1],
    ['fractionalseconds(d)', 1],
    ['date(d)', 1],
    ['time(d)', 1],
    ['totaloffsetminutes(d)', 1],
    ['now()', 0],
    ['mindatetime()', 0],
    ['maxdatetime( )', 0],
    ['round(price)', 1],
    ['floor(price)', 1],
    ['ceiling(price)', 1],
  ])('%s', (text, arity) => {
    const expr = parseFilter(text)
    expect(expr.kind).toBe('call')
    expect(expr.kind === 'call' && expr.args.length).toBe(arity)
    expect(expr.kind === 'call' && expr.name.toLowerCase()).toBe(text.slice(0, text.indexOf('(')).toLowerCase())
  })

  it('returns cast and isof with the type as a one-segment path, for the adapter to resolve', () => {
    expect(parseFilter('cast(price, Edm.Int64) eq 1')).toEqual({ kind: 'compare', op: 'eq', left: call('cast', prop('price'), prop('Edm.Int64')), right: { kind: 'literal', value: 1, type: 'Integer' } })
    expect(parseFilter('isof(Ns.Special)')).toEqual(call('isof', prop('Ns.Special')))
  })

  it('allows whitespace inside the parentheses and nests calls', () => {
    expect(parseFilter("contains( tolower( name ) , 'x' )")).toEqual(call('contains', call('tolower', prop('name')), str('x')))
  })

  it.each([
    ['contains(name)', 'ODATA_SYNTAX', 'contains takes 2 arguments, not 1 at position 1'],
    ['now(1)', 'ODATA_SYNTAX', 'now takes 0 arguments, not 1'],
    ['substring(name)', 'ODATA_SYNTAX', 'substring takes 2 or 3 arguments, not 1'],
    ['length(a,b)', 'ODATA_SYNTAX', 'length takes 1 argument, not 2'],
    ['foo(x) eq 1', 'ODATA_SYNTAX', 'unknown function foo at position 1'],
    ['cast(a, b, c)', 'ODATA_SYNTAX', 'cast takes 1 or 2 arguments, not 3'],
    ['geo.distance(a, b) lt 5', 'ODATA_NOT_SUPPORTED', 'geo functions (geo.distance) are not supported'],
    ['totalseconds(d, e) gt 5', 'ODATA_SYNTAX', 'totalseconds takes 1 argument, not 2'],
    ['hassubset(tags,[1])', 'ODATA_NOT_SUPPORTED', 'hassubset() (collection functions) is not supported'],
    ['Ns.Special(x=1) eq 1', 'ODATA_NOT_SUPPORTED', 'custom functions (Ns.Special) are not supported'],
    ['a/Ns.Fn() eq 1', 'ODATA_NOT_SUPPORTED', 'function calls on paths (Ns.Fn) are not supported at position 3'],
  ])('%s → %s', (text, code, message) => {
    const error = failure(text)
    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
  })
})

describe('parseFilter: members, lambdas and counts', () => {
  it('keeps names as written, with type-cast segments and non-ASCII letters', () => {
    expect(parseFilter("Price/Currency/Code eq 'EUR'")).toEqual(cmp('eq', prop('Price', 'Currency', 'Code'), str('EUR')))
    expect(parseFilter('Ns.Special/rank gt 1')).toEqual(cmp('gt', prop('Ns.Special', 'rank'), int(1)))
    expect(parseFilter('Größe gt 1')).toEqual(cmp('gt', prop('Größe'), int(1)))
  })

  it('reads $it as the root and $this as a variable', () => {
    expect(parseFilter("$it/name eq 'x'")).toEqual(cmp('eq', prop('name'), str('x')))
    expect(parseFilter('$it eq 1')).toEqual(cmp('eq', prop(), int(1)))
    expect(parseFilter("$this/name eq 'x'")).toEqual(cmp('eq', bound('$this', 'name'), str('x')))
  })

  it.each([
    ['lines/any(l: l/quantity gt 2)', { kind: 'any', path: ['lines'], as: 'l', predicate: cmp('gt', bound('l', 'quantity'), int(2)) }],
    ['lines/any()', { kind: 'any', path: ['lines'], as: '$any' }],
    ['lines/all(l:l/quantity gt 0)', { kind: 'all', path: ['lines'], as: 'l', predicate: cmp('gt', bound('l', 'quantity'), int(0)) }],
    ["tags/any(t: t eq 'x')", { kind: 'any', path: ['tags'], as: 't', predicate: cmp('eq', bound('t'), str('x')) }],
    ['lines/any(l: l/q gt minQ)', { kind: 'any', path: ['lines'], as: 'l', predicate: cmp('gt', bound('l', 'q'), prop('minQ')) }],
    ['lines/any(l: l/q gt $it/l)', { kind: 'any', path: ['lines'], as: 'l', predicate: cmp('gt', bound('l', 'q'), prop('l')) }],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected)
  })

  it('binds nested lambdas to their own and to outer variables', () => {
    expect(parseFilter('orders/any(o: o/lines/all(l: l/price lt o/limit and l/tags/any(t: t eq o/tag)))')).toEqual({
      kind: 'any',
      path: ['orders'],
      as: 'o',
      predicate: {
        kind: 'all',
        path: ['lines'],
        variable: 'o',
        as: 'l',
        predicate: and(cmp('lt', bound('l', 'price'), bound('o', 'limit')), {
          kind: 'any',
          path: ['tags'],
          variable: 'l',
          as: 't',
          predicate: cmp('eq', bound('t'), bound('o', 'tag')),
        }),
      },
    })
  })

  it('lets an inner variable shadow an outer one of the same name', () => {
    expect(parseFilter('a/any(x: x/b/any(x: x/c eq 1))')).toEqual({
      kind: 'any',
      path: ['a'],
      as: 'x',
      predicate: { kind: 'any', path: ['b'], variable: 'x', as: 'x', predicate: cmp('eq', bound('x', 'c'), int(1)) },
    })
  })

  it.each([
    ['lines/$count gt 2', cmp('gt', { kind: 'count', path: ['lines'] }, int(2))],
    [
      'lines/$count($filter=quantity gt 1) gt 0',
      cmp('gt', { kind: 'count', path: ['lines'], filter: cmp('gt', prop('quantity'), int(1)) }, int(0)),
    ],
    ['lines/$count(filter=quantity gt 1) gt 0', cmp('gt', { kind: 'count', path: ['lines'], filter: cmp('gt', prop('quantity'), int(1)) }, int(0))],
    [
      'orders/any(o: o/lines/$count($filter=qty gt o/min) gt 1)',
      {
        kind: 'any',
        path: ['orders'],
        as: 'o',
        predicate: cmp('gt', { kind: 'count', path: ['lines'], variable: 'o', filter: cmp('gt', prop('qty'), bound('o', 'min')) }, int(1)),
      },
    ],
    [
      'lines/$count($search=blue OR "dark red";$filter=q gt 1) gt 0',
      cmp('gt', { kind: 'count', path: ['lines'], filter: cmp('gt', prop('q'), int(1)), search: { kind: 'or', operands: [{ kind: 'term', value: 'blue' }, { kind: 'phrase', value: 'dark red' }] } } as Expr, int(0)),
    ],
    [
      'lines/$filter(q gt 1)/any(l: l/p eq 2)',
      { kind: 'any', path: ['lines'], as: 'l', predicate: and(cmp('gt', bound('l', 'q'), int(1)), cmp('eq', bound('l', 'p'), int(2))) },
    ],
    [
      'lines/$filter(tags/any(t: t eq 1))/all(l: l/p eq 2)',
      {
        kind: 'all',
        path: ['lines'],
        as: 'l',
        predicate: or(not({ kind: 'any', path: ['tags'], variable: 'l', as: 't', predicate: cmp('eq', bound('t'), int(1)) } as Expr), cmp('eq', bound('l', 'p'), int(2))),
      },
    ],
    ['lines/$filter(q gt 1)/any()', { kind: 'any', path: ['lines'], as: '$any', predicate: cmp('gt', bound('$any', 'q'), int(1)) }],
    [
      'orders/any(o: o/lines/$filter(q gt o/min)/any(l: l/p eq 1))',
      {
        kind: 'any',
        path: ['orders'],
        as: 'o',
        predicate: { kind: 'any', path: ['lines'], variable: 'o', as: 'l', predicate: and(cmp('gt', bound('l', 'q'), bound('o', 'min')), cmp('eq', bound('l', 'p'), int(1))) },
      },
    ],
    ['lines/$filter(q gt 1)/$count lt 10', cmp('lt', { kind: 'count', path: ['lines'], filter: cmp('gt', prop('q'), int(1)) }, int(10))],
    [
      'lines/$filter(q gt 1)/$count($filter=p eq 2) lt 10',
      cmp('lt', { kind: 'count', path: ['lines'], filter: and(cmp('gt', prop('q'), int(1)), cmp('eq', prop('p'), int(2))) }, int(10)),
    ],
  ])('%s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected)
  })

  it.each([
    ['lines/all()', 'ODATA_SYNTAX', 'all(...) needs a variable and a predicate'],
    ['lines/$count($search=) gt 1', 'ODATA_SYNTAX', 'expected a search'],
    ['lines/$count($top=1) gt 1', 'ODATA_SYNTAX', '$top is not allowed in $count(...)'],
    ['lines/$count($filter=a eq 1;$filter=b eq 1) gt 1', 'ODATA_SYNTAX', '$filter is given twice in $count(...)'],
    ['lines/$count($filter=$it/x eq 1) gt 1', 'ODATA_NOT_SUPPORTED', '$it inside $count(...) or $expand(...) options is not supported'],
    ['lines/$filter(q gt 1)/name eq 1', 'ODATA_SYNTAX', '/$filter(...) in an expression is followed by /$count, /any(...) or /all(...)'],
    ['lines/$filter(q gt 1)/all()', 'ODATA_SYNTAX', 'all(...) needs a variable and a predicate'],
    ['$root eq 1', 'ODATA_SYNTAX', '$root must be followed by a path'],
    ['@Core.Messages/any(m: m eq 1)', 'ODATA_NOT_SUPPORTED', 'annotations in expressions are not supported'],
    ['style has 5', 'ODATA_SYNTAX', "has needs an enumeration literal such as Ns.Color'Red'"],
    ['a in b', 'ODATA_NOT_SUPPORTED', 'in with a collection-valued expression is not supported'],
  ])('%s → %s', (text, code, message) => {
    const error = failure(text)
    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
  })
})

describe('parseFilter: $root', () => {
  it('keeps the segments of a $root path as written, keys included', () => {
    expect(parseFilter("category eq $root/Categories('BOOKS')")).toMatchObject({
      kind: 'compare',
      op: 'eq',
      left: prop('category'),
      right: { kind: 'root', segments: [{ name: 'Categories', args: { kind: 'key', value: str('BOOKS') } }] },
    })
    expect(parseFilter('$root/OrderLines(orderId=1,lineNo=2)/product ne product')).toMatchObject({
      left: { kind: 'root', segments: [{ name: 'OrderLines', args: { kind: 'named', values: [{ name: 'orderId' }, { name: 'lineNo' }] } }, { name: 'product' }] },
    })
  })
})

describe('parseFilter: parameter aliases', () => {
  const aliases = { p: int(5), list: [int(1), int(2)], name: str('x') }

  it('substitutes alias values, from a record or a map', () => {
    expect(parseFilter('price gt @p and name eq @name', { aliases })).toEqual(and(cmp('gt', prop('price'), int(5)), cmp('eq', prop('name'), str('x'))))
    expect(parseFilter('a in @list', { aliases: new Map(Object.entries(aliases)) })).toEqual(inList(a, int(1), int(2)))
  })

  it.each([
    ['price gt @q', 'unknown parameter alias @q at position 10'],
    ['price gt @list', 'parameter alias @list holds a list, which is allowed only after in'],
    ['price in @p', 'parameter alias @p must hold a list such as [1,2] after in'],
    ['price gt @toString', 'unknown parameter alias @toString'],
  ])('%s', (text, message) => {
    const error = failure(text, aliases)
    expect(error).toMatchObject({ code: 'ODATA_SYNTAX' })
    expect(error.message).toContain(message)
  })
})

describe('parseFilter: whitespace', () => {
  it('allows extra spaces and tabs, and none inside parentheses', () => {
    expect(parseFilter(' \tprice  gt\t5 ')).toEqual(cmp('gt', prop('price'), int(5)))
    expect(parseFilter("(price gt 5)and(contains(name,'x'))".replace(')and(', ') and ('))).toEqual(
      and(cmp('gt', prop('price'), int(5)), call('contains', prop('name'), str('x'))),
    )
  })

  it.each([
    ['price gt5', 'expected an operator or the end at position 7 ("gt5")'],
    ['price gt', 'expected whitespace at the end (position 9)'],
    ["(price gt 5)and(name eq 'x')", 'the operator and needs whitespace before it at position 13'],
    ["'a'eq name", 'the operator eq needs whitespace before it at position 4'],
    ['a in(1)', 'expected whitespace at position 5'],
  ])('%s', (text, message) => {
    const error = failure(text)
    expect(error.code).toBe('ODATA_SYNTAX')
    expect(error.message).toContain(message)
  })
})

describe('parseFilter: result', () => {
  it('is deeply frozen', () => {
    const expr = parseFilter("a eq 1 and lines/any(l: l/x in (1, 2)) and contains(name, 'x')")
    const stack: unknown[] = [expr]
    while (stack.length > 0) {
      const value = stack.pop()
      if (typeof value !== 'object' || value === null) continue
      expect(Object.isFrozen(value)).toBe(true)
      stack.push(...Object.values(value))
    }
  })
})
