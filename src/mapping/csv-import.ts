import type { ModelIndex } from '../model/index.js'
import { compileObjectReader, type MappingLevel } from './compile-object-reader.js'
import { csvLayout, type BoundLayout, type CsvLayout } from './csv-layout.js'
import { createCsvRowReader, type CsvRow } from './csv-rows.js'
import { csvWireReader, type CsvRecord } from './csv-wire-reader.js'
import { mappingErrors } from './errors.js'
import { importError } from './import-error.js'
import { limitsOf } from './import-options.js'
import type { ImportRecord } from './import-record.js'
import type { KindImport } from './json-import.js'
import type { CsvOptions, FieldDeclaration } from './mapping-declaration.js'
import { failedRecord, recordPosition, recordReader, type RecordReader } from './record-result.js'
import { textChunks, wholeText } from './text-input.js'

type RowRecords = (row: CsvRow) => ImportRecord | undefined

/** Turns one input's rows into records; the first row binds the layout when there is a header. */
function rowRecords(layout: CsvLayout, header: boolean, read: RecordReader<CsvRecord>): RowRecords {
  let bound: BoundLayout | undefined = header ? undefined : layout.bind(undefined)
  let ordinal = 0
  return (row) => {
    if (row.cells.length === 1 && row.cells[0] === '') return undefined
    if (!bound) {
      bound = layout.bind(row.cells)
      return undefined
    }
    const position = recordPosition(++ordinal, row.line, undefined)
    if (!bound.accepts(row.cells.length)) {
      const message = `line ${row.line} has ${row.cells.length} cells; expected ${bound.expected}`
      return failedRecord(position, importError(`line ${row.line}`, row.cells.length, 'columns', message))
    }
    return read({ cells: row.cells, at: bound.at }, '', position)
  }
}

function recordsOf(rows: readonly CsvRow[], toRecord: RowRecords): ImportRecord[] {
  const records: ImportRecord[] = []
  for (const row of rows) {
    const record = toRecord(row)
    if (record) records.push(record)
  }
  return records
}

/** The import side of a CSV mapping: rows streamed through csv-parse, one record a row. */
export function compileCsvImport(level: MappingLevel, fields: readonly FieldDeclaration[], options: CsvOptions, index: ModelIndex): KindImport {
  const layout = csvLayout(fields, options)
  const read = recordReader(compileObjectReader(level, csvWireReader(layout), index))
  return {
    async *batches(input, importOptions) {
      const reader = createCsvRowReader(options, limitsOf(importOptions).maxRecordLength)
      const toRecord = rowRecords(layout, options.header, read)
      for await (const chunk of textChunks(input, options.encoding)) {
        importOptions?.signal?.throwIfAborted()
        const batch = recordsOf(reader.push(chunk), toRecord)
        if (batch.length > 0) yield batch
        const failure = reader.failure()
        if (failure) throw failure
      }
      const rest = recordsOf(reader.end(), toRecord)
      if (rest.length > 0) yield rest
      const failure = reader.failure()
      if (failure) throw failure
    },
    one(input) {
      const reader = createCsvRowReader(options, Number.MAX_SAFE_INTEGER)
      const toRecord = rowRecords(layout, options.header, read)
      const out = recordsOf([...reader.push(wholeText(input, options.encoding)), ...reader.end()], toRecord)
      const failure = reader.failure()
      if (failure) throw failure
      if (out.length !== 1) throw mappingErrors.create('MAPPING_NOT_ONE_RECORD', `the body has ${out.length} data rows; one was expected`)
      return out[0] as ImportRecord
    },
  }
}
