import { stringify } from 'csv-stringify/sync'
import type { ExportStep, WireValue } from './compile-object-writer.js'
import type { CsvLayout } from './csv-layout.js'
import type { Row } from './import-record.js'
import type { CsvOptions } from './mapping-declaration.js'

/** Writes rows as CSV lines of the layout; free text that starts like a formula is escaped. */
export interface CsvWriter {
  /** The header line, or '' when the mapping has none. */
  header(): string
  lines(rows: readonly Row[], firstPath: number): string
}

const FORMULA = /^[=+\-@\t\r]/

/**
 * A cell a spreadsheet would run as a formula (`=cmd()`, `+1`, `@SUM`) gets a leading `'`,
 * as OWASP advises; csv-stringify does not do this itself. Only free text is escaped: a
 * negative number stays a number.
 */
export function escapeFormula(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text
}

export function compileCsvWriter(steps: readonly ExportStep[], layout: CsvLayout, options: CsvOptions, entity: string): CsvWriter {
  const width = layout.columns.some((c) => c.position !== undefined) ? Math.max(...layout.columns.map((c) => c.position ?? 0)) : layout.columns.length
  const cellOf = (location: string | number): number => {
    const label = typeof location === 'number' ? `#${location}` : location
    const column = layout.columns.find((c) => c.label === label)
    return column?.position !== undefined ? column.position - 1 : layout.columns.indexOf(column as (typeof layout.columns)[number])
  }
  const cells = steps.flatMap((s) => (s.kind === 'value' ? [{ step: s, at: cellOf(s.location) }] : []))
  const format = { delimiter: options.delimiter, quote: options.quote, escape: options.escape, record_delimiter: '\r\n', eof: true }
  const named = layout.columns.every((c) => c.name !== undefined)
  return {
    header: () => (options.header && named ? stringify([layout.columns.map((c) => escapeFormula(c.name ?? ''))], format) : ''),
    lines(rows, first) {
      const records = rows.map((row, r) => {
        const out: (WireValue | undefined)[] = new Array(width).fill('')
        for (const { step, at } of cells) {
          const v = step.read(row, `${entity}[${first + r}]`)
          out[at] = v === undefined || v === null ? '' : step.textual && typeof v === 'string' ? escapeFormula(v) : v
        }
        return out
      })
      return stringify(records, { ...format, cast: { boolean: (b) => String(b) } })
    },
  }
}
