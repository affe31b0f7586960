import type { Row } from '../store/index.js'

/** A validated write: column values plus the reference sets to store beside them. */
export interface PreparedWrite {
  readonly row: Row
  readonly sets: ReadonlyMap<string, readonly number[]>
}

/**
 * A prepared write, made member by member rather than as an object literal, like every object
 * a bulk write makes per row. V8 watches each object literal in the code: once most objects
 * made by one outlive a minor GC (rows waiting for the database do), it makes all later ones
 * directly in the old generation, where dead ones keep what they point to alive until a full
 * GC. Objects made empty and then filled are not watched.
 */
export function preparedWrite(row: Row, sets: ReadonlyMap<string, readonly number[]>): PreparedWrite {
  const write: { row?: Row; sets?: ReadonlyMap<string, readonly number[]> } = {}
  write.row = row
  write.sets = sets
  return write as PreparedWrite
}
