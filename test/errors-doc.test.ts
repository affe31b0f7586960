import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CATALOGUES } from './error-catalogues.js'

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
const documented = new Map([...doc.matchAll(/^\| `([A-Z0-9_]+)` \| ([a-z-]+) \| (.+) \|$/gm)].map((m) => [m[1] as string, m[2] as string]))

describe('docs/errors.md', () => {
  it('documents every code of every catalogue with its category', () => {
    for (const catalogue of CATALOGUES) {
      for (const [code, entry] of Object.entries(catalogue.entries)) {
        expect(documented.get(code), `${code} (${catalogue.layer})`).toBe(entry.category)
      }
    }
  })

  it('documents no code that does not exist', () => {
    const known = new Set(CATALOGUES.flatMap((c) => Object.keys(c.entries)))
    expect([...documented.keys()].filter((code) => code === undefined || !known.has(code))).toEqual([])
  })

  it('has no two catalogues sharing a code', () => {
    const codes = CATALOGUES.flatMap((c) => Object.keys(c.entries))
    expect(codes.length).toBe(new Set(codes).size)
  })
})
