import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../../test/support/databases.js'
import { EXAMPLE_DIR } from '../../../test/support/example-app.js'
import { addForeignKeySql, createIndexSql, createJunctionSql, createTableSql, indexesOf } from '../ddl.js'
import { systemTableSql } from '../system-tables.js'
import { createSchemaStatements } from './create-schema.js'
import { syncStatus } from './sync-status.js'
import { insertRow, loaded, planFor, select, syncTo, tableNames, testApp } from '../../../test/support/sync-test-app.js'

const SHOP = `
enums:
  Status: [Open, Closed]
entities:
  Customer:
    attributes:
      name: { type: String(50), required: true }
      status: { type: Enum(Status), required: true, default: Open }
`

describe.each(await databaseKinds())('schema sync plan on %s', (kind) => {
  let db: TestDatabase
  beforeEach(async () => {
    db = await openTestDatabase(kind)
  })
  afterEach(async () => {
    await db.dispose()
  })

  it('creates the example app in a fresh database, then has nothing to do', async () => {
    const app = loaded(EXAMPLE_DIR)
    const plan = await planFor(db.driver, app)
    expect(plan.fresh).toBe(true)
    expect(plan.dataLoss).toEqual([])
    expect(plan.blocked).toEqual([])
    const result = await syncTo(db.driver, app)
    expect(result.applied).toBe(plan.statements.length)
    expect(await tableNames(db.driver)).toEqual(
      expect.arrayContaining(['catalog_product', 'catalog_product_tags', 'sales_order_line', 'portico_schema', 'portico_outbox']),
    )
    const again = await planFor(db.driver, app)
    expect(again.fresh).toBe(false)
    expect(again.statements).toEqual([])
    expect(await applyAgain(db, app)).toBe(0)
    const recorded = await select(db.driver, `SELECT "app", "app_version", "snapshot" FROM "portico_schema"`)
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({ app: 'order-hub', app_version: '1.0.0' })
    const snapshot = JSON.parse(String(recorded[0]?.snapshot))
    const product = snapshot.entities.find((e: { name: string }) => e.name === 'Catalog.Product')
    expect(product.table).toBe('catalog_product')
    expect(product.columns.find((c: { attribute: string }) => c.attribute === 'status')).toEqual({
      attribute: 'status',
      column: 'status',
      type: 'Enum(Catalog.ProductStatus)',
      enumValues: ['Draft', 'Active', 'Retired'],
      required: true,
      unique: false,
      default: 'Draft',
      system: false,
    })
    expect(product.references).toEqual([
      { association: 'category', kind: 'reference', column: 'category_id', target: 'Catalog.Category', onDelete: 'prevent', required: false },
    ])
    expect(product.junctions[0]).toMatchObject({ association: 'tags', table: 'catalog_product_tags', target: 'Catalog.Tag' })
  })

  it('renders the same DDL as ddl.ts for a fresh database', () => {
    const app = loaded(EXAMPLE_DIR)
    const p = app.physical
    const tableOf = (name: string): string => p.table(name).table
    const expected = [
      ...systemTableSql(kind),
      ...p.tables.map((t) => createTableSql(t, kind, (r) => tableOf(r.target.qualifiedName))),
      ...(kind === 'postgres' ? p.tables.flatMap((t) => t.references.map((r) => addForeignKeySql(t, r, tableOf(r.target.qualifiedName)))) : []),
      ...p.tables.flatMap((t) => t.junctions.map((j) => createJunctionSql(j, kind, t.table, tableOf(j.target.qualifiedName)))),
      ...p.tables.flatMap((t) => indexesOf(t).map(createIndexSql)),
    ]
    expect(createSchemaStatements(p, kind)).toEqual(expected)
  })

  it('reports the status: empty, synced, then pending when the model changes', async () => {
    const v1 = testApp(SHOP)
    expect(await syncStatus(db.driver, v1.physical, v1.model)).toBe('empty')
    await syncTo(db.driver, v1)
    expect(await syncStatus(db.driver, v1.physical, v1.model)).toBe('synced')
    expect(await syncStatus(db.driver, v1.physical)).toBe('synced')
    const v2 = testApp(SHOP.replace('name: { type: String(50)', 'name: { type: String(80)'))
    expect(await syncStatus(db.driver, v2.physical, v2.model)).toBe('pending')
    const v3 = testApp(SHOP.replace('[Open, Closed]', '[Open, Closed, Archived]'))
    expect(await syncStatus(db.driver, v3.physical, v3.model)).toBe('pending')
    await syncTo(db.driver, v3)
    expect(await syncStatus(db.driver, v3.physical, v3.model)).toBe('synced')
  })

  it('records a new enum value without touching the schema', async () => {
    await syncTo(db.driver, testApp(SHOP))
    const plan = await planFor(db.driver, testApp(SHOP.replace('[Open, Closed]', '[Open, Closed, Archived]')))
    expect(plan.statements.map((s) => s.description)).toEqual(['record the synced model of shop 1.0.0 in portico_schema'])
  })

  it('leaves tables it did not create alone', async () => {
    await db.driver.execute(`CREATE TABLE "legacy_stuff" ("x" ${kind === 'sqlite' ? 'TEXT' : 'text'})`)
    await db.driver.execute(`INSERT INTO "legacy_stuff" ("x") VALUES ('keep me')`)
    await syncTo(db.driver, testApp(SHOP))
    const plan = await planFor(db.driver, testApp('entities:\n  Other:\n    attributes:\n      x: Text\n'))
    expect(plan.statements.map((s) => s.sql).join('\n')).not.toContain('legacy_stuff')
    await syncTo(db.driver, testApp('entities:\n  Other:\n    attributes:\n      x: Text\n'))
    expect(await select(db.driver, `SELECT "x" FROM "legacy_stuff"`)).toEqual([{ x: 'keep me' }])
  })

  it('refuses to create a table whose name another table already has', async () => {
    await db.driver.execute(`CREATE TABLE "shop_customer" ("x" ${kind === 'sqlite' ? 'TEXT' : 'text'})`)
    const plan = await planFor(db.driver, testApp(SHOP))
    expect(plan.blocked).toEqual([expect.objectContaining({ table: 'shop_customer', message: expect.stringContaining('already exists') })])
    await expect(syncTo(db.driver, testApp(SHOP), { acceptDataLoss: true })).rejects.toMatchObject({ code: 'STORE_SYNC_BLOCKED' })
  })

  it('counts rows of a dropped entity with a real count', async () => {
    await syncTo(db.driver, testApp(SHOP))
    for (const name of ['a', 'b', 'c']) await insertRow(db.driver, 'shop_customer', { name })
    const plan = await planFor(db.driver, testApp('entities:\n  Other:\n    attributes:\n      x: Text\n'))
    expect(plan.dataLoss).toEqual([
      { table: 'shop_customer', loss: 'rows', rows: 3, message: 'dropping entity Shop.Customer (table shop_customer) loses its 3 rows' },
    ])
  })
})

async function applyAgain(db: TestDatabase, app: ReturnType<typeof loaded>): Promise<number> {
  return (await syncTo(db.driver, app)).applied
}
