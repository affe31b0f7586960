/**
 * Run as its own process (`node --expose-gc --import tsx stream-memory-probe.ts <kind> <megabytes>`),
 * so its memory is its own: maps a generated input and prints the records read, the growth of
 * the resident set, and the growth of the live heap (after a full collection) over the start.
 */
import { compileApp } from './mapping-fixture.js'
import { generatedInput, MAPPING_OF, type GeneratedKind } from './generated-input.js'

const kind = (process.argv[2] ?? 'json') as GeneratedKind
const megabytes = Number(process.argv[3] ?? 32)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const mapping = compileApp().get(MAPPING_OF[kind])
gc()
const baseline = process.memoryUsage()
let peak = baseline.rss
let live = 0
let ok = 0
let failed = 0
const started = performance.now()
for await (const record of mapping.import(generatedInput(kind, megabytes))) {
  if (record.ok) ok++
  else failed++
  if ((ok + failed) % 2000 === 0) peak = Math.max(peak, process.memoryUsage().rss)
  if ((ok + failed) % 100_000 === 0) {
    gc()
    live = Math.max(live, process.memoryUsage().heapUsed - baseline.heapUsed)
  }
}
peak = Math.max(peak, process.memoryUsage().rss)
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10
console.log(JSON.stringify({ kind, megabytes, ok, failed, seconds: (performance.now() - started) / 1000, rssGrowthMb: mb(peak - baseline.rss), liveHeapGrowthMb: mb(live), peakMb: mb(peak) }))
