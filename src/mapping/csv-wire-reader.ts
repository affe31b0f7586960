import type { CsvLayout } from './csv-layout.js'
import type { NodesAccess, ScalarAccess, WireReader } from './wire-reader.js'

/** A CSV row with the cell index of each layout column for its input. */
export interface CsvRecord {
  readonly cells: readonly string[]
  readonly at: readonly number[]
}

/** The CSV wire: text cells by column; CSV has no nesting. */
export function csvWireReader(layout: CsvLayout): WireReader<CsvRecord> {
  return {
    text: true,
    scalar(location): ScalarAccess<CsvRecord> {
      const label = typeof location === 'number' ? `#${location}` : location
      const k = layout.columns.findIndex((c) => c.label === label)
      return {
        get: (row) => {
          const i = row.at[k] as number
          return i < 0 ? undefined : row.cells[i]
        },
        path: () => label,
      }
    },
    nodes(): NodesAccess<CsvRecord> {
      throw new Error('CSV mappings have no nested fields')
    },
  }
}
