import type { ExportOptions } from './import-options.js'
import type { Row } from './import-record.js'

const BATCH = 256

/** The text of one export: what comes before the rows, a batch of rows, what comes after. */
export interface ExportFormat {
  readonly head: string
  rows(batch: readonly Row[], first: number): string
  readonly tail: string
}

/**
 * Streams an export in batches of rows, so output is produced as rows arrive and memory
 * holds one batch. `encode` turns each text into the output encoding.
 */
export async function* exportStream(
  rows: AsyncIterable<Row> | Iterable<Row>,
  format: ExportFormat,
  encode: (text: string) => string | Uint8Array,
  options: ExportOptions = {},
): AsyncGenerator<string | Uint8Array> {
  if (format.head !== '') yield encode(format.head)
  let batch: Row[] = []
  let count = 0
  for await (const row of rows) {
    batch.push(row)
    if (batch.length === BATCH) {
      options.signal?.throwIfAborted()
      yield encode(format.rows(batch, count))
      count += batch.length
      batch = []
    }
  }
  if (batch.length > 0) yield encode(format.rows(batch, count))
  if (format.tail !== '') yield encode(format.tail)
}
