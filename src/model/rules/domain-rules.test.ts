import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadExample } from '../../../test/support/example-app.js'
import { createRuleRegistry } from '../checker.js'
import { loadApp } from '../loader.js'
import { domainRules } from './index.js'

const registry = createRuleRegistry(domainRules)

describe('domainRules', () => {
  it('registers at least 30 rules with consecutive PD1xx codes, titles and descriptions', () => {
    expect(domainRules.length).toBeGreaterThanOrEqual(30)
    domainRules.forEach((rule, i) => {
      expect(rule.code).toBe(`PD${101 + i}`)
      expect(rule.title.length).toBeGreaterThan(0)
      expect(rule.description.length).toBeGreaterThan(40)
    })
  })

  it('finds nothing to warn about in the example app', () => {
    const { model } = loadExample()
    expect(registry.check(model).filter((d) => d.severity !== 'info')).toEqual([])
  })
})

describe('domainRules on a large model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-large-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** Its speed (load + check in under 2 s) is measured by bench/suites/checker-bench.ts, not here. */
  it('loads and checks 1,000 entities of 20 attributes without findings', () => {
    writeLargeApp(dir, { modules: 10, entitiesPerModule: 100 })
    const { model, diagnostics } = loadApp(dir)
    if (!model) throw new Error(JSON.stringify(diagnostics.slice(0, 5)))
    const found = registry.check(model)
    expect(model.modules.flatMap((m) => m.entities)).toHaveLength(1000)
    expect([...diagnostics, ...found].filter((d) => d.severity !== 'info')).toEqual([])
  })
})

/** An app of `modules` modules of `entitiesPerModule` entities, each with 20 attributes. */
function writeLargeApp(dir: string, size: { modules: number; entitiesPerModule: number }): void {
  const modules = Array.from({ length: size.modules }, (_, m) => `Module${m}`)
  writeFileSync(join(dir, 'portico.yaml'), `app: large\nversion: 1.0.0\nmodules: [${modules.join(', ')}]\nroles: { Admin: {}, Clerk: {} }\n`)
  modules.forEach((module, m) => {
    mkdirSync(join(dir, module))
    const lines = ['enums:', `  Status${m}: [Open, Closed, Archived]`, 'entities:']
    for (let e = 0; e < size.entitiesPerModule; e++) lines.push(...largeEntity(m, e))
    writeFileSync(join(dir, module, 'domain.yaml'), lines.join('\n') + '\n')
  })
}

/**
 * One entity of the large model, written as models are: most attributes in the short form,
 * some with a default, bounds or a pattern; a reference to the previous entity with an
 * inverse, an index and two access rules.
 */
function largeEntity(m: number, e: number): string[] {
  const attributes = Array.from({ length: 20 }, (_, a) => {
    switch (a % 10) {
      case 0:
        return `      code${a}: { type: String(40), required: true, unique: true, pattern: '^[A-Z][A-Z0-9]*$' }`
      case 1:
        return `      count${a}: { type: Integer, min: 0, max: 1000, default: 1 }`
      case 2:
        return `      amount${a}: { type: 'Decimal(12,2)', min: 0 }`
      case 3:
        return `      status${a}: { type: Enum(Status${m}), required: true, default: Open }`
      case 4:
        return `      name${a}: String(100)`
      case 5:
        return `      day${a}: Date`
      case 6:
        return `      at${a}: DateTime`
      case 7:
        return `      flag${a}: Boolean`
      case 8:
        return `      note${a}: Text`
      default:
        return `      key${a}: UUID`
    }
  })
  const previous = e === 0 ? (m === 0 ? '' : `Module${m - 1}.Entity99`) : `Entity${e - 1}`
  return [
    `  Entity${e}:`,
    '    attributes:',
    ...attributes,
    ...(previous ? ['    associations:', `      previous: { target: ${previous}, onDelete: setNull, inverse: next${m}x${e} }`] : []),
    '    indexes:',
    '      - { members: [name4, day5] }',
    '    access:',
    '      - { roles: [Admin], allow: [create, read, update, delete] }',
    '      - { roles: [Clerk], allow: [read], readable: [code0, name4, status3] }',
  ]
}
