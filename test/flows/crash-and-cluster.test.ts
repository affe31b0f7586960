import { afterEach, describe, expect, it } from 'vitest'
import { SYSTEM_PRINCIPAL } from '../../src/kernel/index.js'
import { createRuntime, type Runtime } from '../../src/runtime/index.js'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { FLOW_SHOP_DIR } from './flow-shop.js'
import { startFlowProcess, type FlowProcess } from './processes.js'

const kinds = await databaseKinds()

/** The flow shop's runtime in this process, on the database the child processes use (not listening). */
async function inspector(url: string): Promise<Runtime> {
  const platform = defaultPlatform()
  const model = platform.loader.load(FLOW_SHOP_DIR).model
  if (!model) throw new Error('the flow shop does not load')
  return createRuntime({ model, platform, config: loadConfig({ appDir: FLOW_SHOP_DIR, env: { PORTICO_DATABASE_URL: url, PORTICO_LOG_LEVEL: 'silent' } }) })
}

async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe.each(kinds)('flows across processes on %s', (kind) => {
  const processes: FlowProcess[] = []
  let db: TestDatabase | undefined
  let local: Runtime | undefined
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.stop('SIGKILL')
    await local?.close()
    await db?.dispose()
    local = undefined
  })

  it('resumes a retry after the process is killed between attempts', async () => {
    db = await openTestDatabase(kind)
    await db.driver.close()
    const first = startFlowProcess('fail-once', db.url)
    processes.push(first)
    const { result } = await first.next('result')
    expect(result).toMatchObject({ status: 'retrying', attempt: 1 })
    await first.stop('SIGKILL')
    local = await inspector(db.url)
    const system = local.kernel.as(SYSTEM_PRINCIPAL)
    await system.create('Shop.Marker', { name: 'ready' })
    const second = startFlowProcess('serve', db.url)
    processes.push(second)
    await second.next('ready')
    const audits = await eventually(async () => {
      const { rows } = await system.query({ entity: 'Shop.AuditEntry' })
      return rows.length > 0 ? rows : undefined
    })
    expect(audits.map((r) => r.text)).toEqual(['flaky: crash'])
    await second.stop('SIGTERM')
    expect(Number((await local.store.driver.execute('SELECT count(*) AS "n" FROM "portico_flow_retry"')).rows[0]?.n)).toBe(0)
    expect(await local.flows.deadLetters.list()).toEqual([])
  }, 120_000)

  it('fires each tick of a schedule once with two instances on one database', async () => {
    db = await openTestDatabase(kind)
    await db.driver.close()
    const a = startFlowProcess('serve', db.url)
    processes.push(a)
    await a.next('ready')
    const b = startFlowProcess('serve', db.url)
    processes.push(b)
    await b.next('ready')
    await new Promise((r) => setTimeout(r, 4500))
    await a.stop('SIGTERM')
    await b.stop('SIGTERM')
    local = await inspector(db.url)
    const { rows: logs } = await local.store.driver.execute(`SELECT "tick", count(*) AS "n" FROM "shop_tick_log" GROUP BY "tick" ORDER BY "tick"`)
    const { rows: ticks } = await local.store.driver.execute(`SELECT "tick", "instance" FROM "portico_flow_tick" WHERE "flow" = 'Shop.Ticker' ORDER BY "tick"`)
    expect(logs.length).toBeGreaterThanOrEqual(3)
    expect(logs.every((r) => Number(r.n) === 1)).toBe(true)
    expect(ticks.length).toBe(logs.length)
  }, 120_000)
})
