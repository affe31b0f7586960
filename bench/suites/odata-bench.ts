import { openTestDatabase, type DatabaseKind } from '../../test/support/databases.js'
import type { BenchResult } from '../harness.js'
import { compareScenario, startServers, type Scenario } from './http-load.js'

const ODATA_BENCH_KEY = 'ptk_odatab_odata-bench-api-key-0000000'
const PRODUCTS = 100_000
const q = (text: string) => text.replace(/ /g, '%20').replace(/'/g, '%27')

/**
 * OData against hand-written fastify routes running the same SQL with the same driver on
 * the same data (100,000 products, 2,000 orders of 5 lines), measured alternately in one
 * run: a top-20 page with $filter and $orderby, a read by key, $expand of the lines of 50
 * orders, and an $apply groupby. Targets: ≥ 0.75 for by-key and top-20, ≥ 0.6 for expand
 * and apply; p99 of both sides in the note. Portico also authenticates every request (API
 * key) and checks the caller's access rules; the hand-written routes do not.
 */
export async function odataBench(kind: DatabaseKind): Promise<BenchResult[]> {
  const db = await openTestDatabase(kind)
  await db.driver.close()
  const servers = await startServers('bench/servers/odata-servers.ts', [db.url, String(PRODUCTS)])
  const auth = (server: 'portico' | 'baseline'): Record<string, string> => (server === 'portico' ? { 'x-api-key': ODATA_BENCH_KEY } : {})
  const scenario = (id: string, target: string, portico: string, baseline: string): Scenario => ({
    id: `odata.${id}.${kind}`,
    target,
    path: (s) => (s === 'portico' ? portico : baseline),
    headers: auth,
    expectStatus: 200,
  })
  const scenarios: Scenario[] = [
    scenario('top-20', '>= 0.75', q(`/Products?$filter=status eq 'Active' and price ge 100&$orderby=price desc&$top=20&$select=id,sku,name,price,stock,status,createdAt,changedAt`), '/top'),
    scenario('by-key', '>= 0.75', '/Products(4242)?$select=id,sku,name,price,stock,status,createdAt,changedAt', '/key/4242'),
    scenario('expand-lines-50', '>= 0.6', q('/Orders?$top=50&$orderby=id&$select=id,number,status,orderedAt,total&$expand=lines'), '/expand'),
    scenario('apply-groupby', '>= 0.6', q('/Products?$apply=groupby((status),aggregate(price with sum as total,$count as n))&$orderby=status'), '/apply'),
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
