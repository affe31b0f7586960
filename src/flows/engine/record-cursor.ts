import type { ImportRecord } from '../../mapping/index.js'

/**
 * The records of an import, taken one at a time from the batches the mapping reads: without
 * a wait while a batch lasts, and across the transactions of an import (`commitEvery`), so
 * that what one transaction leaves of a batch is where the next one starts.
 */
export class RecordCursor {
  private batch: readonly ImportRecord[] = []
  private at = 0

  constructor(private readonly batches: AsyncIterator<readonly ImportRecord[]>) {}

  /** The next record read already; undefined when the batch is used up (`fill` reads another). */
  take(): ImportRecord | undefined {
    return this.at < this.batch.length ? this.batch[this.at++] : undefined
  }

  /** Reads the next batch; false when the input has ended. */
  async fill(): Promise<boolean> {
    const next = await this.batches.next()
    if (next.done) return false
    this.batch = next.value
    this.at = 0
    return true
  }
}
