import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { EXAMPLE_DIR } from '../support/example-app.js'

/** A copy of the example app with one file edited. */
function exampleWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-check-'))
  cpSync(EXAMPLE_DIR, dir, { recursive: true, filter: (src) => !src.includes('/data') })
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')))
  return dir
}

describe('portico check', () => {
  it('finds no problems in the example app', async () => {
    const result = await runCli(['check', EXAMPLE_DIR])
    expect(result).toMatchObject({ code: 0, out: 'no problems found' })
  })

  it('reports a dangling association at file:line:col and exits 1', async () => {
    const dir = exampleWith('Sales/domain.yaml', (t) => t.replace('target: Customer,', 'target: Custmer,'))
    const result = await runCli(['check', dir])
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/^Sales\/domain\.yaml:24:27 {2}PD129 {2}error {2}.*'Sales\.Custmer'.*did you mean 'Sales\.Customer'/m)
  })

  it('reports an unknown type at the type itself', async () => {
    const dir = exampleWith('Catalog/domain.yaml', (t) => t.replace('description: Text\n      price:', 'description: Txet\n      price:'))
    const result = await runCli(['check', dir])
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/^Catalog\/domain\.yaml:35:20 {2}PD110 {2}error {2}.*Txet/m)
  })

  it('reports a YAML syntax error with its position', async () => {
    const dir = exampleWith('Sales/domain.yaml', (t) => t.replace('OrderStatus: [Open, Paid, Shipped, Cancelled]', 'OrderStatus: [Open, Paid'))
    const result = await runCli(['check', dir])
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/^Sales\/domain\.yaml:\d+:\d+ {2}PY001 {2}error {2}YAML syntax error/m)
  })

  it('prints JSON for tools', async () => {
    const dir = exampleWith('Sales/domain.yaml', (t) => t.replace('target: Customer,', 'target: Custmer,'))
    const result = await runCli(['check', dir, '--format', 'json'])
    expect(JSON.parse(result.out)).toContainEqual(expect.objectContaining({ code: 'PD129', severity: 'error', file: 'Sales/domain.yaml', line: 24, column: 27 }))
  })

  it('refuses to run a model with errors', async () => {
    const dir = exampleWith('Sales/domain.yaml', (t) => t.replace('target: Customer,', 'target: Custmer,'))
    const result = await runCli(['run', dir])
    expect(result.code).toBe(1)
    expect(result.err).toContain('PD129')
    expect(result.err).toContain('not starting')
  })
})
