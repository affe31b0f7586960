import { fileURLToPath } from 'node:url'
import type { RuntimeOptions } from '../../src/runtime/index.js'
import type { DatabaseKind } from '../support/databases.js'
import { startApp, type ExampleRuntime } from '../support/example-runtime.js'

/** The app of test/fixtures/flows/shop: products, categories, audit entries, and a flow per behaviour under test. */
export const FLOW_SHOP_DIR = fileURLToPath(new URL('../fixtures/flows/shop', import.meta.url))

/** The flow shop on a fresh database, with the HOME category; `clock` drives the engine's time. */
export async function startFlowShop(kind: DatabaseKind, flows: RuntimeOptions['flows'] = {}): Promise<ExampleRuntime> {
  const app = await startApp(FLOW_SHOP_DIR, kind, { flows })
  await app.system.create('Shop.Category', { code: 'HOME', name: 'Home' })
  return app
}

/** CSV text of the ProductCsv mapping: a header and the given rows. */
export function productCsv(...rows: string[]): string {
  return ['SKU;Name;Price;Stock;Category', ...rows].join('\n') + '\n'
}

/** A clock the test moves by hand. */
export function manualClock(start = '2025-01-01T00:00:00.000Z'): { now: () => Date; advance(ms: number): void } {
  let t = Date.parse(start)
  return { now: () => new Date(t), advance: (ms) => void (t += ms) }
}
