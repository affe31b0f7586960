/**
 * A runtime of the flow shop in its own process, for the tests that kill one (a crash
 * between attempts) or run two against one database (cluster-safe schedules):
 *
 *   node --import tsx test/flows/flow-process.ts <serve|fail-once> <databaseUrl>
 *
 * Prints one JSON line per event (`ready`, `result`) and runs until SIGTERM (or SIGKILL).
 */
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { createRuntime } from '../../src/runtime/index.js'
import { FLOW_SHOP_DIR } from './flow-shop.js'

const [mode = 'serve', url = ''] = process.argv.slice(2)
const platform = defaultPlatform()
const model = platform.loader.load(FLOW_SHOP_DIR).model
if (!model) throw new Error('the flow shop does not load')
const config = loadConfig({ appDir: FLOW_SHOP_DIR, env: { PORTICO_DATABASE_URL: url, PORTICO_LOG_LEVEL: 'silent', PORTICO_PORT: '0' } })
const runtime = await createRuntime({ model, platform, config, flows: { pollIntervalMs: 200 } })
await runtime.listen()
const say = (event: Record<string, unknown>) => process.stdout.write(JSON.stringify(event) + '\n')
say({ event: 'ready', pid: process.pid })
if (mode === 'fail-once') say({ event: 'result', result: await runtime.flows.run('Flaky', { text: 'crash' }) })
process.once('SIGTERM', () => {
  void runtime.close().then(() => process.exit(0))
})
