import { quoteIdent } from '../ddl.js'
import type { Dialect } from '../driver/driver.js'
import type { BlockedItem, PlannedStep } from './sync-plan.js'

/**
 * The order statements run in. Drops come before renames so a renamed table or column can
 * take a name that is being freed; creates come before alterations so new references find
 * their target tables; indexes come last, once every column they cover exists.
 */
export const PHASES = [
  'prepare',
  'dropConstraints',
  'dropJunctions',
  'dropColumns',
  'dropTables',
  'renameTables',
  'renameColumns',
  'renameConstraints',
  'createTables',
  'createForeignKeys',
  'createJunctions',
  'alterTables',
  'addForeignKeys',
  'createIndexes',
  'record',
] as const
/** One of `PHASES`. */
export type Phase = (typeof PHASES)[number]

/**
 * A question to ask the database before applying: how many rows a change would cost. A
 * positive count becomes a data-loss item (confirmable) or a blocked item (never applied).
 */
export interface Check {
  /** Returns one row with a column `n`. */
  readonly sql: string
  readonly outcome: 'dataLoss' | 'blocked'
  readonly table: string
  readonly column?: string
  /** For data loss: what would be lost. */
  readonly loss: string
  message(rows: number): string
}

/** The plan while it is being built: steps tagged with their phase, and the checks to run. */
export interface PlanDraft {
  readonly dialect: Dialect
  readonly steps: { readonly phase: Phase; readonly step: PlannedStep }[]
  readonly checks: Check[]
  /** Blocked items known without asking the database (a table name already taken). */
  readonly blocked: BlockedItem[]
}

/** An empty draft; planning fills it and throws it away. */
export function createDraft(dialect: Dialect): PlanDraft {
  return { dialect, steps: [], checks: [], blocked: [] }
}

/** Adds a statement to a phase; `destructive` defaults to false. */
export function addStep(draft: PlanDraft, phase: Phase, step: { sql: string; description: string; destructive?: boolean }): void {
  draft.steps.push({ phase, step: { sql: step.sql, description: step.description, destructive: step.destructive ?? false } })
}

/** The steps in phase order; within a phase, in the order they were added. */
export function orderedSteps(draft: PlanDraft): PlannedStep[] {
  const rank = new Map(PHASES.map((p, i) => [p, i]))
  return draft.steps
    .map((s, i) => ({ ...s, i }))
    .sort((a, b) => (rank.get(a.phase) ?? 0) - (rank.get(b.phase) ?? 0) || a.i - b.i)
    .map((s) => s.step)
}

/** `SELECT count(*)` over a table with a condition, as checks need it. */
export function countSql(table: string, where?: string): string {
  return `SELECT count(*) AS "n" FROM ${quoteIdent(table)}${where ? ` WHERE ${where}` : ''}`
}
