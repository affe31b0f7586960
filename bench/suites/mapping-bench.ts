import { compileApp } from '../../test/mapping/mapping-fixture.js'
import { generatedInput, jsonArrayText, MAPPING_OF } from '../../test/mapping/generated-input.js'
import { compareThroughput, round, throughputResult, type BenchResult } from '../harness.js'

const OBJECTS = 100_000
const CSV_ROWS = 1_000_000
const BIG_MB = 200

/**
 * Mapping throughput and memory. (a) A JSON import mapping of 100,000 objects into kernel
 * values against a hand-written `JSON.parse` and field-by-field conversion of the same
 * fields, without a database: informational; the target (≥ 0.8) is on the end-to-end import
 * with its inserts, flows.json-import-100k in the flows bench. (b) A
 * 1,000,000-row CSV import streamed from a generator: rows/s and the growth of the resident
 * set. (c) 200 MB of JSON, CSV and XML streamed: the resident set must stay bounded.
 */
export async function mappingBench(): Promise<BenchResult[]> {
  const registry = compileApp()
  const json = registry.get('ProductJson')
  const text = jsonArrayText(OBJECTS)
  const measured = await compareThroughput({
    batch: OBJECTS,
    rounds: 5,
    roundMs: 1,
    subject: async () => {
      let ok = 0
      for await (const record of json.import(text)) if (record.ok) ok++
      if (ok !== OBJECTS) throw new Error(`mapped ${ok} of ${OBJECTS}`)
    },
    baseline: async () => {
      const values = handWritten(text)
      if (values.length !== OBJECTS) throw new Error('baseline lost objects')
    },
  })
  return [
    { ...throughputResult('mapping.json-import-100k', measured, 'info (the ≥ 0.8 target is flows.json-import-100k)'), unit: 'objects/s' },
    await csvMillion(registry.get(MAPPING_OF.csv)),
    ...(await bigStreams(registry)),
  ]
}

interface Product {
  sku: string
  name?: string
  price: number
  stock: number
  status: string
  releasedOn?: string
  active?: boolean
  category?: string
}

/** What a careful hand-written import does: parse, check and convert each field, collect. */
function handWritten(text: string): Product[] {
  const parsed = JSON.parse(text) as Record<string, unknown>[]
  const out: Product[] = []
  for (const o of parsed) {
    if (typeof o.sku !== 'string') throw new Error('sku')
    const price = (o.price as { amount?: unknown } | undefined)?.amount
    if (typeof price !== 'number' || !Number.isFinite(price)) throw new Error('price')
    const stock = o.stock ?? 0
    if (typeof stock !== 'number' || !Number.isInteger(stock)) throw new Error('stock')
    if (typeof o.status !== 'string' || !['Draft', 'Active', 'Retired'].includes(o.status)) throw new Error('status')
    const released = o.released
    if (released !== undefined && (typeof released !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(released))) throw new Error('released')
    out.push({ sku: o.sku, name: o.name as string, price, stock, status: o.status, releasedOn: released as string, active: o.active as boolean, category: o.category as string })
  }
  return out
}

const collect = (): void => (globalThis as { gc?: () => void }).gc?.()

async function csvMillion(mapping: ReturnType<ReturnType<typeof compileApp>['get']>): Promise<BenchResult> {
  const counter = { records: 0 }
  const megabytes = Math.ceil((CSV_ROWS * 62) / 1024 / 1024)
  collect()
  const before = process.memoryUsage().rss
  let peak = before
  let ok = 0
  const started = performance.now()
  for await (const record of mapping.import(generatedInput('csv', megabytes, counter))) {
    if (record.ok) ok++
    if (ok % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss)
  }
  const seconds = (performance.now() - started) / 1000
  const growth = (Math.max(peak, process.memoryUsage().rss) - before) / 1024 / 1024
  return {
    id: 'mapping.csv-import-1m',
    unit: 'rows/s',
    value: round(ok / seconds),
    baseline: round(ok),
    ratio: round(growth, 1),
    target: 'RSS growth (ratio column, MB) < 100',
    note: `${ok} rows mapped in ${round(seconds, 2)} s; baseline column = rows; ratio column = RSS growth in MB (peak RSS ${round(peak / 1024 / 1024)} MB)`,
  }
}

async function bigStreams(registry: ReturnType<typeof compileApp>): Promise<BenchResult[]> {
  const results: BenchResult[] = []
  for (const kind of ['json', 'csv', 'xml'] as const) {
    collect()
    const before = process.memoryUsage().rss
    let peak = before
    let ok = 0
    const started = performance.now()
    for await (const record of registry.get(MAPPING_OF[kind]).import(generatedInput(kind, BIG_MB))) {
      if (record.ok) ok++
      if (ok % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss)
    }
    const seconds = (performance.now() - started) / 1000
    const growth = (peak - before) / 1024 / 1024
    results.push({
      id: `mapping.stream-200mb.${kind}`,
      unit: 'MB/s',
      value: round(BIG_MB / seconds),
      baseline: BIG_MB,
      ratio: round(growth, 1),
      target: 'RSS growth (ratio column, MB) < 100',
      note: `${ok} records in ${round(seconds, 1)} s; ratio column = RSS growth in MB`,
    })
  }
  return results
}
