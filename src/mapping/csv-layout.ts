import { mappingErrors } from './errors.js'
import type { CsvOptions, FieldDeclaration } from './mapping-declaration.js'

/** A column the mapping reads or writes: by header name or by 1-based position. */
export interface CsvColumn {
  readonly label: string
  readonly name?: string
  readonly position?: number
  readonly required: boolean
}

/** A layout bound to one input: where each column's cell is, and the row length it expects. */
export interface BoundLayout {
  /** Cell index of each layout column; -1 when the input does not have it. */
  readonly at: readonly number[]
  accepts(cells: number): boolean
  readonly expected: string
}

export interface CsvLayout {
  readonly columns: readonly CsvColumn[]
  /** Binds to the header row (or to positions when the mapping has no header). */
  bind(header: readonly string[] | undefined): BoundLayout
}

/** The layout of a CSV mapping: its distinct columns in field order (CONTRACT-RULES G9, P7). */
export function csvLayout(fields: readonly FieldDeclaration[], options: CsvOptions): CsvLayout {
  const columns: CsvColumn[] = []
  for (const f of fields) {
    const label = typeof f.location === 'number' ? `#${f.location}` : f.location
    const existing = columns.findIndex((c) => c.label === label)
    const column: CsvColumn = typeof f.location === 'number' ? { label, position: f.location, required: f.required } : { label, name: f.location, required: f.required }
    if (existing < 0) columns.push(column)
    else if (f.required) columns[existing] = column
  }
  const width = Math.max(0, ...columns.map((c) => c.position ?? 0))
  return {
    columns,
    bind: (header) => (header === undefined || columns.every((c) => c.position !== undefined) ? byPosition(columns, width, options, header) : byName(columns, header, options)),
  }
}

function byPosition(columns: readonly CsvColumn[], width: number, options: CsvOptions, header: readonly string[] | undefined): BoundLayout {
  const at = columns.map((c) => (c.position ?? 0) - 1)
  if (header && options.match === 'exact' && header.length !== width) {
    throw mismatch(`the header has ${header.length} columns; the mapping has ${width}`)
  }
  const count = header?.length
  switch (options.match) {
    case 'exact':
      return { at, accepts: (n) => n === (count ?? width), expected: `${count ?? width} cells` }
    case 'subset':
      return { at, accepts: (n) => n >= width, expected: `at least ${width} cells` }
    case 'superset':
      return { at, accepts: (n) => n <= width && n > 0, expected: `at most ${width} cells` }
  }
}

function byName(columns: readonly CsvColumn[], header: readonly string[], options: CsvOptions): BoundLayout {
  const names = header.map((h) => h.trim())
  const twice = names.filter((n, i) => names.indexOf(n) !== i)
  if (twice.length > 0) throw mismatch(`the header names ${[...new Set(twice)].join(', ')} more than once`)
  const expected = columns.map((c) => c.name ?? c.label)
  const missing = columns.filter((c) => !names.includes(c.name ?? '') && (options.match !== 'superset' || c.required)).map((c) => c.label)
  const unknown = names.filter((n) => !expected.includes(n))
  if (missing.length > 0) throw mismatch(`the header lacks ${missing.join(', ')}`)
  if (unknown.length > 0 && options.match !== 'subset') throw mismatch(`the header has columns the mapping does not know: ${unknown.join(', ')}`)
  if (options.match === 'exact' && names.join('\u0000') !== expected.join('\u0000')) {
    throw mismatch(`the columns are not in the mapping's order (${expected.join(', ')}); found ${names.join(', ')}`)
  }
  return {
    at: columns.map((c) => names.indexOf(c.name ?? '')),
    accepts: (n) => n === names.length,
    expected: `${names.length} cells, as the header`,
  }
}

function mismatch(reason: string): Error {
  return mappingErrors.create('MAPPING_HEADER_MISMATCH', `CSV header, line 1: ${reason}`, { target: 'line 1' })
}
