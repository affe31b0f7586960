import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FUNCTIONS } from '../../src/flows/index.js'
import { flowSection } from '../../src/flows/index.js'

const DOC = readFileSync(new URL('../../docs/flows.md', import.meta.url), 'utf8')

describe('docs/flows.md', () => {
  it('documents every function of the expression language', () => {
    for (const name of Object.keys(FUNCTIONS)) expect(DOC, name).toContain(`\`${name}(`)
  })

  it('documents every step kind', () => {
    const steps = Object.keys((flowSection.defs?.flowSteps as { items: { properties: object } }).items.properties)
    const rows = DOC.split('\n').filter((line) => line.startsWith('| `'))
    for (const step of steps) expect(rows.some((row) => row.split('|')[1]?.includes('`' + step)), step).toBe(true)
  })
})
