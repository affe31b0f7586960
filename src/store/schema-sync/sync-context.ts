import type { DatabaseState } from './database-state.js'
import type { SchemaMatch } from './match-schema.js'
import type { PlanDraft } from './plan-draft.js'
import type { ColumnSnapshot } from './schema-snapshot.js'
import type { TableOf } from './snapshot-ddl.js'

/** Everything the change planners share while one plan is built. */
export interface SyncContext {
  readonly draft: PlanDraft
  readonly state: DatabaseState
  readonly match: SchemaMatch
  /** Target table of a qualified entity name. */
  readonly tableOf: TableOf
  /** Tables (by new name) a SQLite plan rebuilds: their indexes are recreated and their columns altered by the rebuild. */
  readonly rebuilt: ReadonlySet<string>
  /** Every table the recorded snapshot knows, junction tables included. */
  readonly oldTables: ReadonlySet<string>
}

/** True when a name is taken by a table Portico never created (nor is about to free). */
export function takenByOthers(ctx: SyncContext, name: string): boolean {
  return ctx.state.relations.has(name) && !ctx.oldTables.has(name)
}

/** `Sales.Order.total` style label for messages. */
export function memberLabel(entity: string, member: string): string {
  return `${entity}.${member}`
}

/** How a fallback value reads in a message. */
export function fallbackText(c: ColumnSnapshot): string {
  return c.default === undefined || c.default === null ? 'NULL' : `the default ${JSON.stringify(c.default)}`
}

/** `1 row`, `3 rows`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
