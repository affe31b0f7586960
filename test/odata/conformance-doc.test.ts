import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/**
 * docs/odata-conformance.md names, for each requirement, the test that shows it. This keeps
 * the names real: every `file › test name` of the document is a test of that file.
 */
const DOC = readFileSync(new URL('../../docs/odata-conformance.md', import.meta.url), 'utf8')

describe('docs/odata-conformance.md', () => {
  const cited = [...DOC.matchAll(/([\w-]+\.test\.ts) › ([^;|]+)/g)].map((m) => ({ file: m[1] as string, name: (m[2] as string).trim() }))

  it('cites tests', () => {
    expect(cited.length).toBeGreaterThan(50)
  })

  it('cites only tests that exist', () => {
    const missing = cited.filter(({ file, name }) => !readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').includes(`'${name}'`))
    expect(missing).toEqual([])
  })

  it('counts its rows in the summary', () => {
    const statuses = [...DOC.matchAll(/^\| [\d.–]+ \| .+? \| (met|partial|not met|n\/a) \|/gm)].map((m) => m[1])
    const count = (s: string) => statuses.filter((x) => x === s).length
    expect(DOC).toContain(`${statuses.length} rows: ${count('met')} met, ${count('partial')} partial, ${count('not met')} not met, ${count('n/a')} n/a.`)
  })
})
