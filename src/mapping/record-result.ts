import type { ImportError, ImportRecord, ImportedObject, RecordPosition } from './import-record.js'
import type { ObjectReader } from './compile-object-reader.js'

/** Runs a level's reader on one record node and wraps the outcome with its position. */
export type RecordReader<N> = (node: N, base: string, position: RecordPosition) => ImportRecord

/**
 * A record reader around a level's object reader. It reuses one error list across records
 * (copied only when a record fails), since most records of a large input are good.
 */
export function recordReader<N>(read: ObjectReader<N>): RecordReader<N> {
  const errors: ImportError[] = []
  return (node, base, position) => {
    errors.length = 0
    const object = read(node, base, errors)
    return object && errors.length === 0 ? goodRecord(position, object) : { ok: false, position, errors: errors.slice() }
  }
}

/**
 * The objects made for every record (the record, its position, the object read) start as an
 * empty object filled member by member, not as an object literal with members. V8 watches
 * every such literal in the code: when most objects made by one outlive a minor GC, as the
 * records of a batch waiting for the database do, it makes all later ones directly in the
 * old generation, where, once dead, they keep what they point to alive until a full GC. An
 * import of 100,000 records then spends more time in GC than in reading them.
 */
function goodRecord(position: RecordPosition, object: ImportedObject): ImportRecord {
  const record: { ok?: true; position?: RecordPosition; object?: ImportedObject } = {}
  record.ok = true
  record.position = position
  record.object = object
  return record as ImportRecord
}

/** Where a record sits: the members given, in this order, made as `goodRecord` explains. */
export function recordPosition(record: number, line: number | undefined, path: string | undefined): RecordPosition {
  const position: { line?: number; path?: string; record?: number } = {}
  if (line !== undefined) position.line = line
  if (path !== undefined) position.path = path
  position.record = record
  return position as RecordPosition
}

/** A record that could not be read at all (bad syntax, not an object, wrong cell count). */
export function failedRecord(position: RecordPosition, error: ImportError): ImportRecord {
  return { ok: false, position, errors: [error] }
}
