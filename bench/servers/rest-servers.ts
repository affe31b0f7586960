/**
 * The two servers of the REST bench, in one process pinned to its own core: Portico serving
 * the bench app's REST service, and a hand-written fastify route doing the same queries
 * with the same driver on the same database. Prints their URLs as one JSON line, then runs
 * until stdin closes.
 *
 * node --import tsx bench/servers/rest-servers.ts <database-url> <products>
 */
import Fastify, { LogController } from 'fastify'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { SYSTEM_PRINCIPAL } from '../../src/kernel/index.js'
import { createRuntime } from '../../src/runtime/index.js'
import { benchApp } from '../paths.js'
import { rawDriver } from './raw-driver.js'

const [url = '', count = '20000'] = process.argv.slice(2)
const APP = benchApp('shop')
export const BENCH_KEY = 'ptk_bench01_rest-bench-api-key-000000'
const COLUMNS = `"id", "sku", "name", "price", "stock", "status", "created_at" AS "createdAt", "changed_at" AS "changedAt", "version"`

const platform = defaultPlatform()
const model = platform.loader.load(APP).model
if (!model) throw new Error('bench app does not load')
const config = loadConfig({ appDir: APP, env: { PORTICO_DATABASE_URL: url, PORTICO_LOG_LEVEL: 'silent', PORTICO_PORT: '0' } })
const runtime = await createRuntime({ model, platform, config: { ...config, seed: false } })
await runtime.identity.createApiKey('bench', ['Admin'], { token: BENCH_KEY })
const ops = runtime.kernel.as(SYSTEM_PRINCIPAL)
const statuses = ['Draft', 'Active', 'Retired']
for (let start = 0; start < Number(count); start += 5000) {
  await ops.createMany(
    'Catalog.Product',
    Array.from({ length: 5000 }, (_, i) => ({ sku: `P-${start + i}`, name: `Product ${start + i}`, price: ((start + i) % 5000) / 10, stock: i % 100, status: statuses[i % 3] })),
  )
}
const portico = await runtime.listen()

/** The same three operations written by hand: SQL, a little validation, JSON. */
const raw = await rawDriver(url)
const baseline = Fastify({ logController: new LogController({ disableRequestLogging: true }) })
baseline.get('/products', async (request) => {
  const q = request.query as Record<string, string>
  // The statement Portico's store sends, parameters typed alike (a literal LIMIT would get PostgreSQL another plan).
  const rows = await raw.all(
    `SELECT ${COLUMNS} FROM "catalog_product" WHERE "status" = ${raw.typed(1, 'text')} AND "price" >= ${raw.typed(2, 'numeric')} ORDER BY "price" DESC, "id" ASC LIMIT ${raw.typed(3, 'bigint')}`,
    [q.status, Number(q['price.gte']), 21],
  )
  const items = rows.slice(0, 20).map(shape)
  return { items, nextCursor: rows.length > 20 ? Buffer.from(JSON.stringify([items[19]?.price, items[19]?.id])).toString('base64url') : null }
})
baseline.get('/products/:sku', async (request, reply) => {
  const [row] = await raw.all(`SELECT ${COLUMNS} FROM "catalog_product" WHERE "sku" = ${raw.p(1)}`, [(request.params as { sku: string }).sku])
  if (!row) return reply.code(404).send({ status: 404 })
  reply.header('etag', `"${row.version}"`)
  return shape(row)
})
baseline.post('/products', async (request, reply) => {
  const b = request.body as Record<string, unknown>
  if (typeof b.sku !== 'string' || typeof b.name !== 'string' || typeof b.price !== 'number' || b.price < 0) return reply.code(400).send({ status: 400 })
  const now = new Date().toISOString()
  const [row] = await raw.all(
    `INSERT INTO "catalog_product" ("sku", "name", "price", "stock", "status", "created_at", "changed_at", "version") VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map(raw.p).join(', ')}) RETURNING ${COLUMNS}`,
    [b.sku, b.name, b.price, b.stock ?? 0, b.status ?? 'Draft', now, now, 1],
  )
  reply.code(201).header('location', `/products/${b.sku}`)
  return shape(row as Record<string, unknown>)
})
const baselineUrl = await baseline.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(JSON.stringify({ portico: `${portico}/rest/shop/v1`, baseline: baselineUrl }) + '\n')
process.stdin.resume()
process.stdin.on('end', async () => {
  await baseline.close()
  await runtime.close()
  await raw.close()
  process.exit(0)
})

function shape(row: Record<string, unknown>): Record<string, unknown> {
  return { id: row.id, sku: row.sku, name: row.name, price: Number(row.price), stock: row.stock, status: row.status, createdAt: row.createdAt, changedAt: row.changedAt }
}
