import type { ModelIndex } from '../model/index.js'
import type { ExpandItem } from '../query/index.js'
import type { MappingLevel } from './compile-object-reader.js'
import { compileObjectWriter } from './compile-object-writer.js'
import { compileCsvImport } from './csv-import.js'
import { compileCsvWriter } from './csv-export.js'
import { csvLayout } from './csv-layout.js'
import { mappingErrors } from './errors.js'
import { exportExpand } from './export-expand.js'
import { exportStream, type ExportFormat } from './export-stream.js'
import type { ExportOptions, ImportOptions } from './import-options.js'
import type { ImportRecord, Row } from './import-record.js'
import { compileJsonImport, type KindImport } from './json-import.js'
import { compileJsonWriter } from './json-export.js'
import type { MappingDeclaration, MappingDirection, MappingKind } from './mapping-declaration.js'
import { encodeOutput } from './text-output.js'
import type { MappingInput } from './text-input.js'
import { compileXmlImport } from './xml-import.js'
import { compileXmlWriter } from './xml-export.js'

/** A mapping compiled once at load: closures per field, nothing interpreted per record. */
export interface CompiledMapping {
  /** `Module.Name`. */
  readonly name: string
  readonly kind: MappingKind
  readonly direction: MappingDirection
  /** Qualified root entity. */
  readonly entity: string
  readonly declaration: MappingDeclaration
  /** Associations the rows given to `export` must have expanded (lookups, nested fields). */
  readonly expand: readonly ExpandItem[]
  /** Reads records one at a time in constant memory; bad values come as `ok: false` records. */
  import(input: MappingInput, options?: ImportOptions): AsyncIterable<ImportRecord>
  /**
   * The same records in batches as the input arrives (a chunk of a stream, a slice of an
   * array in memory): one wait per batch rather than per record, for bulk readers.
   */
  importBatches(input: MappingInput, options?: ImportOptions): AsyncIterable<readonly ImportRecord[]>
  /** Reads a body that holds exactly one record (a request or response body). */
  importOne(input: string | Uint8Array): ImportRecord
  /** Writes rows as a stream of text (bytes for a non-UTF-8 CSV encoding). */
  export(rows: AsyncIterable<Row> | Iterable<Row>, options?: ExportOptions): AsyncIterable<string | Uint8Array>
  /** One row as a whole body (a JSON object, an XML document, a CSV header and line). */
  exportOne(row: Row): string
}

export function compileMapping(declaration: MappingDeclaration, root: MappingLevel, index: ModelIndex): CompiledMapping {
  const { kind, direction } = declaration
  const name = `${declaration.module}.${declaration.name}`
  const reading = direction !== 'export' ? compileImport(declaration, root, index) : undefined
  const format = direction !== 'import' ? compileExport(declaration, root, index) : undefined
  const wrong = (asked: string) =>
    mappingErrors.create('MAPPING_WRONG_DIRECTION', `mapping ${name} is ${direction}-only; it cannot ${asked}`, { target: name })
  const encoding = kind === 'csv' ? declaration.csv.encoding : 'utf-8'
  return Object.freeze({
    name,
    kind,
    direction,
    entity: declaration.entity,
    declaration,
    expand: Object.freeze(exportExpand(root.fields)),
    import(input: MappingInput, options?: ImportOptions) {
      if (!reading) throw wrong('import')
      return eachRecord(reading.batches(input, options))
    },
    importBatches(input: MappingInput, options?: ImportOptions) {
      if (!reading) throw wrong('import')
      return reading.batches(input, options)
    },
    importOne(input: string | Uint8Array) {
      if (!reading) throw wrong('import')
      return reading.one(input)
    },
    export(rows: AsyncIterable<Row> | Iterable<Row>, options?: ExportOptions) {
      if (!format) throw wrong('export')
      return exportStream(rows, format.stream, (text) => encodeOutput(text, encoding), options)
    },
    exportOne(row: Row) {
      if (!format) throw wrong('export')
      return format.one(row)
    },
  })
}

async function* eachRecord(batches: AsyncIterable<readonly ImportRecord[]>): AsyncGenerator<ImportRecord> {
  for await (const batch of batches) yield* batch
}

function compileImport(d: MappingDeclaration, root: MappingLevel, index: ModelIndex): KindImport {
  if (d.kind === 'csv') return compileCsvImport(root, d.fields, d.csv, index)
  if (d.kind === 'xml') return compileXmlImport(root, d.xml, index)
  return compileJsonImport(root, index)
}

function compileExport(d: MappingDeclaration, root: MappingLevel, index: ModelIndex): { stream: ExportFormat; one(row: Row): string } {
  const steps = compileObjectWriter(root, d.kind !== 'json', index)
  const entity = d.entity
  if (d.kind === 'csv') {
    const writer = compileCsvWriter(steps, csvLayout(d.fields, d.csv), d.csv, entity)
    return {
      stream: { head: writer.header(), rows: (batch, first) => writer.lines(batch, first), tail: '' },
      one: (row) => writer.header() + writer.lines([row], 0),
    }
  }
  if (d.kind === 'xml') {
    const writer = compileXmlWriter(steps, d.xml, entity)
    return {
      stream: { head: writer.open(), rows: (batch, first) => batch.map((r, i) => writer.record(r, first + i)).join(''), tail: writer.close() + '\n' },
      one: (row) => writer.open() + writer.record(row, 0) + writer.close() + '\n',
    }
  }
  const write = compileJsonWriter(steps)
  const json = (row: Row, i: number) => JSON.stringify(write(row, `${entity}[${i}]`))
  const stream: ExportFormat = d.json.lines
    ? { head: '', rows: (batch, first) => batch.map((r, i) => json(r, first + i) + '\n').join(''), tail: '' }
    : { head: '[', rows: (batch, first) => (first === 0 ? '' : ',') + batch.map((r, i) => json(r, first + i)).join(','), tail: ']\n' }
  return { stream, one: (row) => json(row, 0) }
}
