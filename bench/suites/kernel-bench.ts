import Database from 'better-sqlite3'
import pg from 'pg'
import { createKernel, SYSTEM_PRINCIPAL } from '../../src/kernel/index.js'
import { loadExample } from '../../test/support/example-app.js'
import { openStoreFixture } from '../../test/support/store-fixture.js'
import type { DatabaseKind } from '../../test/support/databases.js'
import { compareThroughput, throughputResult, type BenchResult } from '../harness.js'

const ROWS = 10_000

/**
 * Kernel against the raw driver on the same database: a point read by id, and a
 * 10,000-row batch insert. Target ratio ≥ 0.7 for both, on SQLite and PostgreSQL.
 */
export async function kernelBench(kind: DatabaseKind): Promise<BenchResult[]> {
  const { index } = loadExample()
  const { db, store } = await openStoreFixture(kind, index)
  const kernel = createKernel({ store })
  const ops = kernel.as(SYSTEM_PRINCIPAL)
  const raw = await openRaw(kind, db.url, store.statements('Catalog.Product').insertColumns)
  try {
    let serial = 0
    const products = (n: number) =>
      Array.from({ length: n }, () => {
        serial++
        return { sku: `SKU-${serial}`, name: `Product ${serial}`, price: (serial % 1000) + 0.25, stock: serial % 50, status: 'Active' }
      })
    const ids = await ops.createMany('Catalog.Product', products(ROWS))
    const pick = () => ids[Math.floor(Math.random() * ids.length)] as number

    const read = await compareThroughput({
      batch: 200,
      subject: async (n) => {
        for (let i = 0; i < n; i++) await ops.read('Catalog.Product', pick())
      },
      baseline: async (n) => {
        for (let i = 0; i < n; i++) await raw.readById(pick())
      },
    })
    const insert = await compareThroughput({
      batch: ROWS,
      rounds: 3,
      roundMs: 1,
      subject: async (n) => {
        await ops.createMany('Catalog.Product', products(n))
      },
      baseline: async (n) => {
        await raw.insertMany(products(n))
      },
    })
    return [
      throughputResult(`kernel.read-by-id.${kind}`, read, '>= 0.7'),
      { ...throughputResult(`kernel.insert-10k.${kind}`, insert, '>= 0.7'), unit: 'rows/s' },
    ]
  } finally {
    await raw.close()
    await db.dispose()
  }
}

interface RawDriver {
  readById(id: number): Promise<unknown>
  insertMany(rows: readonly Record<string, unknown>[]): Promise<void>
  close(): Promise<void>
}

const SET = { created_at: 'now', changed_at: 'now', version: 1 } as const
const SNAKE: Record<string, string> = { released_on: 'releasedOn', weight_kg: 'weightKg', category_id: 'category' }

/**
 * The same work through the driver alone: prepared statements, one transaction per batch,
 * the same columns the kernel writes (absent ones as NULL).
 */
async function openRaw(kind: DatabaseKind, url: string, COLUMNS: readonly string[]): Promise<RawDriver> {
  const values = (row: Record<string, unknown>, now: string): unknown[] =>
    COLUMNS.map((c) => (c in SET ? (SET[c as keyof typeof SET] === 'now' ? now : SET[c as keyof typeof SET]) : (row[SNAKE[c] ?? c] ?? null)))
  if (kind === 'sqlite') {
    const db = new Database(url.slice('sqlite:'.length))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    const select = db.prepare('SELECT * FROM catalog_product WHERE id = ?')
    const insert = db.prepare(`INSERT INTO catalog_product (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) RETURNING id`)
    const insertAll = db.transaction((rows: readonly Record<string, unknown>[], now: string) => {
      for (const row of rows) insert.get(...values(row, now))
    })
    return {
      readById: async (id) => select.get(id),
      insertMany: async (rows) => insertAll(rows, new Date().toISOString()),
      close: async () => {
        db.close()
      },
    }
  }
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema')
  parsed.searchParams.delete('schema')
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 10, options: `-c search_path=${schema}` })
  return {
    readById: async (id) => (await pool.query({ name: 'raw-read', text: 'SELECT * FROM catalog_product WHERE id = $1', values: [id] })).rows[0],
    async insertMany(rows) {
      const client = await pool.connect()
      const now = new Date().toISOString()
      try {
        await client.query('BEGIN')
        for (let start = 0; start < rows.length; start += 1000) {
          const chunk = rows.slice(start, start + 1000)
          const params: unknown[] = []
          const tuples = chunk.map((row, r) => {
            params.push(...values(row, now))
            return `(${COLUMNS.map((_, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`
          })
          await client.query({ name: `raw-insert-${chunk.length}`, text: `INSERT INTO catalog_product (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} RETURNING id`, values: params })
        }
        await client.query('COMMIT')
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
