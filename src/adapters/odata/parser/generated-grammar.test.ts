import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildGrammar, GRAMMAR_FILES } from '../../../../scripts/build-odata-grammar.mjs'

describe('the generated parser', () => {
  it('is what odata.peggy generates today (run npm run grammar after changing the grammar)', () => {
    const generated = buildGrammar(readFileSync(GRAMMAR_FILES.grammar, 'utf8'))
    expect(readFileSync(GRAMMAR_FILES.source, 'utf8')).toBe(generated.source)
    expect(readFileSync(GRAMMAR_FILES.types, 'utf8')).toBe(generated.types)
  })
})
