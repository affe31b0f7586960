import type { SqlExecutor } from '../driver/driver.js'
import type { PhysicalSchema } from '../physical-schema.js'
import { readSyncedSnapshot } from './database-state.js'
import { buildTargetSchema, sameSchema, type EnumerationSource } from './schema-snapshot.js'

/** Whether the database holds the model's schema (see `syncStatus`). */
export type SyncStatus = 'synced' | 'pending' | 'empty'

/**
 * Whether the database is in step with the model, for readiness probes (`GET /ready`):
 * `empty` when no model was ever synced, `pending` when the recorded snapshot differs from
 * the model's, `synced` otherwise. Reads one row; counts nothing. Enum values are compared
 * only when `app` (the `AppModel`) gives the enumerations.
 */
export async function syncStatus(db: SqlExecutor, physical: PhysicalSchema, app: EnumerationSource = {}): Promise<SyncStatus> {
  const synced = await readSyncedSnapshot(db)
  if (synced === undefined) return 'empty'
  return sameSchema(synced.snapshot, buildTargetSchema(physical, app).snapshot) ? 'synced' : 'pending'
}
