import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../../test/support/databases.js'
import { SYSTEM_TABLES } from '../system-tables.js'
import { columnNames, indexNames, insertRow, planFor, select, syncTo, tableNames, testApp } from '../../../test/support/sync-test-app.js'

/** Customers and orders; `order` is the YAML of Order's extra lines (attributes, associations, indexes). */
function shop(order: string, customerExtra = ''): string {
  return `
entities:
  Customer:
    attributes:
      name: { type: String(50), required: true }
      city: String(50)
${customerExtra}
  Tag:
    attributes:
      label: String(20)
  Order:
${order}
`
}

/** ON DELETE RESTRICT refused the delete. */
const RESTRICTED = { code: 'STORE_REFERENCE_VIOLATION' }

const BASE = `    attributes:
      number: { type: String(20), required: true }`

const WITH_CUSTOMER = (onDelete: string, required = false): string =>
  `${BASE}\n    associations:\n      customer: { target: Customer, onDelete: ${onDelete}${required ? ', required: true' : ''} }`

describe.each(await databaseKinds())('references and indexes on %s', (kind) => {
  let db: TestDatabase
  beforeEach(async () => {
    db = await openTestDatabase(kind)
  })
  afterEach(async () => {
    await db.dispose()
  })

  async function customers(): Promise<[number, number]> {
    return [await insertRow(db.driver, 'shop_customer', { name: 'Ann' }), await insertRow(db.driver, 'shop_customer', { name: 'Bob' })]
  }

  it('adds a reference, then drops it (data loss when set)', async () => {
    await syncTo(db.driver, testApp(shop(BASE)))
    const [ann] = await customers()
    await insertRow(db.driver, 'shop_order', { number: 'A-1' })
    await syncTo(db.driver, testApp(shop(WITH_CUSTOMER('prevent'))))
    expect(await indexNames(db.driver, 'shop_order')).toEqual(['ix_shop_order_customer_id'])
    await db.driver.execute(`UPDATE "shop_order" SET "customer_id" = ${ann}`)
    await expect(db.driver.execute(`UPDATE "shop_order" SET "customer_id" = 999`)).rejects.toMatchObject({ code: 'STORE_REFERENCE_VIOLATION' })

    const plan = await planFor(db.driver, testApp(shop(BASE)))
    expect(plan.dataLoss).toEqual([expect.objectContaining({ table: 'shop_order', column: 'customer_id', rows: 1, loss: 'references' })])
    await syncTo(db.driver, testApp(shop(BASE)), { acceptDataLoss: true })
    expect(await columnNames(db.driver, 'shop_order')).not.toContain('customer_id')
    expect(await select(db.driver, `SELECT "number" FROM "shop_order"`)).toEqual([{ number: 'A-1' }])
  })

  it('blocks a new required reference on a table with rows', async () => {
    await syncTo(db.driver, testApp(shop(BASE)))
    await insertRow(db.driver, 'shop_order', { number: 'A-1' })
    const plan = await planFor(db.driver, testApp(shop(WITH_CUSTOMER('prevent', true))))
    expect(plan.blocked).toEqual([expect.objectContaining({ table: 'shop_order', column: 'customer_id', rows: 1 })])
  })

  it('changes onDelete: prevent → cascade takes effect, and rows are kept', async () => {
    await syncTo(db.driver, testApp(shop(WITH_CUSTOMER('prevent'))))
    const [ann, bob] = await customers()
    await insertRow(db.driver, 'shop_order', { number: 'A-1', customer_id: ann })
    await insertRow(db.driver, 'shop_order', { number: 'B-1', customer_id: bob })
    await expect(db.driver.execute(`DELETE FROM "shop_customer" WHERE "id" = ${ann}`)).rejects.toMatchObject(RESTRICTED)
    const app = testApp(shop(WITH_CUSTOMER('cascade')))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    await syncTo(db.driver, app)
    expect(await select(db.driver, `SELECT "number", "customer_id" FROM "shop_order" ORDER BY "id"`)).toEqual([
      { number: 'A-1', customer_id: ann },
      { number: 'B-1', customer_id: bob },
    ])
    await db.driver.execute(`DELETE FROM "shop_customer" WHERE "id" = ${ann}`)
    expect(await select(db.driver, `SELECT "number" FROM "shop_order"`)).toEqual([{ number: 'B-1' }])
    expect((await planFor(db.driver, app)).statements).toEqual([])
  })

  it('rebuilding a referenced table keeps the rows that refer to it with ON DELETE CASCADE and SET NULL', async () => {
    const order = `${BASE}\n    associations:\n      customer: { target: Customer, onDelete: cascade }\n      backup: { target: Customer, onDelete: setNull }\n      tags: { kind: referenceSet, target: Tag, onDelete: cascade }`
    await syncTo(db.driver, testApp(shop(order)))
    const [ann, bob] = await customers()
    const o = await insertRow(db.driver, 'shop_order', { number: 'A-1', customer_id: ann, backup_id: bob })
    await db.driver.execute(`INSERT INTO "shop_order_tags" ("owner_id", "target_id") VALUES (${o}, ${await insertRow(db.driver, 'shop_tag', { label: 'x' })})`)
    // city: String(50) → required with a default changes NOT NULL: SQLite rebuilds shop_customer and shop_order.
    const app = testApp(shop(order.replace('required: true }', "required: true, default: 'none' }")).replace("city: String(50)", "city: { type: String(50), required: true, default: 'Paris' }"))
    await syncTo(db.driver, app)
    expect(await select(db.driver, `SELECT "number", "customer_id", "backup_id" FROM "shop_order"`)).toEqual([{ number: 'A-1', customer_id: ann, backup_id: bob }])
    expect(await select(db.driver, `SELECT count(*) AS "n" FROM "shop_order_tags"`)).toEqual([{ n: 1 }])
    expect(await select(db.driver, `SELECT "city" FROM "shop_customer" ORDER BY "id"`)).toEqual([{ city: 'Paris' }, { city: 'Paris' }])
    const next = await insertRow(db.driver, 'shop_customer', { name: 'Cy' })
    expect(next).toBe(3)
    await db.driver.execute(`DELETE FROM "shop_customer" WHERE "id" = ${ann}`)
    expect(await select(db.driver, `SELECT count(*) AS "n" FROM "shop_order"`)).toEqual([{ n: 0 }])
  })

  it('makes a reference required, refusing while rows refer to nothing', async () => {
    await syncTo(db.driver, testApp(shop(WITH_CUSTOMER('prevent'))))
    const [ann] = await customers()
    await insertRow(db.driver, 'shop_order', { number: 'A-1' })
    const app = testApp(shop(WITH_CUSTOMER('prevent', true)))
    expect((await planFor(db.driver, app)).blocked).toEqual([expect.objectContaining({ column: 'customer_id', rows: 1 })])
    await db.driver.execute(`UPDATE "shop_order" SET "customer_id" = ${ann}`)
    await syncTo(db.driver, app)
    await expect(db.driver.execute(`UPDATE "shop_order" SET "customer_id" = NULL`)).rejects.toMatchObject({ code: 'STORE_NOT_NULL_VIOLATION' })
  })

  it('adds a reference set, keeps its links across syncs, and drops it as data loss', async () => {
    await syncTo(db.driver, testApp(shop(BASE)))
    const withTags = testApp(shop(`${BASE}\n    associations:\n      tags: { kind: referenceSet, target: Tag }`))
    await syncTo(db.driver, withTags)
    expect(await tableNames(db.driver)).toContain('shop_order_tags')
    expect(await indexNames(db.driver, 'shop_order_tags')).toEqual(['ix_shop_order_tags_target_id'])
    const o = await insertRow(db.driver, 'shop_order', { number: 'A-1' })
    const t = await insertRow(db.driver, 'shop_tag', { label: 'x' })
    await db.driver.execute(`INSERT INTO "shop_order_tags" ("owner_id", "target_id") VALUES (${o}, ${t})`)
    await expect(db.driver.execute(`DELETE FROM "shop_tag"`)).rejects.toMatchObject(RESTRICTED)
    await syncTo(db.driver, testApp(shop(`${BASE}\n    associations:\n      tags: { kind: referenceSet, target: Tag, onDelete: cascade }`)))
    expect(await select(db.driver, `SELECT count(*) AS "n" FROM "shop_order_tags"`)).toEqual([{ n: 1 }])
    expect(await indexNames(db.driver, 'shop_order_tags')).toEqual(['ix_shop_order_tags_target_id'])
    await db.driver.execute(`DELETE FROM "shop_tag"`)
    expect(await select(db.driver, `SELECT count(*) AS "n" FROM "shop_order_tags"`)).toEqual([{ n: 0 }])
    await db.driver.execute(`INSERT INTO "shop_tag" ("id", "label", "created_at", "changed_at", "version") VALUES (5, 'y', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 1)`)
    await db.driver.execute(`INSERT INTO "shop_order_tags" ("owner_id", "target_id") VALUES (${o}, 5)`)
    const plan = await planFor(db.driver, testApp(shop(BASE)))
    expect(plan.dataLoss).toEqual([expect.objectContaining({ table: 'shop_order_tags', rows: 1, loss: 'links' })])
    await syncTo(db.driver, testApp(shop(BASE)), { acceptDataLoss: true })
    expect(await tableNames(db.driver)).not.toContain('shop_order_tags')
  })

  it('adds and removes a declared index', async () => {
    await syncTo(db.driver, testApp(shop(BASE)))
    await insertRow(db.driver, 'shop_order', { number: 'A-1' })
    const indexed = testApp(shop(`${BASE}\n      placed: Date\n    indexes:\n      - { members: [number, placed] }`))
    await syncTo(db.driver, indexed)
    expect(await indexNames(db.driver, 'shop_order')).toEqual(['ix_shop_order_number_placed'])
    const unique = testApp(shop(`${BASE}\n      placed: Date\n    indexes:\n      - { members: [number, placed], unique: true }`))
    await syncTo(db.driver, unique)
    expect(await indexNames(db.driver, 'shop_order')).toEqual(['ux_shop_order_number_placed'])
    const plan = await planFor(db.driver, testApp(shop(`${BASE}\n      placed: Date`)))
    expect(plan.dataLoss).toEqual([])
    expect(plan.statements.map((s) => s.sql)).toContain('DROP INDEX "ux_shop_order_number_placed"')
    await syncTo(db.driver, testApp(shop(`${BASE}\n      placed: Date`)))
    expect(await indexNames(db.driver, 'shop_order')).toEqual([])
  })

  it('refuses to make a reference one-to-one while two rows refer to the same object', async () => {
    await syncTo(db.driver, testApp(shop(WITH_CUSTOMER('prevent'))))
    const [ann] = await customers()
    await insertRow(db.driver, 'shop_order', { number: 'A-1', customer_id: ann })
    await insertRow(db.driver, 'shop_order', { number: 'A-2', customer_id: ann })
    const plan = await planFor(db.driver, testApp(shop(`${BASE}\n    associations:\n      customer: { target: Customer, kind: oneToOne }`)))
    expect(plan.blocked).toEqual([expect.objectContaining({ table: 'shop_order', column: 'customer_id', rows: 2 })])
  })

  it('drops entities that refer to each other', async () => {
    const order = `${WITH_CUSTOMER('cascade')}\n  Note:\n    attributes:\n      text: Text\n    associations:\n      order: { target: Order }`
    await syncTo(db.driver, testApp(shop(order, '    associations:\n      lastOrder: { target: Order, onDelete: setNull }')))
    const [ann] = await customers()
    const o = await insertRow(db.driver, 'shop_order', { number: 'A-1', customer_id: ann })
    await db.driver.execute(`UPDATE "shop_customer" SET "last_order_id" = ${o}`)
    await insertRow(db.driver, 'shop_note', { text: 'n', order_id: o })
    const app = testApp('entities:\n  Tag:\n    attributes:\n      label: String(20)\n')
    const plan = await planFor(db.driver, app)
    expect(Object.fromEntries(plan.dataLoss.map((d) => [d.table, d.rows]))).toEqual({ shop_note: 1, shop_customer: 2, shop_order: 1 })
    await syncTo(db.driver, app, { acceptDataLoss: true })
    expect(await tableNames(db.driver)).toEqual([...SYSTEM_TABLES, 'shop_tag'].sort())
  })
})
