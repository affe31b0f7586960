import type { ModelIndex } from '../../src/model/index.js'
import { buildPhysicalSchema, createStore, type Store } from '../../src/store/index.js'
import { createSchemaStatements } from '../../src/store/schema-sync/create-schema.js'
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js'

/** A fresh database with the model's schema created, and its store. */
export async function openStoreFixture(kind: DatabaseKind, index: ModelIndex): Promise<{ db: TestDatabase; store: Store }> {
  const db = await openTestDatabase(kind)
  const statements = createSchemaStatements(buildPhysicalSchema(index), db.driver.dialect)
  await db.driver.transaction(async (tx) => {
    for (const sql of statements) await tx.execute(sql)
  })
  return { db, store: createStore(db.driver, index) }
}
