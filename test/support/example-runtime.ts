import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { SYSTEM_PRINCIPAL, type EntityOperations } from '../../src/kernel/index.js'
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime/index.js'
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
  return startApp(EXAMPLE_DIR, kind, { env })
}

/** Any app folder on a fresh database, as `startExample` starts the example; `flows` tunes the flow engine's timing. */
export async function startApp(dir: string, kind: DatabaseKind, options: { env?: Record<string, string>; flows?: RuntimeOptions['flows'] } = {}): Promise<ExampleRuntime> {
  const db = await openTestDatabase(kind)
  await db.driver.close()
  const platform = defaultPlatform()
  const model = platform.loader.load(dir).model
  if (!model) throw new Error(`the app in ${dir} does not load`)
  const config = loadConfig({ appDir: dir, env: { PORTICO_DATABASE_URL: db.url, PORTICO_LOG_LEVEL: 'silent', PORTICO_PORT: '0', ...options.env } })
  const runtime = await createRuntime({ model, platform, config, ...(options.flows ? { flows: options.flows } : {}) })
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
