import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXAMPLE_DIR, loadExample } from '../../test/support/example-app.js'
import { loadApp } from './loader.js'

function app(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-load-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

describe('loadApp', () => {
  it('loads the example app with positions and system members', () => {
    const { model } = loadExample()
    const product = model?.modules.find((m) => m.name === 'Catalog')?.entities.find((e) => e.name === 'Product')
    expect(product?.qualifiedName).toBe('Catalog.Product')
    expect(product?.pos).toMatchObject({ file: 'Catalog/domain.yaml', column: 3 })
    expect(product?.attributes.map((a) => a.name)).toEqual(expect.arrayContaining(['sku', 'id', 'createdAt', 'changedAt', 'version']))
    expect(product?.attributes.find((a) => a.name === 'price')?.type).toEqual({ kind: 'Decimal', precision: 10, scale: 2 })
    expect(product?.associations.find((a) => a.name === 'category')?.target).toBe('Catalog.Category')
    expect(Object.isFrozen(product)).toBe(true)
  })

  it('refuses sections no registered layer or adapter declares', () => {
    const { diagnostics } = loadApp(EXAMPLE_DIR)
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'PY002', file: 'Sales/rest-service.yaml', message: expect.stringContaining("unknown property 'services'") }))
  })

  it('reports a YAML syntax error at its line and column', () => {
    const dir = app({
      'portico.yaml': 'app: a\nversion: 1.0.0\nmodules: [M]\n',
      'M/domain.yaml': 'entities:\n  A:\n    attributes: { x: [String\n',
    })
    const { diagnostics } = loadApp(dir)
    expect(diagnostics[0]).toMatchObject({ code: 'PY001', severity: 'error', file: 'M/domain.yaml', line: 4 })
  })

  it('reports an unknown property with what is allowed', () => {
    const dir = app({
      'portico.yaml': 'app: a\nversion: 1.0.0\nmodules: [M]\n',
      'M/domain.yaml': 'entities:\n  A:\n    attributes:\n      x: { type: Integer, requred: true }\n',
    })
    const { diagnostics } = loadApp(dir)
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ code: 'PY002', file: 'M/domain.yaml', line: 4, column: 27 })
    expect(diagnostics[0]?.message).toContain("unknown property 'requred'")
    expect(diagnostics[0]?.message).toContain('required')
  })

  it('explains a comma inside a flow map', () => {
    const dir = app({
      'portico.yaml': 'app: a\nversion: 1.0.0\nmodules: [M]\n',
      'M/domain.yaml': 'entities:\n  A:\n    attributes:\n      x: { type: Decimal(10,2) }\n',
    })
    const { diagnostics } = loadApp(dir)
    expect(diagnostics.map((d) => d.message).join('\n')).toContain("quote the type, e.g. 'Decimal(10,2)'")
  })

  it('refuses a folder without an app file', () => {
    const { model, diagnostics } = loadApp(app({ 'readme.txt': 'x' }))
    expect(model).toBeUndefined()
    expect(diagnostics[0]).toMatchObject({ code: 'PY003', file: 'portico.yaml', line: 1, column: 1 })
  })

  it('reports a module listed without a folder', () => {
    const { diagnostics } = loadApp(app({ 'portico.yaml': 'app: a\nversion: 1.0.0\nmodules: [M, N]\n', 'M/x.yaml': '{}' }))
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'PY004', line: 3, column: 14 })])
  })
})
