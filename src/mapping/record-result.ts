import type { ImportError, ImportRecord, RecordPosition } from './import-record.js'
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
    return object && errors.length === 0 ? { ok: true, position, object } : { ok: false, position, errors: errors.slice() }
  }
}

/** A record that could not be read at all (bad syntax, not an object, wrong cell count). */
export function failedRecord(position: RecordPosition, error: ImportError): ImportRecord {
  return { ok: false, position, errors: [error] }
}
