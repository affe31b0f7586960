/**
 * The example order hub running on a fresh database, with helpers to send OData requests to
 * its `/odata/shop/v1` service in process (`inject`) as the demo admin.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { SYSTEM_PRINCIPAL, type EntityOperations } from '../../src/kernel/index.js'
import { createRuntime, type Runtime } from '../../src/runtime/index.js'
import { openTestDatabase, type DatabaseKind, type TestDatabase } from '../support/databases.js'
import { EXAMPLE_DIR } from '../support/example-app.js'

export const ROOT = '/odata/shop/v1'
export const ADMIN_KEY = 'ptk_demoadmin_order-hub-demo-admin-key'
export const CLERK_KEY = 'ptk_democlerk_order-hub-demo-clerk-key'
export const VIEWER_BASIC = `Basic ${Buffer.from('viewer:viewer-demo-password').toString('base64')}`

export interface ODataFixture {
  readonly runtime: Runtime
  readonly db: TestDatabase
  /** The system's view of the data, to check what a request changed. */
  readonly system: EntityOperations
  /** A request to the service as the demo admin (unless `headers` say otherwise). */
  send(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>
  get(path: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

/** Starts the example app on a fresh database of `kind`, with its seed data (or only an admin API key). */
export async function openODataFixture(kind: DatabaseKind, options: { adapterConfig?: Record<string, unknown>; seed?: boolean } = {}): Promise<ODataFixture> {
  const db = await openTestDatabase(kind)
  await db.driver.close()
  const platform = defaultPlatform()
  const model = platform.loader.load(EXAMPLE_DIR).model
  if (!model) throw new Error('example does not load')
  const base = loadConfig({ appDir: EXAMPLE_DIR, env: { PORTICO_DATABASE_URL: db.url, PORTICO_LOG_LEVEL: 'silent', PORTICO_PORT: '0' } })
  const config = { ...base, seed: options.seed ?? true, adapters: { ...base.adapters, odata: options.adapterConfig ?? {} } }
  const runtime = await createRuntime({ model, platform, config })
  if (options.seed === false) await runtime.identity.createApiKey('test-admin', ['Admin'], { token: ADMIN_KEY })
  const send: ODataFixture['send'] = (method, path, o = {}) => {
    const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
    const auth = o.headers && ('authorization' in o.headers || 'x-api-key' in o.headers) ? {} : { 'x-api-key': ADMIN_KEY }
    const headers = { ...auth, ...(body !== undefined && typeof o.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...o.headers }
    return runtime.http.inject({ method: method as InjectOptions['method'], url: `${ROOT}${path}`, headers, ...(body !== undefined ? { payload: body } : {}) })
  }
  return {
    runtime,
    db,
    system: runtime.kernel.as(SYSTEM_PRINCIPAL),
    send,
    get: (path, headers) => send('GET', path, headers ? { headers } : {}),
    close: async () => {
      await runtime.close()
      await db.dispose()
    },
  }
}
