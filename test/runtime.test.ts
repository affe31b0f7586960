import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPlatform } from '../src/cli/adapters.js'
import { loadConfig } from '../src/cli/config.js'
import { SYSTEM_PRINCIPAL } from '../src/kernel/index.js'
import { createRuntime, type Runtime } from '../src/runtime/index.js'
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases.js'
import { EXAMPLE_DIR } from './support/example-app.js'

const kinds = await databaseKinds()

describe.each(kinds)('the example app on %s', (kind) => {
  let runtime: Runtime
  let db: TestDatabase

  beforeAll(async () => {
    db = await openTestDatabase(kind)
    await db.driver.close()
    const platform = defaultPlatform()
    const model = platform.loader.load(EXAMPLE_DIR).model
    if (!model) throw new Error('example does not load')
    const config = loadConfig({ appDir: EXAMPLE_DIR, env: { PORTICO_DATABASE_URL: db.url, PORTICO_LOG_LEVEL: 'silent', PORTICO_PORT: '0' } })
    runtime = await createRuntime({ model, platform, config })
  })
  afterAll(async () => {
    await runtime?.close()
    await db?.dispose()
  })

  it('answers /health and /ready', async () => {
    const health = await runtime.http.inject({ method: 'GET', url: '/health' })
    expect(health.statusCode).toBe(200)
    expect(health.json()).toEqual({ status: 'ok', app: 'order-hub', version: '1.0.0' })
    const ready = await runtime.http.inject({ method: 'GET', url: '/ready' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ready', store: 'reachable', schema: 'synced' })
  })

  it('lists published contracts', async () => {
    const contracts = await runtime.http.inject({ method: 'GET', url: '/contracts' })
    expect(contracts.statusCode).toBe(200)
    expect(Array.isArray(contracts.json())).toBe(true)
  })

  it('loaded the seed data with references resolved by key', async () => {
    const ops = runtime.kernel.as(SYSTEM_PRINCIPAL)
    const lines = await ops.query({ entity: 'Sales.OrderLine' })
    expect(lines.rows).toHaveLength(5)
    const fiction = await ops.findByKey('Catalog.Category', { code: 'FICTION' })
    const books = await ops.findByKey('Catalog.Category', { code: 'BOOKS' })
    expect(fiction?.parent).toBe(books?.id)
    expect(await runtime.identity.authenticateApiKey('ptk_demoadmin_order-hub-demo-admin-key')).toMatchObject({ roles: ['Admin'] })
    expect(await runtime.identity.authenticateBasic('clerk', 'clerk-demo-password')).toMatchObject({ roles: ['Clerk'] })
    expect(await runtime.identity.authenticateBasic('clerk', 'wrong')).toBeUndefined()
  })

  it('reports not-ready when the database is unreachable', async () => {
    await runtime.store.driver.close()
    const ready = await runtime.http.inject({ method: 'GET', url: '/ready' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json()).toMatchObject({ status: 'not-ready', store: 'unreachable' })
  })
})
