/**
 * Imports a CSV file through the bench app's ImportCatalog flow in its own process, and
 * prints `{ records, seconds, peakRssMb }`: the resident set is sampled every 20 ms while the
 * import runs, so the peak belongs to the import alone.
 *
 *   node --import tsx bench/suites/flow-import-probe.ts <databaseUrl> <csvFile>
 */
import { fileURLToPath } from 'node:url'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { fileInput } from '../../src/flows/index.js'
import { SYSTEM_PRINCIPAL } from '../../src/kernel/index.js'
import { createRuntime } from '../../src/runtime/index.js'

const APP = fileURLToPath(new URL('../apps/flows', import.meta.url))
const [url = '', file = ''] = process.argv.slice(2)
const platform = defaultPlatform()
const model = platform.loader.load(APP).model
if (!model) throw new Error('the bench app does not load')
const runtime = await createRuntime({ model, platform, config: loadConfig({ appDir: APP, env: { PORTICO_DATABASE_URL: url, PORTICO_LOG_LEVEL: 'silent' } }) })
const system = runtime.kernel.as(SYSTEM_PRINCIPAL)
for (const code of ['BOOKS', 'FICTION', 'GARDEN', 'KITCHEN', 'TOYS']) {
  if (!(await system.findByKey('Catalog.Category', { code }))) await system.create('Catalog.Category', { code, name: code })
}
let peak = process.memoryUsage().rss
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
const started = performance.now()
const result = await runtime.flows.run('ImportCatalog', fileInput(file))
const seconds = (performance.now() - started) / 1000
clearInterval(sampler)
await runtime.close()
if (result.status !== 'succeeded') throw new Error(`the import failed: ${JSON.stringify(result.error)}`)
process.stdout.write(JSON.stringify({ records: result.records?.records ?? 0, created: result.records?.created ?? 0, seconds, peakRssMb: peak / 1024 / 1024 }) + '\n')
