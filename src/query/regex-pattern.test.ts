import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalPattern, matchesCanonical } from './regex-pattern.js'

const refusal = (pattern: string): string => {
  try {
    canonicalPattern(pattern)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`expected ${pattern} to be refused`)
}

describe('matchesPattern patterns', () => {
  it('spells out what engines read differently and escapes every special character', () => {
    expect(canonicalPattern('^a.c$')).toBe('^a[^\\n\\r\u2028\u2029]c$')
    expect(canonicalPattern('\\d{2,3}\\W')).toBe('[0-9]{2,3}[^A-Za-z0-9_]')
    expect(canonicalPattern('[\\d_x-z]')).toBe('[0-9_x-z]')
    expect(canonicalPattern('(ab|c)+?')).toBe('(?:ab|c)+')
    expect(canonicalPattern('[[\\]^]')).toBe('[\\[\\]\\^]')
    expect(canonicalPattern('\\.\\*\\/')).toBe('\\.\\*\\/')
  })

  it('refuses what is not regular or not read alike, naming the construct', () => {
    expect(refusal('(a)\\1')).toContain("'\\1' is not supported")
    expect(refusal('a(?=b)')).toContain('look-around')
    expect(refusal('\\bword')).toContain("'\\b' is not supported")
    expect(refusal('\\p{L}')).toContain("'\\p' is not supported")
    expect(refusal('[\\D]')).toContain('inside a class')
    expect(refusal('a{1000}')).toContain('repetition counts go up to 100')
    expect(refusal('a**')).toContain('follows another')
    expect(refusal('(a')).toContain('is not closed')
    expect(refusal('a)')).toContain("unbalanced ')'")
    expect(refusal('[z-a]')).toContain('runs backwards')
    expect(refusal('[]')).toContain('empty class')
    expect(refusal('a{x')).toContain('escape it as')
    expect(refusal('x'.repeat(501))).toContain('longer than 500')
  })

  it('takes linear time where a backtracking engine would not return', () => {
    const evil = canonicalPattern('^(a+)+$')
    const started = Date.now()
    expect(matchesCanonical(`${'a'.repeat(5000)}!`, evil)).toBe(false)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('finds a match exactly where ECMAScript does, for generated patterns and strings', () => {
    const atom = fc.oneof(
      fc.constantFrom('a', 'b', 'c', '.', '\\d', '\\w', '\\s', '\\D', '\\S', '\\.', '-', ' ', '1', '\n'),
      fc.constantFrom('[ab]', '[^a]', '[a-c1]', '[\\d.]', '[^\\s]', '[-a]'),
    )
    const quantified = fc.tuple(atom, fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '*?')).map(([a, q]) => a + q)
    const sequence = fc.array(quantified, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''))
    const pattern = fc
      .tuple(fc.constantFrom('', '^'), fc.array(sequence, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.constantFrom('', '$'))
      .map(([start, branches, group, end]) => `${start}${group ? `(?:${branches.join('|')})` : branches.join('|')}${end}`)
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '1', '.', ' ', '-', '\n', 'é', '\u2028'), maxLength: 8 })
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(matchesCanonical(t, canonicalPattern(p)), `${JSON.stringify(p)} on ${JSON.stringify(t)}`).toBe(new RegExp(p).test(t))
      }),
      { numRuns: 3000 },
    )
  })
})
