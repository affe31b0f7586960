/**
 * `npm run bench`: every benchmark, a table on stdout, and bench/results/latest.json with
 * `{ id, unit, value, baseline, ratio }` per row (baseline measured in the same run).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { postgresUnavailable } from '../test/support/databases.js'
import type { BenchResult } from './harness.js'
import { ROOT } from './paths.js'
import { checkerBench } from './suites/checker-bench.js'
import { flowBench } from './suites/flow-bench.js'
import { kernelBench } from './suites/kernel-bench.js'
import { mappingBench } from './suites/mapping-bench.js'
import { odataBench } from './suites/odata-bench.js'
import { restBench } from './suites/rest-bench.js'

interface Suite {
  readonly name: string
  readonly needsPostgres?: boolean
  run(): Promise<BenchResult[]>
}

const only = process.argv.slice(2)

const suites: Suite[] = [
  { name: 'checker', run: checkerBench },
  { name: 'kernel.sqlite', run: () => kernelBench('sqlite') },
  { name: 'kernel.postgres', needsPostgres: true, run: () => kernelBench('postgres') },
  { name: 'mapping', run: mappingBench },
  { name: 'rest.sqlite', run: () => restBench('sqlite') },
  { name: 'rest.postgres', needsPostgres: true, run: () => restBench('postgres') },
  { name: 'odata.sqlite', run: () => odataBench('sqlite') },
  { name: 'odata.postgres', needsPostgres: true, run: () => odataBench('postgres') },
  { name: 'flows.postgres', needsPostgres: true, run: flowBench },
]

const results: BenchResult[] = []
const pgMissing = await postgresUnavailable()
for (const suite of suites) {
  if (only.length > 0 && !only.some((o) => suite.name.startsWith(o))) continue
  if (suite.needsPostgres && pgMissing) {
    console.log(`skipping ${suite.name}: ${pgMissing}`)
    continue
  }
  process.stderr.write(`running ${suite.name}…\n`)
  results.push(...(await suite.run()))
}

const header = ['id', 'unit', 'value', 'baseline', 'ratio', 'target']
const rows = results.map((r) => [r.id, r.unit, String(r.value), String(r.baseline), r.ratio.toFixed(3), r.target ?? ''])
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)))
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ')
console.log(line(header))
for (const r of rows) console.log(line(r))
for (const r of results) if (r.note) console.log(`note ${r.id}: ${r.note}`)

// bench/results at the repository root, whether this runs compiled (.bench-build) or through tsx.
const out = join(ROOT, 'bench', 'results')
mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'latest.json'), JSON.stringify(results, null, 2) + '\n')
console.log(`wrote bench/results/latest.json (${results.length} results)`)
