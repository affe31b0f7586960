import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../../test/support/databases.js'
import { columnNames, insertRow, planFor, select, syncTo, testApp } from '../../../test/support/sync-test-app.js'

/** One entity `Item` with the given attribute lines (YAML, indented by the caller's template). */
function item(attributes: string, enums = 'Color: [Red, Green, Blue]'): string {
  return `enums:\n  ${enums}\nentities:\n  Item:\n    attributes:\n${attributes
    .trim()
    .split('\n')
    .map((l) => `      ${l.trim()}`)
    .join('\n')}\n`
}

describe.each(await databaseKinds())('attribute changes on %s', (kind) => {
  let db: TestDatabase
  beforeEach(async () => {
    db = await openTestDatabase(kind)
  })
  afterEach(async () => {
    await db.dispose()
  })

  async function start(attributes: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    await syncTo(db.driver, testApp(item(attributes)))
    for (const row of rows) await insertRow(db.driver, 'shop_item', row)
  }

  it('adds an attribute with a default: existing rows get it', async () => {
    await start('name: String(50)', [{ name: 'a' }, { name: 'b' }])
    const app = testApp(item('name: String(50)\nqty: { type: Integer, required: true, default: 7 }'))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    await syncTo(db.driver, app)
    expect(await select(db.driver, `SELECT "name", "qty" FROM "shop_item" ORDER BY "id"`)).toEqual([
      { name: 'a', qty: 7 },
      { name: 'b', qty: 7 },
    ])
  })

  it('blocks a new required attribute without a default on a table with rows, naming table, column and count', async () => {
    await start('name: String(50)', [{ name: 'a' }, { name: 'b' }])
    const app = testApp(item('name: String(50)\nqty: { type: Integer, required: true }'))
    const plan = await planFor(db.driver, app)
    expect(plan.blocked).toEqual([
      {
        table: 'shop_item',
        column: 'qty',
        rows: 2,
        message: expect.stringMatching(/Shop\.Item\.qty \(column shop_item\.qty\): table shop_item has 2 rows .*Give it a default/),
      },
    ])
    await expect(syncTo(db.driver, app, { acceptDataLoss: true })).rejects.toMatchObject({ code: 'STORE_SYNC_BLOCKED' })
  })

  it('adds a new required attribute without a default to an empty table', async () => {
    await start('name: String(50)', [])
    await syncTo(db.driver, testApp(item('name: String(50)\nqty: { type: Integer, required: true }')))
    expect(await columnNames(db.driver, 'shop_item')).toContain('qty')
    await expect(insertRow(db.driver, 'shop_item', { name: 'x' })).rejects.toMatchObject({ code: 'STORE_NOT_NULL_VIOLATION' })
  })

  it('refuses to drop a column holding data, naming table, column and row count, and keeps the data', async () => {
    await start('name: String(50)\nnote: Text', [{ name: 'a', note: 'n1' }, { name: 'b', note: 'n2' }, { name: 'c' }])
    const app = testApp(item('name: String(50)'))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([
      { table: 'shop_item', column: 'note', loss: 'values', rows: 2, message: 'dropping Shop.Item.note (column shop_item.note) loses the values of 2 rows' },
    ])
    const refused = syncTo(db.driver, app)
    await expect(refused).rejects.toMatchObject({ code: 'STORE_DATA_LOSS_REFUSED', message: expect.stringContaining('shop_item.note') })
    await expect(refused).rejects.toMatchObject({ message: expect.stringContaining('2 rows') })
    expect(await select(db.driver, `SELECT "note" FROM "shop_item" ORDER BY "id"`)).toEqual([{ note: 'n1' }, { note: 'n2' }, { note: null }])

    const result = await syncTo(db.driver, app, { acceptDataLoss: true })
    expect(result.dataLoss).toHaveLength(1)
    expect(await columnNames(db.driver, 'shop_item')).not.toContain('note')
    expect(await select(db.driver, `SELECT "name" FROM "shop_item" ORDER BY "id"`)).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
  })

  it('drops an empty column without asking', async () => {
    await start('name: String(50)\nnote: Text', [{ name: 'a' }])
    const app = testApp(item('name: String(50)'))
    expect((await planFor(db.driver, app)).dataLoss).toEqual([])
    await syncTo(db.driver, app)
    expect(await columnNames(db.driver, 'shop_item')).not.toContain('note')
  })

  it('refuses to narrow String(50) to String(10) while a value is longer, with the exact count', async () => {
    await start('name: String(50)', [{ name: 'short' }, { name: 'exactly10!' }, { name: 'eleven char' }, { name: 'a much longer name' }, {}])
    const app = testApp(item('name: String(10)'))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([
      expect.objectContaining({ table: 'shop_item', column: 'name', rows: 2, loss: 'values longer than 10 characters', message: expect.stringContaining('cut to 10 characters') }),
    ])
    await expect(syncTo(db.driver, app)).rejects.toMatchObject({ code: 'STORE_DATA_LOSS_REFUSED' })
    expect(await select(db.driver, `SELECT "name" FROM "shop_item" WHERE "id" = 4`)).toEqual([{ name: 'a much longer name' }])
    await syncTo(db.driver, app, { acceptDataLoss: true })
    expect(await select(db.driver, `SELECT "name" FROM "shop_item" ORDER BY "id"`)).toEqual([
      { name: 'short' },
      { name: 'exactly10!' },
      { name: 'eleven cha' },
      { name: 'a much lon' },
      { name: null },
    ])
  })

  it('narrows String(50) to String(10) without asking when every value fits', async () => {
    await start('name: String(50)', [{ name: 'short' }, { name: 'exactly10!' }])
    const app = testApp(item('name: String(10)'))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    await syncTo(db.driver, app)
    expect(await select(db.driver, `SELECT "name" FROM "shop_item" ORDER BY "id"`)).toEqual([{ name: 'short' }, { name: 'exactly10!' }])
    if (kind === 'postgres') await expect(insertRow(db.driver, 'shop_item', { name: 'far too long' })).rejects.toMatchObject({ code: 'STORE_DATA_EXCEPTION' })
  })

  it('widens safely: String(20) → String(50), Integer → Long, Decimal(8,2) → Decimal(12,2), String → Text', async () => {
    await start('a: String(20)\nb: Integer\nc: Decimal(8,2)\nd: String(30)', [{ a: 'x', b: 2147483647, c: 123456.78, d: 'y' }])
    const app = testApp(item('a: String(50)\nb: Long\nc: Decimal(12,2)\nd: Text'))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([])
    expect(plan.blocked).toEqual([])
    await syncTo(db.driver, app)
    await insertRow(db.driver, 'shop_item', { b: 9007199254740991, c: 1234567890.12 })
    expect(await select(db.driver, `SELECT "a", "b", "c", "d" FROM "shop_item" ORDER BY "id"`)).toEqual([
      { a: 'x', b: 2147483647, c: 123456.78, d: 'y' },
      { a: null, b: 9007199254740991, c: 1234567890.12, d: null },
    ])
  })

  it('counts Long values beyond Integer, and decimals lost by a smaller scale', async () => {
    await start('b: Long\nc: Decimal(10,3)', [{ b: 5, c: 1.5 }, { b: 3000000000, c: 2.125 }, { b: -3000000000, c: 3.25 }])
    const app = testApp(item('b: Integer\nc: Decimal(10,2)'))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss.map((d) => [d.column, d.rows, d.loss])).toEqual([
      ['b', 2, 'values outside the Integer range'],
      ['c', 1, 'values with more than 2 decimals'],
    ])
    await syncTo(db.driver, app, { acceptDataLoss: true })
    const rows = await select(db.driver, `SELECT "b", "c" FROM "shop_item" ORDER BY "id"`)
    expect(rows.map((r) => r.b)).toEqual([5, null, null])
    expect(rows.map((r) => Number(r.c))).toEqual([1.5, expect.closeTo(2.13, 2), 3.25])
  })

  it('converts String to Integer where it can, counting the values it cannot', async () => {
    await start('code: String(20)', [{ code: '42' }, { code: '-7' }, { code: 'abc' }, { code: '1.5' }, {}])
    const app = testApp(item('code: Integer'))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([expect.objectContaining({ column: 'code', rows: 2, loss: 'values that are not whole numbers in range' })])
    await syncTo(db.driver, app, { acceptDataLoss: true })
    expect((await select(db.driver, `SELECT "code" FROM "shop_item" ORDER BY "id"`)).map((r) => r.code)).toEqual([42, -7, null, null, null])
  })

  it('refuses optional → required while rows have no value and no default is given', async () => {
    await start('name: String(50)', [{ name: 'a' }, {}, {}])
    const plan = await planFor(db.driver, testApp(item('name: { type: String(50), required: true }')))
    expect(plan.blocked).toEqual([
      expect.objectContaining({ table: 'shop_item', column: 'name', rows: 2, message: expect.stringContaining('2 rows have no value') }),
    ])
  })

  it('makes an attribute required with a default: empty rows get the default first', async () => {
    await start('name: String(50)', [{ name: 'a' }, {}])
    const app = testApp(item("name: { type: String(50), required: true, default: 'unnamed' }"))
    const plan = await planFor(db.driver, app)
    expect(plan.blocked).toEqual([])
    expect(plan.dataLoss).toEqual([])
    await syncTo(db.driver, app)
    expect(await select(db.driver, `SELECT "name" FROM "shop_item" ORDER BY "id"`)).toEqual([{ name: 'a' }, { name: 'unnamed' }])
    await expect(db.driver.execute(`UPDATE "shop_item" SET "name" = NULL`)).rejects.toMatchObject({ code: 'STORE_NOT_NULL_VIOLATION' })
    await insertRow(db.driver, 'shop_item', {})
    expect(await select(db.driver, `SELECT "name" FROM "shop_item" WHERE "id" = 3`)).toEqual([{ name: 'unnamed' }])
  })

  it('makes a required attribute optional and changes a default', async () => {
    await start("name: { type: String(50), required: true }\nqty: { type: Integer, default: 1 }", [{ name: 'a' }])
    await syncTo(db.driver, testApp(item('name: String(50)\nqty: { type: Integer, default: 5 }')))
    await insertRow(db.driver, 'shop_item', {})
    expect(await select(db.driver, `SELECT "name", "qty" FROM "shop_item" ORDER BY "id"`)).toEqual([
      { name: 'a', qty: 1 },
      { name: null, qty: 5 },
    ])
  })

  it('refuses a unique constraint while duplicates exist, naming the count', async () => {
    await start('code: String(10)', [{ code: 'a' }, { code: 'a' }, { code: 'a' }, { code: 'b' }, {}, {}])
    const app = testApp(item('code: { type: String(10), unique: true }'))
    const plan = await planFor(db.driver, app)
    expect(plan.blocked).toEqual([
      expect.objectContaining({ table: 'shop_item', column: 'code', rows: 3, message: expect.stringContaining('3 rows share their values') }),
    ])
    await db.driver.execute(`UPDATE "shop_item" SET "code" = 'c' WHERE "id" = 2`)
    await db.driver.execute(`UPDATE "shop_item" SET "code" = 'd' WHERE "id" = 3`)
    await syncTo(db.driver, app)
    await expect(insertRow(db.driver, 'shop_item', { code: 'a' })).rejects.toMatchObject({ code: 'STORE_UNIQUE_VIOLATION' })
    await syncTo(db.driver, testApp(item('code: String(10)')))
    await insertRow(db.driver, 'shop_item', { code: 'a' })
  })

  it('counts rows holding a removed enum value, and replaces them with the default once accepted', async () => {
    const attrs = 'color: { type: Enum(Color), required: true, default: Red }'
    await syncTo(db.driver, testApp(item(attrs)))
    for (const color of ['Red', 'Blue', 'Blue', 'Green']) await insertRow(db.driver, 'shop_item', { color })
    const app = testApp(item(attrs, 'Color: [Red, Green]'))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss).toEqual([
      expect.objectContaining({ table: 'shop_item', column: 'color', rows: 2, message: expect.stringContaining('replaced by the default "Red"') }),
    ])
    await syncTo(db.driver, app, { acceptDataLoss: true })
    expect((await select(db.driver, `SELECT "color" FROM "shop_item" ORDER BY "id"`)).map((r) => r.color)).toEqual(['Red', 'Red', 'Red', 'Green'])
  })

  it('removes an enum value no row holds without asking', async () => {
    const attrs = 'color: Enum(Color)'
    await start(attrs, [{ color: 'Red' }])
    const plan = await planFor(db.driver, testApp(item(attrs, 'Color: [Red, Green]')))
    expect(plan.dataLoss).toEqual([])
    expect(plan.statements.length).toBeGreaterThan(0)
  })

  it('converts between kinds, counting what each conversion loses', async () => {
    const before = "d: Date\ndt: DateTime\ni: Integer\nb: Boolean\ns: String(20)\nn: Integer\ndec: 'Decimal(8,3)'\ne: Enum(Color)"
    const after = "d: DateTime\ndt: Date\ni: Boolean\nb: Integer\ns: Date\nn: 'Decimal(5,2)'\ndec: Integer\ne: String(3)"
    await start(before, [
      { d: '2024-05-06', dt: '2024-05-06T10:00:00.000Z', i: 1, b: kind === 'sqlite' ? 1 : true, s: '2024-01-01', n: 123456, dec: 12.345, e: 'Red' },
      { d: '2024-05-07', dt: '2024-05-07T00:00:00.000Z', i: 5, b: kind === 'sqlite' ? 0 : false, s: 'nope', n: 12, dec: -1.5, e: 'Green' },
    ])
    const app = testApp(item(after))
    const plan = await planFor(db.driver, app)
    expect(plan.dataLoss.map((d) => [d.column, d.rows])).toEqual([
      ['dt', 1],
      ['i', 1],
      ['s', 2],
      ['n', 1],
      ['dec', 2],
      ['e', 1],
    ])
    expect(plan.dataLoss.find((d) => d.column === 's')?.message).toBe(
      'shop_item.s (Shop.Item.s, String(20) → Date): 2 rows hold values of type String(20), which cannot be converted to Date; they would be replaced by NULL',
    )
    await syncTo(db.driver, app, { acceptDataLoss: true })
    const rows = await select(db.driver, `SELECT "d", "dt", "i", "b", "s", "n", "dec", "e" FROM "shop_item" ORDER BY "id"`)
    expect(rows).toEqual([
      { d: '2024-05-06T00:00:00.000Z', dt: '2024-05-06', i: kind === 'sqlite' ? 1 : true, b: 1, s: null, n: null, dec: 12, e: 'Red' },
      { d: '2024-05-07T00:00:00.000Z', dt: '2024-05-07', i: null, b: 0, s: null, n: 12, dec: -2, e: 'Gre' },
    ])
  })
})
