import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../../test/support/databases.js'
import { columnNames, indexNames, insertRow, planFor, select, syncTo, tableNames, testApp } from '../../../test/support/sync-test-app.js'

/** A small shop; `names` renames its parts, each optionally with `renamedFrom`. */
function shop(names: { customer?: string; order?: string; email?: string; buyer?: string; tags?: string; from?: Record<string, string> } = {}): string {
  const customer = names.customer ?? 'Customer'
  const order = names.order ?? 'Order'
  const from = (key: string): string => (names.from?.[key] ? `, renamedFrom: ${names.from[key]}` : '')
  return `
entities:
  ${customer}:
${names.from?.customer ? `    renamedFrom: ${names.from.customer}\n` : ''}    attributes:
      name: { type: String(50), required: true }
      ${names.email ?? 'email'}: { type: String(100), unique: true${from('email')} }
  ${order}:
${names.from?.order ? `    renamedFrom: ${names.from.order}\n` : ''}    attributes:
      number: { type: String(20), required: true, unique: true }
    associations:
      ${names.buyer ?? 'customer'}: { target: ${customer}, onDelete: cascade${from('buyer')} }
      ${names.tags ?? 'tags'}: { kind: referenceSet, target: Tag, onDelete: cascade${from('tags')} }
  Tag:
    attributes:
      label: String(20)
`
}

describe.each(await databaseKinds())('renames on %s', (kind) => {
  let db: TestDatabase
  beforeEach(async () => {
    db = await openTestDatabase(kind)
    await syncTo(db.driver, testApp(shop()))
    const ann = await insertRow(db.driver, 'shop_customer', { name: 'Ann', email: 'ann@example.com' })
    const order = await insertRow(db.driver, 'shop_order', { number: 'A-1', customer_id: ann })
    const tag = await insertRow(db.driver, 'shop_tag', { label: 'red' })
    await db.driver.execute(`INSERT INTO "shop_order_tags" ("owner_id", "target_id") VALUES (${order}, ${tag})`)
  })
  afterEach(async () => {
    await db.dispose()
  })

  it('renames an attribute and keeps its data', async () => {
    const app = testApp(shop({ email: 'mail', from: { email: 'email' } }))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    expect(plan.statements.some((s) => s.sql.includes('RENAME COLUMN "email" TO "mail"'))).toBe(true)
    expect(plan.statements.some((s) => s.sql.includes('DROP COLUMN') || s.sql.includes('ADD COLUMN'))).toBe(false)
    await syncTo(db.driver, app)
    expect(await select(db.driver, `SELECT "name", "mail" FROM "shop_customer"`)).toEqual([{ name: 'Ann', mail: 'ann@example.com' }])
    expect(await indexNames(db.driver, 'shop_customer')).toEqual(['ux_shop_customer_mail'])
    const again = await planFor(db.driver, app)
    expect(again.statements).toEqual([])
  })

  it('renames an entity: its table, indexes, the references to it and its junction tables keep their rows', async () => {
    const app = testApp(shop({ customer: 'Client', order: 'Purchase', from: { customer: 'Customer', order: 'Order' } }))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    expect(plan.statements.filter((s) => s.sql.startsWith('DROP TABLE'))).toEqual([])
    await syncTo(db.driver, app)
    const tables = await tableNames(db.driver)
    expect(tables).toEqual(expect.arrayContaining(['shop_client', 'shop_purchase', 'shop_purchase_tags']))
    expect(tables).not.toContain('shop_customer')
    expect(await select(db.driver, `SELECT "number", "customer_id" FROM "shop_purchase"`)).toEqual([{ number: 'A-1', customer_id: 1 }])
    expect(await select(db.driver, `SELECT "owner_id", "target_id" FROM "shop_purchase_tags"`)).toEqual([{ owner_id: 1, target_id: 1 }])
    expect(await indexNames(db.driver, 'shop_purchase')).toEqual(['ix_shop_purchase_customer_id', 'ux_shop_purchase_number'])
    await db.driver.execute(`DELETE FROM "shop_client" WHERE "id" = 1`)
    expect(await select(db.driver, `SELECT count(*) AS "n" FROM "shop_purchase"`)).toEqual([{ n: 0 }])
    expect((await planFor(db.driver, app)).statements).toEqual([])
  })

  it('renames an association: the reference column and the junction table keep their links', async () => {
    const app = testApp(shop({ buyer: 'buyer', tags: 'labels', from: { buyer: 'customer', tags: 'tags' } }))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    await syncTo(db.driver, app)
    expect(await columnNames(db.driver, 'shop_order')).toContain('buyer_id')
    expect(await select(db.driver, `SELECT "buyer_id" FROM "shop_order"`)).toEqual([{ buyer_id: 1 }])
    expect(await select(db.driver, `SELECT "owner_id", "target_id" FROM "shop_order_labels"`)).toEqual([{ owner_id: 1, target_id: 1 }])
    if (kind === 'postgres') {
      const fks = await select(db.driver, `SELECT conname FROM pg_constraint WHERE conrelid = 'shop_order'::regclass AND contype = 'f'`)
      expect(fks).toEqual([{ conname: 'fk_shop_order_buyer_id' }])
    }
    await db.driver.execute(`DELETE FROM "shop_customer" WHERE "id" = 1`)
    expect(await select(db.driver, `SELECT count(*) AS "n" FROM "shop_order"`)).toEqual([{ n: 0 }])
  })

  it('gives the data to the renamed element when the model reuses the old name in the same change', async () => {
    const model = shop({ customer: 'Client', email: 'mail', from: { customer: 'Customer', email: 'email' } }).replace(
      'entities:\n',
      'entities:\n  Customer:\n    attributes:\n      email: String(100)\n',
    )
    const app = testApp(model.replace("mail: { type: String(100), unique: true, renamedFrom: email }", "mail: { type: String(100), unique: true, renamedFrom: email }\n      email: String(10)"))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    await syncTo(db.driver, app)
    expect(await select(db.driver, `SELECT "name", "mail", "email" FROM "shop_client"`)).toEqual([{ name: 'Ann', mail: 'ann@example.com', email: null }])
    expect(await select(db.driver, `SELECT count(*) AS "n" FROM "shop_customer"`)).toEqual([{ n: 0 }])
    expect(await select(db.driver, `SELECT "customer_id" FROM "shop_order"`)).toEqual([{ customer_id: 1 }])
    expect((await planFor(db.driver, app)).statements).toEqual([])
  })

  it('ignores a renamedFrom whose old name is not in the snapshot', async () => {
    const stale = testApp(shop({ email: 'email', from: { email: 'oldEmail', customer: 'Person' } }))
    expect((await planFor(db.driver, stale)).statements).toEqual([])
  })

  it('drops and adds when a member is renamed without renamedFrom, and says so', async () => {
    const plan = await planFor(db.driver, testApp(shop({ email: 'mail' })))
    expect(plan.dataLoss).toEqual([
      expect.objectContaining({ table: 'shop_customer', column: 'email', rows: 1, message: expect.stringContaining('loses the values of 1 row') }),
    ])
  })

  it('renames an entity and an attribute while changing types and a self-reference, in one sync', async () => {
    await syncTo(db.driver, testApp(TREE), { acceptDataLoss: true })
    const a = await insertRow(db.driver, 'shop_category', { code: 'a', rank: 1 })
    const b = await insertRow(db.driver, 'shop_category', { code: 'bb', rank: 2, parent_id: a })
    await insertRow(db.driver, 'shop_category', { code: 'ccc', parent_id: b })
    const app = testApp(`
entities:
  Group:
    renamedFrom: Category
    attributes:
      key: { type: String(5), unique: true, renamedFrom: code }
      rank: { type: 'Decimal(6,1)', required: true, default: 0 }
    associations:
      parent: { target: Group, onDelete: setNull }
`)
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    expect(plan.blocked).toEqual([])
    await syncTo(db.driver, app)
    expect(await select(db.driver, `SELECT "id", "key", "rank", "parent_id" FROM "shop_group" ORDER BY "id"`)).toEqual([
      { id: 1, key: 'a', rank: 1, parent_id: null },
      { id: 2, key: 'bb', rank: 2, parent_id: 1 },
      { id: 3, key: 'ccc', rank: 0, parent_id: 2 },
    ])
    expect(await indexNames(db.driver, 'shop_group')).toEqual(['ix_shop_group_parent_id', 'ux_shop_group_key'])
    await db.driver.execute(`DELETE FROM "shop_group" WHERE "id" = ${a}`)
    expect(await select(db.driver, `SELECT "key", "parent_id" FROM "shop_group" ORDER BY "id"`)).toEqual([
      { key: 'bb', parent_id: null },
      { key: 'ccc', parent_id: 2 },
    ])
    expect((await planFor(db.driver, app)).statements).toEqual([])
  })
})

const TREE = `
entities:
  Category:
    attributes:
      code: { type: String(20), unique: true }
      rank: Integer
    associations:
      parent: { target: Category, onDelete: cascade }
`
