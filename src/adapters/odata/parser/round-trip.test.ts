import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPorticoError } from '../../../errors/index.js'
import type { ArithmeticOp, CompareOp, Expr, FunctionName } from '../../../query/index.js'
import {
  formatFilter,
  parseApply,
  parseCompute,
  parseExpand,
  parseFilter,
  parseOrderBy,
  parseQueryOptions,
  parseResourcePath,
  parseSearch,
  parseSelect,
} from './index.js'

// Property names never equal variable names, so a root path inside a lambda or a $count
// filter prints without `$it/`. Some look like keywords: they are still plain names.
const NAMES = ['name', 'price', 'qty', 'Total', 'a_b', 'créé', 'any', 'in', 'and', 'eq', 'div', 'duration'] as const
const VARIABLES = ['l', 'o', 'v1'] as const
const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge']
const ARITHMETIC_OPS: readonly ArithmeticOp[] = ['add', 'sub', 'mul', 'div', 'divby', 'mod']
const FUNCTIONS: readonly (readonly [FunctionName, number])[] = [
  ['contains', 2],
  ['startswith', 2],
  ['endswith', 2],
  ['length', 1],
  ['indexof', 2],
  ['substring', 2],
  ['substring', 3],
  ['tolower', 1],
  ['toupper', 1],
  ['trim', 1],
  ['concat', 2],
  ['matchesPattern', 2],
  ['year', 1],
  ['month', 1],
  ['day', 1],
  ['hour', 1],
  ['minute', 1],
  ['second', 1],
  ['fractionalseconds', 1],
  ['date', 1],
  ['time', 1],
  ['totaloffsetminutes', 1],
  ['now', 0],
  ['mindatetime', 0],
  ['maxdatetime', 0],
  ['round', 1],
  ['floor', 1],
  ['ceiling', 1],
]

const two = (n: number): string => String(n).padStart(2, '0')

const literal: fc.Arbitrary<Expr> = fc.oneof(
  fc.constant<Expr>({ kind: 'literal', value: null }),
  fc.boolean().map((value): Expr => ({ kind: 'literal', value, type: 'Boolean' })),
  fc.string().map((value): Expr => ({ kind: 'literal', value, type: 'String' })),
  fc.oneof(fc.integer(), fc.maxSafeInteger()).map((value): Expr => ({ kind: 'literal', value: value + 0, type: 'Integer' })),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((value) => !Object.is(value, -0))
    .map((value): Expr => ({ kind: 'literal', value, type: 'Decimal' })),
  fc
    .record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ y, m, d }): Expr => ({ kind: 'literal', value: `${String(y).padStart(4, '0')}-${two(m)}-${two(d)}`, type: 'Date' })),
  fc
    .date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((date): Expr => ({ kind: 'literal', value: date.toISOString(), type: 'DateTime' })),
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999 }))
    .map(([h, m, s, ms]): Expr => ({ kind: 'literal', value: `${two(h)}:${two(m)}:${two(s)}.${String(ms).padStart(3, '0')}`, type: 'TimeOfDay' })),
  fc.uuid().map((value): Expr => ({ kind: 'literal', value, type: 'UUID' })),
  fc.constantFrom('Red', 'Green', 'x_1').map((value) => ({ kind: 'literal', value, type: 'Enum', enumType: 'Shop.Color' }) as Expr),
)

const path = fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 })

function member(scope: readonly string[]): fc.Arbitrary<{ path: string[]; variable?: string }> {
  const root = path.map((p) => ({ path: p }))
  if (scope.length === 0) return root
  const bound = fc.record({ variable: fc.constantFrom(...scope), path: fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }) })
  return fc.oneof(root, bound)
}

/** Well-formed filter expressions the parser can produce, `depth` levels deep. */
function expression(depth: number, scope: readonly string[]): fc.Arbitrary<Expr> {
  const leaf = fc.oneof(literal, member(scope).map((m): Expr => ({ kind: 'property', ...m })))
  if (depth <= 0) return leaf
  const sub = expression(depth - 1, scope)
  const free = VARIABLES.filter((v) => !scope.includes(v))
  const choices: fc.Arbitrary<Expr>[] = [
    fc.record({ kind: fc.constant('compare' as const), op: fc.constantFrom(...COMPARE_OPS), left: sub, right: sub }),
    fc.record({ kind: fc.constant('arith' as const), op: fc.constantFrom(...ARITHMETIC_OPS), left: sub, right: sub }),
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(sub, { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constantFrom('not' as const, 'negate' as const), operand: sub }),
    fc.record({ kind: fc.constant('in' as const), operand: sub, values: fc.array(sub, { maxLength: 3 }) }),
    fc.constantFrom(...FUNCTIONS).chain(([name, arity]) =>
      fc.array(sub, { minLength: arity, maxLength: arity }).map((args): Expr => ({ kind: 'call', name, args })),
    ),
    fc.tuple(member(scope), fc.option(sub, { nil: undefined })).map(
      ([m, filter]): Expr => ({ kind: 'count', ...m, path: m.path.length === 0 ? ['lines'] : m.path, ...(filter === undefined ? {} : { filter }) }),
    ),
  ]
  if (free.length > 0) {
    choices.push(
      fc.tuple(member(scope), fc.constantFrom(...free), fc.constantFrom('any' as const, 'all' as const)).chain(([m, as, kind]) =>
        expression(depth - 1, [...scope, as]).map((predicate): Expr => ({ kind, ...m, path: m.path.length === 0 ? ['lines'] : m.path, as, predicate })),
      ),
      member(scope).map((m): Expr => ({ kind: 'any', ...m, path: m.path.length === 0 ? ['lines'] : m.path, as: '$any' })),
    )
  }
  return fc.oneof({ arbitrary: leaf, weight: 2 }, ...choices.map((arbitrary) => ({ arbitrary, weight: 1 })))
}

describe('formatFilter and parseFilter', () => {
  it('read back every well-formed expression unchanged', () => {
    fc.assert(
      fc.property(expression(3, []), (expr) => {
        const text = formatFilter(expr)
        expect(parseFilter(text, { maxLength: 100_000 })).toEqual(expr)
      }),
      { numRuns: 500 },
    )
  })

  it.each([
    [{ kind: 'negate', operand: { kind: 'literal', value: 5, type: 'Integer' } }, '-(5)'],
    [{ kind: 'literal', value: 5, type: 'Decimal' }, '5.0'],
    [{ kind: 'literal', value: "it's", type: 'String' }, "'it''s'"],
    [{ kind: 'property', path: ['not'] }, '$it/not'],
    [{ kind: 'any', path: ['lines'], as: 'l', predicate: { kind: 'property', path: ['l'] } }, 'lines/any(l: $it/l)'],
    [{ kind: 'and', operands: [] }, 'true'],
    [{ kind: 'literal', value: 'Red', type: 'Enum' }, "'Red'"],
  ] as const)('%j prints as %s', (expr, text) => {
    expect(formatFilter(expr as unknown as Expr)).toBe(text)
  })

  it('reads back the $search of a $count', () => {
    const text = 'lines/$count($filter=q gt 1;$search=blue AND NOT "dark red") gt 0'
    expect(formatFilter(parseFilter(text))).toBe(text)
  })

  it('refuses a number that has no literal', () => {
    expect(() => formatFilter({ kind: 'literal', value: Number.NaN, type: 'Decimal' })).toThrow('NaN cannot be written as an OData literal')
  })
})

const TOKENS = [
  '(', ')', "'", '"', ' ', ' ', 'eq', ' and ', 'not ', '-', '/', 'any(', 'x:', '$count', '$filter=', ';', ',', '@p', '[', ']',
  '{', '1', '2024-01-01', 'T10:20:30Z', '10:20', 'INF', 'Ns.E', "'a'", '*', '$ref', 'groupby((', 'aggregate(', ' with ', ' as ',
  'NOT ', ' OR ', 'é', '%', '+', '.', '=', '&', '$top=', 'x', 'lines', '$it', '@', '\\', '\t', '$metadata',
]
const garbage = fc.oneof(fc.string({ maxLength: 60 }), fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join('')))
const PARSERS: readonly ((text: string) => unknown)[] = [
  parseFilter,
  parseOrderBy,
  parseSelect,
  parseExpand,
  parseSearch,
  parseApply,
  parseCompute,
  parseResourcePath,
  parseQueryOptions,
  (text) => parseQueryOptions(`$filter=${text}&@p=${text}`),
]

describe('any text', () => {
  it('either parses or throws a PorticoError, never anything else', () => {
    fc.assert(
      fc.property(garbage, (text) => {
        for (const parse of PARSERS) {
          try {
            parse(text)
          } catch (error) {
            if (!isPorticoError(error)) throw error
            expect(['ODATA_SYNTAX', 'ODATA_NOT_SUPPORTED', 'ODATA_TOO_COMPLEX']).toContain(error.code)
          }
        }
      }),
      { numRuns: 500 },
    )
  })
})
