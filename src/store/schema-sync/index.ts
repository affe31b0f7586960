/**
 * Schema sync: keeps the database in step with the model and never loses data silently.
 * See docs/schema-sync.md.
 */
export { planSync } from './plan-sync.js'
export { applySync } from './apply-sync.js'
export { syncStatus, type SyncStatus } from './sync-status.js'
export { formatPlan } from './format-plan.js'
export { createSchemaStatements } from './create-schema.js'
export { buildTargetSchema, sameSchema } from './schema-snapshot.js'
export type {
  ColumnSnapshot,
  EntitySnapshot,
  EnumerationSource,
  IndexSnapshot,
  JunctionSnapshot,
  ReferenceSnapshot,
  RenameHints,
  SchemaSnapshot,
  TargetSchema,
} from './schema-snapshot.js'
export type { ApplyOptions, BlockedItem, DataLossItem, PlannedStep, SyncApp, SyncPlan, SyncProgress, SyncResult } from './sync-plan.js'
