/**
 * What the independent-client tests share: the example app listening on a free loopback
 * port (so every URL the service writes is real), and whether a tool is installed — missing
 * tools skip the test with a reason locally and fail it under CI=true.
 */
import { spawnSync } from 'node:child_process'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { createRuntime, type Runtime } from '../../src/runtime/index.js'
import { openTestDatabase, type DatabaseKind, type TestDatabase } from '../support/databases.js'
import { EXAMPLE_DIR } from '../support/example-app.js'

export interface ListeningExample {
  readonly runtime: Runtime
  /** The OData service root, e.g. http://127.0.0.1:41234/odata/shop/v1. */
  readonly root: string
  close(): Promise<void>
}

/** The example app with its seed data, listening on 127.0.0.1 on a port the system picks. */
export async function listenExample(kind: DatabaseKind): Promise<ListeningExample> {
  const db: TestDatabase = await openTestDatabase(kind)
  await db.driver.close()
  const platform = defaultPlatform()
  const model = platform.loader.load(EXAMPLE_DIR).model
  if (!model) throw new Error('example does not load')
  // Port 0: the system picks a free port, and the service writes its links with it.
  const config = loadConfig({ appDir: EXAMPLE_DIR, env: { PORTICO_DATABASE_URL: db.url, PORTICO_LOG_LEVEL: 'silent', PORTICO_PORT: '0' } })
  const runtime = await createRuntime({ model, platform, config })
  const url = await runtime.listen()
  return {
    runtime,
    root: `${url}/odata/shop/v1`,
    close: async () => {
      await runtime.close()
      await db.dispose()
    },
  }
}

/** Undefined when every command answers `--version`, else why not; under CI=true a missing tool throws. */
export function missingTools(commands: readonly string[]): string | undefined {
  const missing = commands.filter((c) => spawnSync(c, ['-version'], { stdio: 'ignore' }).error !== undefined)
  if (missing.length === 0) return undefined
  const why = `${missing.join(' and ')} not installed`
  if (process.env.CI === 'true') throw new Error(`CI=true and ${why}`)
  console.warn(`skipping: ${why}`)
  return why
}
