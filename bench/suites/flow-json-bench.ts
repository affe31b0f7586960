import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { createRuntime } from '../../src/runtime/index.js'
import { median, round, type BenchResult } from '../harness.js'

const OBJECTS = 100_000
const BATCH = 2000
const ROUNDS = 3
const APP = fileURLToPath(new URL('../apps/flows', import.meta.url))
const STATUSES = ['Draft', 'Active', 'Retired']

function jsonText(): string {
  const objects = Array.from({ length: OBJECTS }, (_, i) => ({ sku: `J-${i}`, name: `Product ${i}`, price: (i % 1000) + 0.25, stock: i % 50, status: STATUSES[i % 3] }))
  return JSON.stringify(objects)
}

/**
 * A JSON import mapping of 100,000 objects through the ImportJson flow (one transaction,
 * bulk upsert) against what a careful hand-written import does with the same driver:
 * `JSON.parse`, check each field, and insert in batches of 2,000 in one transaction.
 */
export async function jsonBench(url: string): Promise<BenchResult> {
  const platform = defaultPlatform()
  const model = platform.loader.load(APP).model
  if (!model) throw new Error('the bench app does not load')
  const runtime = await createRuntime({ model, platform, config: loadConfig({ appDir: APP, env: { PORTICO_DATABASE_URL: url, PORTICO_LOG_LEVEL: 'silent' } }) })
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema')
  parsed.searchParams.delete('schema')
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 2, ...(schema ? { options: `-c search_path=${schema}` } : {}) })
  const text = jsonText()
  const subject: number[] = []
  const baseline: number[] = []
  try {
    for (let r = 0; r < ROUNDS; r++) {
      await pool.query('TRUNCATE "catalog_product"')
      baseline.push(await timed(() => handWritten(pool, text)))
      await pool.query('TRUNCATE "catalog_product"')
      subject.push(
        await timed(async () => {
          const result = await runtime.flows.run('ImportJson', text)
          if (result.records?.created !== OBJECTS) throw new Error(`the flow created ${result.records?.created}: ${JSON.stringify(result.error)}`)
        }),
      )
    }
  } finally {
    await pool.end()
    await runtime.close()
  }
  const value = OBJECTS / median(subject)
  const base = OBJECTS / median(baseline)
  return { id: 'flows.json-import-100k.postgres', unit: 'objects/s', value: round(value), baseline: round(base), ratio: round(value / base, 3), target: '>= 0.8' }
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now()
  await fn()
  return (performance.now() - started) / 1000
}

async function handWritten(pool: pg.Pool, text: string): Promise<void> {
  const objects = JSON.parse(text) as Record<string, unknown>[]
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const now = new Date().toISOString()
    for (let start = 0; start < objects.length; start += BATCH) {
      const cols: unknown[][] = [[], [], [], [], [], [], [], []]
      for (const o of objects.slice(start, start + BATCH)) {
        if (typeof o.sku !== 'string' || typeof o.name !== 'string' || typeof o.price !== 'number' || !Number.isInteger(o.stock) || !STATUSES.includes(o.status as string)) throw new Error('bad object')
        const row = [o.sku, o.name, o.price, o.stock, o.status, now, now, 1]
        row.forEach((v, i) => cols[i]?.push(v))
      }
      await client.query({
        name: 'hand-upsert',
        text: `INSERT INTO "catalog_product" ("sku", "name", "price", "stock", "status", "created_at", "changed_at", "version") SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::int4[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::int4[]) ON CONFLICT ("sku") DO UPDATE SET "name" = EXCLUDED."name", "price" = EXCLUDED."price", "stock" = EXCLUDED."stock", "status" = EXCLUDED."status", "changed_at" = EXCLUDED."changed_at"`,
        values: cols,
      })
    }
    await client.query('COMMIT')
  } finally {
    client.release()
  }
}
