import { execFile } from 'node:child_process'
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { openTestDatabase } from '../../test/support/databases.js'
import { round, type BenchResult } from '../harness.js'
import { scriptArgs } from '../paths.js'
import { jsonBench } from './flow-json-bench.js'

const ROWS = 1_000_000
const CATEGORIES = ['BOOKS', 'FICTION', 'GARDEN', 'KITCHEN', 'TOYS']
const run = promisify(execFile)

/**
 * Flows on PostgreSQL. (a) A generated 1,000,000-row CSV file imported through the bench
 * app's upsert mapping (decimal commas, German dates, a category lookup), in a child
 * process whose peak resident set is measured, against a raw `COPY … FROM STDIN` of the
 * same file into the same table (a hand-written line converter feeding pg-copy-streams).
 * Target: ratio ≥ 0.25, peak RSS < 300 MB. (b) A JSON mapping of 100,000 objects against
 * a hand-written `JSON.parse` and batched insert with the same driver (target ≥ 0.8).
 */
export async function flowBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-flow-bench-'))
  const db = await openTestDatabase('postgres')
  await db.driver.close()
  try {
    const csv = join(dir, 'products.csv')
    await writeCsv(csv, ROWS)
    const { stdout } = await run(process.execPath, [...scriptArgs('bench/suites/flow-import-probe.ts'), db.url, csv], { timeout: 900_000, maxBuffer: 1 << 20 })
    const probe = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { records: number; created: number; seconds: number; peakRssMb: number }
    if (probe.created !== ROWS) throw new Error(`the import created ${probe.created} of ${ROWS} products`)
    const copySeconds = await rawCopy(db.url, csv)
    const flowRate = ROWS / probe.seconds
    const copyRate = ROWS / copySeconds
    return [
      { id: 'flows.csv-import-1m.postgres', unit: 'rows/s', value: round(flowRate), baseline: round(copyRate), ratio: round(flowRate / copyRate, 3), target: '>= 0.25', note: `import ${round(probe.seconds, 2)} s vs COPY ${round(copySeconds, 2)} s` },
      { id: 'flows.csv-import-peak-rss', unit: 'MB', value: round(probe.peakRssMb), baseline: 300, ratio: round(300 / probe.peakRssMb, 3), target: '< 300 MB (ratio > 1)' },
      await jsonBench(db.url),
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await db.dispose()
  }
}

function csvLine(i: number): string {
  const price = `${(i % 1000) + 1},${String(i % 100).padStart(2, '0')}`
  const released = i % 7 === 0 ? '' : `${String((i % 28) + 1).padStart(2, '0')}.${String((i % 12) + 1).padStart(2, '0')}.20${String(10 + (i % 15))}`
  return `SKU-${i};Product number ${i};${price};${i % 500};${i % 3 === 0 ? 'In preparation' : 'Active'};${released};0,${(i % 900) + 100};${CATEGORIES[i % CATEGORIES.length]}\n`
}

/** Writes the CSV in blocks, never holding it whole. */
async function writeCsv(path: string, rows: number): Promise<void> {
  async function* lines(): AsyncGenerator<string> {
    yield 'SKU;Name;Price;Stock;Status;Released;Weight;Category\n'
    let block = ''
    for (let i = 0; i < rows; i++) {
      block += csvLine(i)
      if (block.length > 256 * 1024) {
        yield block
        block = ''
      }
    }
    yield block
  }
  await pipeline(Readable.from(lines()), createWriteStream(path))
}

/** The baseline: the same file, converted line by line by hand, COPY'd into the emptied table. */
async function rawCopy(url: string, csv: string): Promise<number> {
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema')
  parsed.searchParams.delete('schema')
  const client = new pg.Client({ connectionString: parsed.toString(), ...(schema ? { options: `-c search_path=${schema}` } : {}) })
  await client.connect()
  try {
    await client.query('TRUNCATE "catalog_product"')
    const ids = new Map((await client.query<{ id: string; code: string }>('SELECT "id", "code" FROM "catalog_category"')).rows.map((r) => [r.code, r.id]))
    const now = new Date().toISOString()
    const started = performance.now()
    const copy = client.query(copyFrom('COPY "catalog_product" ("sku", "name", "price", "stock", "status", "released_on", "weight_kg", "category_id", "created_at", "changed_at", "version") FROM STDIN'))
    async function* converted(): AsyncGenerator<string> {
      let first = true
      let block = ''
      for await (const line of createInterface({ input: createReadStream(csv), crlfDelay: Infinity })) {
        if (first) {
          first = false
          continue
        }
        const [sku, name, price, stock, status, released, weight, category] = line.split(';')
        const date = released ? `${released.slice(6, 10)}-${released.slice(3, 5)}-${released.slice(0, 2)}` : '\\N'
        block += `${sku}\t${name}\t${price?.replace(',', '.')}\t${stock}\t${status === 'In preparation' ? 'Draft' : status}\t${date}\t${weight?.replace(',', '.')}\t${ids.get(category ?? '') ?? '\\N'}\t${now}\t${now}\t1\n`
        if (block.length > 256 * 1024) {
          yield block
          block = ''
        }
      }
      yield block
    }
    await pipeline(Readable.from(converted()), copy)
    const seconds = (performance.now() - started) / 1000
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS "n" FROM "catalog_product"')
    if (Number(rows[0]?.n) !== ROWS) throw new Error(`COPY wrote ${rows[0]?.n} rows`)
    return seconds
  } finally {
    await client.end()
  }
}
