import { formatDuration, type ValueInfo } from '../../query/index.js'
import type { Dialect, SqlRow } from '../driver/driver.js'

/**
 * Result columns that need converting into the kernel encoding: SQLite returns booleans as
 * 0/1, a computed zero may come back negative, and durations are computed in milliseconds. Everything else already arrives in the
 * kernel encoding (the drivers parse bigint, numeric, timestamptz and date).
 */
export interface RowDecoder {
  readonly booleans: readonly string[]
  readonly numbers: readonly string[]
  /** Duration columns: milliseconds from SQL, ISO 8601 text in results. */
  readonly durations: readonly string[]
}

/** Columns whose names start with `$` carry keys between statements and are removed. */
export const HIDDEN_PREFIX = '$'

/** The decoder for a statement's columns and their types. */
export function rowDecoder(columns: readonly { readonly name: string; readonly info: ValueInfo }[], dialect: Dialect): RowDecoder {
  return {
    booleans: dialect === 'sqlite' ? columns.filter((c) => c.info.type === 'Boolean').map((c) => c.name) : [],
    numbers: columns.filter((c) => c.info.type === 'Decimal' || c.info.type === 'Double').map((c) => c.name),
    durations: columns.filter((c) => c.info.type === 'Duration').map((c) => c.name),
  }
}

/** Converts rows in place and returns them. */
export function decodeRows(rows: SqlRow[], decoder: RowDecoder): SqlRow[] {
  if (decoder.booleans.length === 0 && decoder.numbers.length === 0 && decoder.durations.length === 0) return rows
  for (const row of rows) {
    for (const name of decoder.booleans) {
      const v = row[name]
      if (v !== null && v !== undefined) row[name] = v === 1 || v === true
    }
    for (const name of decoder.numbers) if (row[name] === 0) row[name] = 0
    for (const name of decoder.durations) {
      const v = row[name]
      if (v !== null && v !== undefined) row[name] = formatDuration(Number(v))
    }
  }
  return rows
}

/** Removes the `$…` key columns from rows (and the rows nested in them) once expands are attached. */
export function stripHidden(rows: readonly SqlRow[]): void {
  for (const row of rows) {
    for (const key of Object.keys(row)) if (key.startsWith(HIDDEN_PREFIX)) delete row[key]
  }
}
