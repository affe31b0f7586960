import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isPorticoError, type PorticoError } from '../../../errors/index.js'
import { odataSyntaxErrors, parseApply, parseExpand, parseFilter, parseOrderBy, parseSearch } from './index.js'

function caught(run: () => unknown): PorticoError {
  try {
    run()
  } catch (error) {
    if (isPorticoError(error)) return error
    throw error
  }
  throw new Error('no error')
}

describe('syntax errors', () => {
  it('name the option, the 1-based position, what was expected and what follows', () => {
    const error = caught(() => parseFilter('price gt 5 andd x'))
    expect(error).toMatchObject({ code: 'ODATA_SYNTAX', category: 'invalid', target: '$filter' })
    expect(error.message).toBe('$filter: expected an operator or the end at position 12 ("andd x")')
    expect(error.details).toEqual([
      { code: 'ODATA_SYNTAX', path: '$filter', rule: 'expected', message: 'an operator' },
      { code: 'ODATA_SYNTAX', path: '$filter', rule: 'expected', message: 'the end' },
    ])
  })

  it.each([
    ['price gt ', '$filter: expected an expression at the end (position 10)'],
    ['price gt', '$filter: expected whitespace at the end (position 9)'],
    ["contains(name 'x')", '$filter: expected an operator, "," or ")" at position 15 ("\'x\')")'],
    ['(a eq 1', '$filter: expected an operator or ")" at the end (position 8)'],
    ['a eq 1)', '$filter: expected an operator or the end at position 7 (")")'],
    ['', '$filter: expected an expression at the end (position 1)'],
    ['lines/any(l l/x)', '$filter: expected ":" at position 13 ("l/x)")'],
    ['a eq 123456789012345678901234567890 x', '$filter: expected an operator or the end at position 37 ("x")'],
    ['a eq 1 and b eq 2 and c eq 3 andx', '$filter: expected an operator or the end at position 30 ("andx")'],
    [
      'name eq 1 and (((((x eq 1) or y eq 2) or z) mod 3 eq 0) eqq 2)',
      '$filter: expected an operator or ")" at position 57 ("eqq 2)")',
    ],
  ])('%j', (text, message) => {
    expect(caught(() => parseFilter(text)).message).toBe(message)
  })

  it('shows a long remainder shortened', () => {
    expect(caught(() => parseFilter('a eq 1 b eq 2 and c eq 3 and d eq 4')).message).toBe(
      '$filter: expected an operator or the end at position 8 ("b eq 2 and c eq 3 an…")',
    )
  })

  it("explains that '+' is not a space", () => {
    expect(caught(() => parseFilter('price+gt+5')).message).toBe(
      "$filter: expected an operator or the end at position 6 (\"+gt+5\"); note that '+' is not a space in OData, spaces are encoded as %20",
    )
  })

  it('name the option a caller chooses', () => {
    expect(caught(() => parseFilter('a eq', { option: 'filter rule' })).message).toMatch(/^filter rule: /)
    expect(caught(() => parseOrderBy('a asc desc')).message).toBe('$orderby: expected "," or the end at position 7 ("desc")')
    expect(caught(() => parseExpand('a($top=x)')).message).toBe('$expand: expected a non-negative integer at position 8 ("x)")')
    expect(caught(() => parseSearch('a OR')).message).toBe('$search: expected whitespace at the end (position 5)')
    expect(caught(() => parseApply('aggregate(x with median as y)')).message).toBe(
      '$apply: expected an aggregation method at position 18 ("median as y)")',
    )
  })
})

describe('limits', () => {
  it('refuses an option longer than the limit before parsing', () => {
    const error = caught(() => parseFilter(`a eq '${'x'.repeat(8000)}'`))
    expect(error).toMatchObject({ code: 'ODATA_TOO_COMPLEX', category: 'too-large', message: '$filter: longer than 8000 characters' })
    expect(caught(() => parseFilter('a eq 1 and b eq 2', { maxLength: 10 })).code).toBe('ODATA_TOO_COMPLEX')
  })

  it('accepts 50 nested parentheses and refuses 51', () => {
    expect(parseFilter(`${'('.repeat(50)}a${')'.repeat(50)}`)).toEqual({ kind: 'property', path: ['a'] })
    const error = caught(() => parseFilter(`${'('.repeat(51)}a${')'.repeat(51)}`))
    expect(error).toMatchObject({ code: 'ODATA_TOO_COMPLEX', category: 'too-large' })
    expect(error.message).toBe(`$filter: nested deeper than 50 levels at position 52 ("a${')'.repeat(19)}…")`)
    expect(caught(() => parseFilter('((((a))))', { maxDepth: 3 })).code).toBe('ODATA_TOO_COMPLEX')
  })

  it('counts unary operators, nested options and search groups as nesting', () => {
    expect(caught(() => parseFilter(`${'not '.repeat(60)}a`)).code).toBe('ODATA_TOO_COMPLEX')
    expect(caught(() => parseFilter(`${'-'.repeat(60)}a`)).code).toBe('ODATA_TOO_COMPLEX')
    expect(caught(() => parseExpand(`${'a($expand='.repeat(60)}a${')'.repeat(60)}`)).code).toBe('ODATA_TOO_COMPLEX')
    expect(caught(() => parseSearch(`${'NOT '.repeat(60)}a`)).code).toBe('ODATA_TOO_COMPLEX')
    expect(caught(() => parseSearch(`${'('.repeat(60)}a${')'.repeat(60)}`)).code).toBe('ODATA_TOO_COMPLEX')
    expect(caught(() => parseApply(`${'groupby((a),'.repeat(60)}identity${')'.repeat(60)}`)).code).toBe('ODATA_TOO_COMPLEX')
  })

  it('turns a stack overflow under a raised depth limit into ODATA_TOO_COMPLEX', () => {
    const error = caught(() => parseFilter(`${'('.repeat(200_000)}a`, { maxDepth: 1_000_000, maxLength: 1_000_000 }))
    expect(error.code).toBe('ODATA_TOO_COMPLEX')
  })

  it.each([
    ['(((', '('.repeat(8000)],
    ['unclosed calls', `${'contains('.repeat(888)}a`],
    ['unclosed lists', `${'x in ('.repeat(1300)}a`],
    ['unclosed lambdas', `${'a/any(x:'.repeat(1000)}a`],
    ['long and-chain', `${'a eq 1 and '.repeat(700)}a eq 1`],
    ['long arithmetic', `${'1 add '.repeat(1300)}1`],
    ['long path', `${'a/'.repeat(3999)}a`],
    ['many quotes', "'".repeat(8000)],
    ['many brackets', '['.repeat(8000)],
    ['alternating', '(a eq 1 or '.repeat(700)],
  ])('parses hostile input quickly: %s', (_name, text) => {
    const started = performance.now()
    try {
      parseFilter(text, { maxDepth: 50 })
    } catch (error) {
      expect(isPorticoError(error)).toBe(true)
    }
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('the error catalogue', () => {
  it('is documented in docs/odata-syntax.md', () => {
    const docs = readFileSync(new URL('../../../../docs/odata-syntax.md', import.meta.url), 'utf8')
    for (const [code, entry] of Object.entries(odataSyntaxErrors.entries)) {
      expect(docs).toContain(`\`${code}\``)
      expect(docs).toContain(entry.category)
    }
  })
})
