import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../../test/support/databases.js'
import { formatPlan } from './format-plan.js'
import { insertRow, planFor, syncTo, testApp } from '../../../test/support/sync-test-app.js'

const V1 = `
entities:
  Item:
    attributes:
      name: String(50)
      note: Text
`

describe.each(await databaseKinds())('formatPlan on %s', (kind) => {
  let db: TestDatabase
  beforeEach(async () => {
    db = await openTestDatabase(kind)
  })
  afterEach(async () => {
    await db.dispose()
  })

  it('says there is nothing to do when the database is in step', async () => {
    await syncTo(db.driver, testApp(V1))
    expect(formatPlan(await planFor(db.driver, testApp(V1)))).toBe(`Schema of shop 1.0.0 (${kind}) is in step with the model: nothing to do.\n`)
  })

  it('prints one numbered line per step, its SQL indented, then the data loss with row counts', async () => {
    await syncTo(db.driver, testApp(V1))
    await insertRow(db.driver, 'shop_item', { name: 'a', note: 'keep?' })
    const text = formatPlan(await planFor(db.driver, testApp('entities:\n  Item:\n    attributes:\n      name: String(50)\n      size: Integer\n', { version: '1.1.0' })))
    const lines = text.split('\n')
    expect(lines[0]).toMatch(new RegExp(`^Schema sync plan for shop 1\\.1\\.0 \\(${kind}\\): \\d+ statements$`))
    expect(text).toContain('[destructive] drop column shop_item.note (Shop.Item.note is no longer in the model)')
    expect(text).toMatch(/\n +ALTER TABLE "shop_item" DROP COLUMN "note"\n/)
    expect(text).toMatch(/\n {0,2}\d\. add column shop_item\.size for Shop\.Item\.size\n +ALTER TABLE "shop_item" ADD COLUMN "size" (INTEGER|integer)\n/)
    expect(text).toContain('record the synced model of shop 1.1.0 in portico_schema')
    expect(text).toContain('Data loss (refused unless confirmed with --accept-data-loss): 1 row\n  - dropping Shop.Item.note (column shop_item.note) loses the values of 1 row\n')
  })

  it('lists what blocks a plan and how to fix it', async () => {
    await syncTo(db.driver, testApp(V1))
    await insertRow(db.driver, 'shop_item', { name: 'a' })
    const text = formatPlan(await planFor(db.driver, testApp(`${V1}      size: { type: Integer, required: true }\n`)))
    expect(text).toContain('Blocked (cannot be applied; change the model or the data):\n  - cannot add required attribute Shop.Item.size (column shop_item.size): table shop_item has 1 row and the attribute has no default. Give it a default in the model')
  })
})
