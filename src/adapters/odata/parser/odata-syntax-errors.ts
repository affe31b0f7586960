import { defineCatalogue, type PorticoError } from '../../../errors/index.js'
import type { GrammarExpectation, RejectCode } from './odata-grammar.generated.js'

/** Errors of the OData URL parser; every one names the query option and the position. */
export const odataSyntaxErrors = defineCatalogue('odata-syntax', {
  ODATA_SYNTAX: {
    category: 'invalid',
    description: 'An OData resource path or query option does not follow the OData 4.01 URL syntax.',
  },
  ODATA_NOT_SUPPORTED: {
    category: 'invalid',
    description:
      'An OData construct is valid but Portico does not support it (INF/NaN, sub-millisecond precision, binary and geo literals, ...); answered 501.',
  },
  ODATA_TOO_COMPLEX: {
    category: 'too-large',
    description: 'An OData query option is longer or nested deeper than the configured limit.',
  },
})

export type OdataSyntaxErrorCode = keyof typeof odataSyntaxErrors.entries

const EXCERPT_LENGTH = 20
const MAX_EXPECTED = 8

/**
 * An error about the construct at `offset` (0-based) of an option's text, e.g.
 * `$filter: unknown function foo at position 7 ("foo(x) eq 1")`.
 */
export function positionedError(
  code: RejectCode,
  option: string,
  text: string,
  message: string,
  offset: number,
): PorticoError {
  return odataSyntaxErrors.create(code, `${option}: ${message} ${where(text, offset)}`, { target: option })
}

/** Turns the parser's expectations at the furthest position it reached into a readable error. */
export function expectationError(
  option: string,
  text: string,
  offset: number,
  expectations: readonly GrammarExpectation[],
): PorticoError {
  const expected = describeExpectations(expectations)
  const hint = text[offset] === '+' ? "; note that '+' is not a space in OData, spaces are encoded as %20" : ''
  return odataSyntaxErrors.create('ODATA_SYNTAX', `${option}: expected ${joinOr(expected)} ${where(text, offset)}${hint}`, {
    target: option,
    details: expected.map((message) => ({ code: 'ODATA_SYNTAX', path: option, rule: 'expected', message })),
  })
}

function where(text: string, offset: number): string {
  if (offset >= text.length) return `at the end (position ${offset + 1})`
  const rest = text.slice(offset)
  const excerpt = rest.length > EXCERPT_LENGTH ? `${rest.slice(0, EXCERPT_LENGTH)}…` : rest
  return `at position ${offset + 1} (${JSON.stringify(excerpt)})`
}

/** Distinct descriptions, words before quoted tokens, `the end` last, at most a handful. */
function describeExpectations(expectations: readonly GrammarExpectation[]): readonly string[] {
  const names = new Set(expectations.map(describe))
  if (names.size > 1) names.delete('whitespace')
  const end = names.delete('the end')
  const sorted = [...names].sort((a, b) => Number(a.startsWith('"')) - Number(b.startsWith('"')) || a.localeCompare(b))
  const listed = sorted.length > MAX_EXPECTED ? [...sorted.slice(0, MAX_EXPECTED - 1), 'another token'] : sorted
  return end ? [...listed, 'the end'] : listed
}

function describe(expectation: GrammarExpectation): string {
  switch (expectation.type) {
    case 'literal':
      return JSON.stringify(expectation.text)
    case 'other':
      return expectation.description
    case 'end':
      return 'the end'
    case 'class':
    case 'any':
      return 'a character'
  }
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else'
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
}
