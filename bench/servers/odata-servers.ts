/**
 * The two servers of the OData bench, in one process pinned to its own core: Portico serving
 * the example app's OData service, and hand-written fastify routes running the same SQL with
 * the same driver on the same database (100,000 products, 2,000 orders of 5 lines). Prints
 * their URLs as one JSON line, then runs until stdin closes.
 *
 * node --import tsx bench/servers/odata-servers.ts <database-url> <products>
 */
import Fastify, { LogController } from 'fastify'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { SYSTEM_PRINCIPAL } from '../../src/kernel/index.js'
import { createRuntime } from '../../src/runtime/index.js'
import { EXAMPLE_DIR } from '../../test/support/example-app.js'
import { rawDriver } from './raw-driver.js'

const [url = '', count = '100000'] = process.argv.slice(2)
export const ODATA_BENCH_KEY = 'ptk_odatab_odata-bench-api-key-0000000'
const ORDERS = 2000
const P = `"id", "sku", "name", "price", "stock", "status", "created_at", "changed_at", "version"`
const L = `"id", "order_id", "line_no", "quantity", "unit_price", "product_id", "version"`

const platform = defaultPlatform()
const model = platform.loader.load(EXAMPLE_DIR).model
if (!model) throw new Error('the example app does not load')
const config = loadConfig({ appDir: EXAMPLE_DIR, env: { PORTICO_DATABASE_URL: url, PORTICO_LOG_LEVEL: 'silent', PORTICO_PORT: '0' } })
const runtime = await createRuntime({ model, platform, config: { ...config, seed: false } })
await runtime.identity.createApiKey('odata-bench', ['Admin'], { token: ODATA_BENCH_KEY })
await seed(Number(count))
const portico = await runtime.listen()

const raw = await rawDriver(url)
const baseline = Fastify({ logController: new LogController({ disableRequestLogging: true }) })
const context = (fragment: string) => ({ '@odata.context': `${portico}/odata/shop/v1/$metadata#${fragment}` })
baseline.get('/top', async () => {
  const rows = await raw.all(`SELECT ${P} FROM "catalog_product" WHERE "status" = ${raw.p(1)} AND "price" >= ${raw.p(2)} ORDER BY "price" DESC, "id" ASC LIMIT ${raw.p(3)}`, ['Active', 100, 20])
  return { ...context('Products'), value: rows.map(product) }
})
baseline.get('/key/:id', async (request, reply) => {
  const [row] = await raw.all(`SELECT ${P} FROM "catalog_product" WHERE "id" = ${raw.p(1)} LIMIT 1`, [Number((request.params as { id: string }).id)])
  if (!row) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such product' } })
  reply.header('etag', `W/"${String(row.version)}"`)
  return { ...context('Products/$entity'), ...product(row) }
})
baseline.get('/expand', async () => {
  const orders = await raw.all(`SELECT "id", "number", "status", "ordered_at", "total", "version" FROM "sales_order" ORDER BY "id" LIMIT ${raw.p(1)}`, [50])
  const lines = await raw.all(`SELECT ${L} FROM "sales_order_line" WHERE "order_id" IN (${orders.map((_, i) => raw.p(i + 1)).join(', ')}) ORDER BY "order_id", "id"`, orders.map((o) => o.id))
  const byOrder = new Map<unknown, Record<string, unknown>[]>()
  for (const l of lines) byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), line(l)])
  return { ...context('Orders(lines())'), value: orders.map((o) => ({ '@odata.etag': `W/"${String(o.version)}"`, id: o.id, number: o.number, status: o.status, orderedAt: o.ordered_at, total: Number(o.total), lines: byOrder.get(o.id) ?? [] })) }
})
baseline.get('/apply', async () => {
  const rows = await raw.all(`SELECT "status", SUM("price") AS "total", COUNT(*) AS "n" FROM "catalog_product" GROUP BY "status" ORDER BY "status"`, [])
  return { ...context('Products(status,total,n)'), value: rows.map((r) => ({ '@odata.id': null, status: r.status, total: Number(r.total), n: Number(r.n) })) }
})
const baselineUrl = await baseline.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(JSON.stringify({ portico: `${portico}/odata/shop/v1`, baseline: baselineUrl }) + '\n')
process.stdin.resume()
process.stdin.on('end', async () => {
  await baseline.close()
  await runtime.close()
  await raw.close()
  process.exit(0)
})

function product(r: Record<string, unknown>): Record<string, unknown> {
  return { '@odata.etag': `W/"${String(r.version)}"`, id: Number(r.id), sku: r.sku, name: r.name, price: Number(r.price), stock: r.stock, status: r.status, createdAt: r.created_at, changedAt: r.changed_at }
}

function line(r: Record<string, unknown>): Record<string, unknown> {
  return { '@odata.etag': `W/"${String(r.version)}"`, id: Number(r.id), orderId: Number(r.order_id), lineNo: r.line_no, quantity: r.quantity, unitPrice: Number(r.unit_price), productId: Number(r.product_id) }
}

/** Products with prices 0–999.9, two categories, one customer, orders of five lines. */
async function seed(products: number): Promise<void> {
  const ops = runtime.kernel.as(SYSTEM_PRINCIPAL)
  const statuses = ['Draft', 'Active', 'Retired']
  const categories = await ops.createMany('Catalog.Category', [{ code: 'A', name: 'A' }, { code: 'B', name: 'B' }])
  for (let start = 0; start < products; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, products - start) }, (_, i) => {
      const n = start + i
      return { sku: `P-${n}`, name: `Product ${n}`, price: (n % 10000) / 10, stock: n % 100, status: statuses[n % 3], category: categories[n % 2] }
    })
    await ops.createMany('Catalog.Product', batch)
  }
  const customer = await ops.create('Sales.Customer', { email: 'bench@example.com', name: 'Bench' })
  const orders = await ops.createMany('Sales.Order', Array.from({ length: ORDERS }, (_, i) => ({ number: `SO-${i}`, orderedAt: '2026-01-01T00:00:00Z', customer: customer.id })))
  const lines = orders.flatMap((order, i) => Array.from({ length: 5 }, (_, n) => ({ order, lineNo: n + 1, quantity: 1 + n, unitPrice: 2.5, product: 1 + ((i * 5 + n) % products) })))
  for (let start = 0; start < lines.length; start += 5000) await ops.createMany('Sales.OrderLine', lines.slice(start, start + 5000))
}
