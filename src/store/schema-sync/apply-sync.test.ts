import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../../test/support/databases.js'
import { applySync } from './apply-sync.js'
import type { SyncProgress } from './sync-plan.js'
import { columnNames, insertRow, planFor, select, syncTo, tableNames, testApp } from '../../../test/support/sync-test-app.js'

const V1 = `
entities:
  Item:
    attributes:
      code: { type: String(20), unique: true }
`

describe.each(await databaseKinds())('applySync on %s', (kind) => {
  let db: TestDatabase
  beforeEach(async () => {
    db = await openTestDatabase(kind)
    await syncTo(db.driver, testApp(V1))
  })
  afterEach(async () => {
    await db.dispose()
  })

  it('rolls everything back when a statement fails midway', async () => {
    await insertRow(db.driver, 'shop_item', { code: 'abc1' })
    await insertRow(db.driver, 'shop_item', { code: 'abc2' })
    // Cutting the codes to 3 characters makes them collide in the unique index: that statement fails.
    const v2 = testApp(`
entities:
  Item:
    attributes:
      code: { type: String(3), unique: true }
      note: { type: Text, default: x }
  Extra:
    attributes:
      label: String(10)
`)
    const plan = await planFor(db.driver, v2)
    const failing = plan.statements.findIndex((s) => /shop_item/.test(s.sql) && /substr/.test(s.sql))
    const created = plan.statements.findIndex((s) => s.sql.startsWith('CREATE TABLE "shop_extra"'))
    expect(created).toBeGreaterThanOrEqual(0)
    expect(failing).toBeGreaterThan(created)
    const done: number[] = []
    const attempt = applySync(db.driver, plan, { acceptDataLoss: true, onProgress: (p) => done.push(p.done) })
    await expect(attempt).rejects.toMatchObject({ code: 'STORE_SYNC_FAILED', message: expect.stringContaining(`step ${failing + 1} of ${plan.statements.length} failed`) })
    expect(done.length).toBe(failing)
    expect(await tableNames(db.driver)).not.toContain('shop_extra')
    expect(await columnNames(db.driver, 'shop_item')).not.toContain('note')
    expect(await select(db.driver, `SELECT "code" FROM "shop_item" ORDER BY "id"`)).toEqual([{ code: 'abc1' }, { code: 'abc2' }])
    expect(await select(db.driver, `SELECT count(*) AS "n" FROM "portico_schema"`)).toEqual([{ n: 1 }])
    expect((await planFor(db.driver, v2)).statements).toEqual(plan.statements)
  })

  it('rolls back when the caller aborts from onProgress', async () => {
    const v2 = testApp(`${V1}      note: Text\n  Extra:\n    attributes:\n      label: String(10)\n`)
    const plan = await planFor(db.driver, v2)
    const stop = (p: SyncProgress): void => {
      if (p.done === 2) throw new Error('operator cancelled')
    }
    await expect(applySync(db.driver, plan, { onProgress: stop })).rejects.toThrow('operator cancelled')
    expect(await tableNames(db.driver)).not.toContain('shop_extra')
    expect(await columnNames(db.driver, 'shop_item')).not.toContain('note')
  })

  it('reports progress once per statement', async () => {
    const plan = await planFor(db.driver, testApp(`${V1}      note: Text\n      size: Integer\n`))
    const seen: SyncProgress[] = []
    const result = await applySync(db.driver, plan, { onProgress: (p) => seen.push(p) })
    expect(result.applied).toBe(plan.statements.length)
    expect(seen.map((p) => [p.done, p.total])).toEqual(plan.statements.map((_, i) => [i + 1, plan.statements.length]))
    expect(seen.map((p) => p.statement)).toEqual(plan.statements.map((s) => s.sql))
    expect(seen[seen.length - 1]?.description).toContain('record the synced model')
  })

  it('refuses a plan another sync has overtaken', async () => {
    const plan = await planFor(db.driver, testApp(`${V1}      note: Text\n`))
    await syncTo(db.driver, testApp(`${V1}      size: Integer\n`))
    await expect(applySync(db.driver, plan)).rejects.toMatchObject({ code: 'STORE_SYNC_FAILED', message: expect.stringContaining('plan again') })
    expect(await columnNames(db.driver, 'shop_item')).not.toContain('note')
  })

  it('re-counts inside the transaction: data written after planning is not lost silently', async () => {
    await syncTo(db.driver, testApp(`${V1}      note: Text\n`))
    await insertRow(db.driver, 'shop_item', { code: 'a' })
    const plan = await planFor(db.driver, testApp(V1))
    expect(plan.dataLoss).toEqual([])
    await db.driver.execute(`UPDATE "shop_item" SET "note" = 'written meanwhile'`)
    await expect(applySync(db.driver, plan)).rejects.toMatchObject({ code: 'STORE_DATA_LOSS_REFUSED', message: expect.stringContaining('shop_item.note') })
    expect(await select(db.driver, `SELECT "note" FROM "shop_item"`)).toEqual([{ note: 'written meanwhile' }])
  })

  it('does nothing for an empty plan', async () => {
    const plan = await planFor(db.driver, testApp(V1))
    expect(await applySync(db.driver, plan)).toEqual({ applied: 0, statements: [], dataLoss: [] })
  })
})
