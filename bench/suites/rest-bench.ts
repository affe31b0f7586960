import { openTestDatabase, type DatabaseKind } from '../../test/support/databases.js'
import type { BenchResult } from '../harness.js'
import { compareScenario, startServers, type Scenario } from './http-load.js'

const BENCH_KEY = 'ptk_bench01_rest-bench-api-key-000000'
const PRODUCTS = 20_000

/**
 * REST against a hand-written fastify route with the same SQL, driver and data: a filtered
 * and sorted page of 20, a read by key, and a create. Targets: get ≥ 0.8, list ≥ 0.75,
 * create ≥ 0.7, on SQLite and PostgreSQL. Portico also authenticates each request
 * (API key); the hand-written route does not.
 */
export async function restBench(kind: DatabaseKind): Promise<BenchResult[]> {
  const db = await openTestDatabase(kind)
  await db.driver.close()
  const servers = await startServers('bench/servers/rest-servers.ts', [db.url, String(PRODUCTS)])
  const auth = (server: 'portico' | 'baseline'): Record<string, string> => (server === 'portico' ? { 'x-api-key': BENCH_KEY } : {})
  const scenarios: Scenario[] = [
    {
      id: `rest.list-20.${kind}`,
      target: '>= 0.75',
      path: (s) => (s === 'portico' ? '/products?status=Active&price.gte=100&sort=-price&limit=20' : '/products?status=Active&price.gte=100'),
      headers: auth,
      expectStatus: 200,
    },
    { id: `rest.get-by-key.${kind}`, target: '>= 0.8', path: () => '/products/P-4242', headers: auth, expectStatus: 200 },
    {
      id: `rest.create.${kind}`,
      target: '>= 0.7',
      method: 'POST',
      path: () => '/products',
      headers: auth,
      body: (s, n) => JSON.stringify({ sku: `${s === 'portico' ? 'N' : 'B'}-${process.hrtime.bigint()}-${n}`, name: 'Created by the bench', price: 9.5 }),
      expectStatus: 201,
    },
  ]
  try {
    const out: BenchResult[] = []
    for (const s of scenarios) out.push(await compareScenario(servers, s))
    return out
  } finally {
    await servers.close()
    await db.dispose()
  }
}
