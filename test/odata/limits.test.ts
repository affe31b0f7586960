import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { openODataFixture, type ODataFixture } from './odata-fixture.js'

const kinds = await databaseKinds()
const enc = encodeURIComponent

describe.each(kinds)('OData limits on %s: refused with 400 before any SQL runs', (kind) => {
  let f: ODataFixture
  /** SQL that touched the app's data (identity lookups for authentication do not count). */
  let dataSql: string[]
  beforeAll(async () => {
    f = await openODataFixture(kind, { adapterConfig: { maxTop: 50, maxBatchParts: 3, maxUrlLength: 3000 } })
    const driver = f.runtime.store.driver
    const execute = driver.execute.bind(driver)
    const transaction = driver.transaction.bind(driver)
    vi.spyOn(driver, 'execute').mockImplementation((sql, params) => {
      if (!/portico_(user|api_key)/.test(sql)) dataSql.push(sql)
      return execute(sql, params)
    })
    vi.spyOn(driver, 'transaction').mockImplementation((fn, options) => {
      dataSql.push('BEGIN')
      return transaction(fn, options)
    })
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await f?.close()
  })

  async function limited(path: string, code: string, target?: string, options: { method?: string; body?: unknown } = {}) {
    dataSql = []
    const r = await f.send(options.method ?? 'GET', path, options.body === undefined ? {} : { body: options.body })
    expect(r.statusCode, r.body).toBe(400)
    expect(r.json()).toMatchObject({ error: { code, ...(target ? { target } : {}) } })
    expect(dataSql).toEqual([])
  }

  it('refuses $top beyond the configured maximum', () => limited('/Products?$top=51', 'ODATA_LIMIT_EXCEEDED', '$top'))
  it('refuses $top inside $expand beyond the maximum', () => limited(`/Orders?$expand=${enc('lines($top=500)')}`, 'ODATA_LIMIT_EXCEEDED', '$top'))
  it('refuses $expand nested deeper than the query limit', () =>
    limited(`/Categories?$expand=${enc('children($expand=children($expand=children($expand=children($expand=children))))')}`, 'QUERY_LIMIT_EXCEEDED'))
  it('refuses $levels beyond the query limit', () => limited(`/Categories?$expand=${enc('children($levels=9)')}`, 'QUERY_LIMIT_EXCEEDED'))
  it('refuses a filter with too many nodes', () =>
    limited(`/Products?$filter=${enc(Array.from({ length: 70 }, (_, i) => `stock eq ${i}`).join(' or '))}`, 'QUERY_LIMIT_EXCEEDED', 'filter'))
  it('refuses a /$filter path segment with too many nodes', () =>
    limited(`/Products/$filter(${enc(Array.from({ length: 70 }, (_, i) => `stock eq ${i}`).join(' or '))})`, 'QUERY_LIMIT_EXCEEDED', 'filter'))
  it('refuses any/all nested too deeply', () =>
    limited(`/Orders?$filter=${enc('lines/any(a: a/product/orderLines/any(b: b/order/lines/any(c: c/product/orderLines/any(d: d/quantity gt 1))))')}`, 'QUERY_LIMIT_EXCEEDED'))
  it('refuses a URL longer than the configured maximum', () => limited(`/Products?$filter=${enc(`name eq '${'x'.repeat(3000)}'`)}`, 'ODATA_LIMIT_EXCEEDED', 'URL'))
  it('refuses a $batch with more requests than allowed', () =>
    limited('/$batch', 'ODATA_LIMIT_EXCEEDED', '$batch', { method: 'POST', body: { requests: Array.from({ length: 4 }, (_, i) => ({ id: String(i), method: 'GET', url: 'Products' })) } }))
  it('refuses an option nested deeper than the parser allows', () => limited(`/Products?$filter=${enc(`${'('.repeat(60)}true${')'.repeat(60)}`)}`, 'ODATA_TOO_COMPLEX', '$filter'))
})
