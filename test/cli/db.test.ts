import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases.js'

const kinds = await databaseKinds()

function writeApp(dir: string, attributes: string): void {
  mkdirSync(join(dir, 'Shop'), { recursive: true })
  writeFileSync(join(dir, 'portico.yaml'), 'app: shop\nversion: 1.0.0\nmodules: [Shop]\nroles:\n  Admin: {}\n')
  writeFileSync(
    join(dir, 'Shop', 'domain.yaml'),
    `entities:\n  Item:\n    attributes:\n${attributes}\n    access:\n      - { roles: [Admin], allow: [read] }\n`,
  )
}

describe.each(kinds)('portico db on %s', (kind) => {
  let db: TestDatabase
  const dir = mkdtempSync(join(tmpdir(), 'portico-db-'))
  const env = () => ({ PORTICO_DATABASE_URL: db.url })

  beforeAll(async () => {
    db = await openTestDatabase(kind)
  })
  afterAll(async () => db.dispose())

  it('plans, then syncs, a fresh database', async () => {
    writeApp(dir, '      code: { type: String(10), required: true }\n      note: Text')
    const plan = await runCli(['db', 'plan', dir], env())
    expect(plan.code).toBe(0)
    expect(plan.out).toContain('CREATE TABLE "shop_item"')
    const sync = await runCli(['db', 'sync', dir], env())
    expect(sync.code).toBe(0)
    expect(sync.out).toMatch(/applied \d+ statement/)
    expect((await runCli(['db', 'plan', dir], env())).out).toMatch(/nothing to do/i)
    await db.driver.execute(`INSERT INTO "shop_item" ("code", "note", "created_at", "changed_at", "version") VALUES ('A', 'kept', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1)`)
  })

  it('renames a column declared with renamedFrom, keeping its data', async () => {
    writeApp(dir, '      code: { type: String(10), required: true }\n      remark: { type: Text, renamedFrom: note }')
    const sync = await runCli(['db', 'sync', dir], env())
    expect(sync.code).toBe(0)
    const { rows } = await db.driver.execute('SELECT "remark" FROM "shop_item"')
    expect(rows).toEqual([{ remark: 'kept' }])
  })

  it('refuses to drop a column with data, naming table, column and rows, until confirmed', async () => {
    writeApp(dir, '      code: { type: String(10), required: true }')
    const refused = await runCli(['db', 'sync', dir], env())
    expect(refused.code).toBe(1)
    expect(refused.err + refused.out).toMatch(/shop_item/)
    expect(refused.err + refused.out).toMatch(/remark/)
    expect(refused.err + refused.out).toMatch(/1 row/)
    expect((await db.driver.execute('SELECT "remark" FROM "shop_item"')).rows).toEqual([{ remark: 'kept' }])
    const accepted = await runCli(['db', 'sync', dir, '--accept-data-loss'], env())
    expect(accepted.code).toBe(0)
    await expect(db.driver.execute('SELECT "remark" FROM "shop_item"')).rejects.toThrow()
  })
})
