import type { ModelIndex } from '../../src/model/index.js'
import { applySync, buildPhysicalSchema, createStore, planSync, type Store } from '../../src/store/index.js'
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js'

/** A fresh database brought in step with the model by schema sync, and its store. */
export async function openStoreFixture(kind: DatabaseKind, index: ModelIndex): Promise<{ db: TestDatabase; store: Store }> {
  const db = await openTestDatabase(kind)
  const plan = await planSync(db.driver, buildPhysicalSchema(index), index.model)
  await applySync(db.driver, plan)
  return { db, store: createStore(db.driver, index) }
}
