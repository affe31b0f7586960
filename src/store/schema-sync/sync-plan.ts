import type { Dialect } from '../driver/driver.js'
import type { EnumerationSource, SchemaSnapshot, TargetSchema } from './schema-snapshot.js'

/** One statement of a sync, with what it does in words so `portico db plan` can show it. */
export interface PlannedStep {
  readonly sql: string
  /** Bound parameters (only the snapshot record has any: DDL cannot bind). */
  readonly params?: readonly unknown[]
  readonly description: string
  /** The statement can remove or alter stored data (the plan's `dataLoss` says how much). */
  readonly destructive: boolean
}

/** Data a planned change would remove or alter, counted in the database. */
export interface DataLossItem {
  readonly table: string
  readonly column?: string
  /** What would be lost, e.g. `rows`, `values`, `links`, `values longer than 10 characters`. */
  readonly loss: string
  readonly rows: number
  /** One sentence naming the table, column, count and consequence. */
  readonly message: string
}

/** A change that cannot be applied as the model stands, even with confirmation. */
export interface BlockedItem {
  readonly table: string
  readonly column?: string
  readonly rows: number
  /** What is wrong and how to change the model (or the data) so the sync can run. */
  readonly message: string
}

/** The app a sync is for: its name and version are recorded; its enumerations are checked. */
export interface SyncApp extends EnumerationSource {
  readonly name: string
  readonly version: string
}

/**
 * The difference between the database and the model, as statements to run and the data
 * they would cost. A plan is plain data: print it, then hand it to `applySync`, which
 * re-checks it against the database inside its transaction.
 */
export interface SyncPlan {
  readonly dialect: Dialect
  readonly app: { readonly name: string; readonly version: string }
  /** No snapshot was recorded: the whole schema is created. */
  readonly fresh: boolean
  /** Id of the recorded snapshot the plan starts from; apply refuses if another sync came first. */
  readonly basedOn: number | undefined
  /** Empty when the database is in step with the model. */
  readonly statements: readonly PlannedStep[]
  readonly dataLoss: readonly DataLossItem[]
  readonly blocked: readonly BlockedItem[]
  readonly target: TargetSchema
  /** The snapshot recorded once the plan is applied. */
  readonly snapshot: SchemaSnapshot
}

/** Passed to `onProgress` after each statement, so a CLI can show how far a long sync is. */
export interface SyncProgress {
  /** Statements run so far, this one included. */
  readonly done: number
  readonly total: number
  /** The statement's SQL text. */
  readonly statement: string
  readonly description: string
}

/** How to apply a plan. */
export interface ApplyOptions {
  /** Confirms the plan's data loss (`--accept-data-loss`); without it such a plan is refused. */
  readonly acceptDataLoss?: boolean
  readonly onProgress?: (step: SyncProgress) => void
}

/** What an apply did. */
export interface SyncResult {
  /** Statements run; 0 when the database was already in step. */
  readonly applied: number
  readonly statements: readonly PlannedStep[]
  /** The data loss that was accepted. */
  readonly dataLoss: readonly DataLossItem[]
}
