import { readFileSync } from 'node:fs'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startExample, type ExampleRuntime } from '../support/example-runtime.js'
import { generateClientTypes, GENERATED_CLIENT_TYPES } from './openapi-support.js'

describe('the OpenAPI contract of /rest/shop/v1', () => {
  let ex: ExampleRuntime
  let document: Record<string, unknown>

  beforeAll(async () => {
    ex = await startExample('sqlite')
    document = (await ex.runtime.http.inject({ method: 'GET', url: '/rest/shop/v1/openapi.json' })).json()
  })
  afterAll(async () => ex?.close())

  it('is a valid OpenAPI 3.1 document for an independent validator (Redocly, recommended rules)', async () => {
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-license': 'off', 'operation-4xx-response': 'error', 'no-mixed-number-range-constraints': 'error' } })
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config })
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)
    expect(errors).toEqual([])
  })

  it('follows the contract rules for types, formats, nullability and read-only members', () => {
    const schemas = (document.components as { schemas: Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }> }).schemas
    const product = schemas.Product
    expect(product?.properties.price).toEqual({ type: 'number', exclusiveMaximum: 1e8, multipleOf: 0.01, minimum: 0 })
    expect(product?.properties.sku).toMatchObject({ type: 'string', maxLength: 32, pattern: '^(?:^[A-Z0-9-]+$)$' })
    expect(product?.properties.description).toEqual({ type: ['string', 'null'] })
    expect(product?.properties.status).toEqual({ type: 'string', enum: ['Draft', 'Active', 'Retired'] })
    expect(product?.properties.releasedOn).toEqual({ type: ['string', 'null'], format: 'date' })
    expect(product?.properties.id).toMatchObject({ type: 'integer', format: 'int64', readOnly: true })
    expect(product?.properties.category).toMatchObject({ type: ['integer', 'null'], format: 'int64' })
    expect(product?.properties.tags).toMatchObject({ type: 'array', items: { type: 'integer', format: 'int64' } })
    expect(product?.required).toEqual(expect.arrayContaining(['sku', 'name', 'price', 'stock', 'status', 'id']))
    expect(product?.required).not.toContain('description')
    const create = schemas.ProductCreate
    expect(create?.required?.sort()).toEqual(['name', 'price', 'sku'])
    expect(create).toMatchObject({ additionalProperties: false })
    expect(create?.properties).not.toHaveProperty('id')
    expect(create?.properties.stock).toMatchObject({ default: 0 })
  })

  it('is served as YAML too, and listed in /contracts', async () => {
    const yaml = await ex.runtime.http.inject({ method: 'GET', url: '/rest/shop/v1/openapi.yaml' })
    expect(yaml.headers['content-type']).toContain('application/yaml')
    expect(yaml.body).toContain('openapi: 3.1.0')
    const contracts = (await ex.runtime.http.inject({ method: 'GET', url: '/contracts' })).json()
    expect(contracts).toContainEqual({ kind: 'rest', name: 'shop', version: '1.0.0', baseUrl: '/rest/shop/v1', document: '/rest/shop/v1/openapi.json' })
  })

  it('has an API reference page served without a CDN', async () => {
    const page = await ex.runtime.http.inject({ method: 'GET', url: '/rest/shop/v1/docs' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('/rest/shop/v1/openapi.json')
    expect(page.body).not.toMatch(/https?:\/\//)
    const bundle = await ex.runtime.http.inject({ method: 'GET', url: '/rest/shop/v1/docs/swagger-ui-bundle.js' })
    expect(bundle.statusCode).toBe(200)
  })

  it('matches the client types committed in test/rest/generated (run the generator when the contract changes)', async () => {
    expect(readFileSync(GENERATED_CLIENT_TYPES, 'utf8')).toBe(await generateClientTypes(document))
  })
})
