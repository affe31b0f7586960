import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { SYSTEM_PRINCIPAL, type EntityOperations } from '../../src/kernel/index.js'
import { createRuntime, type Runtime } from '../../src/runtime/index.js'
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js'
import { EXAMPLE_DIR } from './example-app.js'

export interface ExampleRuntime {
  readonly runtime: Runtime
  readonly db: TestDatabase
  /** The kernel as the runtime itself, to arrange and inspect data. */
  readonly system: EntityOperations
  close(): Promise<void>
}

/** The example app on a fresh database, seeded, with every adapter bound (not listening). */
export async function startExample(kind: DatabaseKind, env: Record<string, string> = {}): Promise<ExampleRuntime> {
  const db = await openTestDatabase(kind)
  await db.driver.close()
  const platform = defaultPlatform()
  const model = platform.loader.load(EXAMPLE_DIR).model
  if (!model) throw new Error('the example app does not load')
  const config = loadConfig({ appDir: EXAMPLE_DIR, env: { PORTICO_DATABASE_URL: db.url, PORTICO_LOG_LEVEL: 'silent', PORTICO_PORT: '0', ...env } })
  const runtime = await createRuntime({ model, platform, config })
  return {
    runtime,
    db,
    system: runtime.kernel.as(SYSTEM_PRINCIPAL),
    async close() {
      await runtime.close()
      await db.dispose()
    },
  }
}

/** Demo credentials of the example's seed data. */
export const ADMIN_KEY = { 'x-api-key': 'ptk_demoadmin_order-hub-demo-admin-key' }
export const CLERK_KEY = { 'x-api-key': 'ptk_democlerk_order-hub-demo-clerk-key' }
export const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })
export const VIEWER = basic('viewer', 'viewer-demo-password')
