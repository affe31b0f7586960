/**
 * The batch an import is writing while it reads the next: one write at a time, in order. A
 * failure is kept (so no rejection goes unhandled while the reading goes on) and thrown where
 * the import next waits for the writing: before any later batch starts, and before any error
 * of the reading, which concerns later records.
 */
export class WriteQueue {
  private last: Promise<void> = Promise.resolve()
  private failure: { readonly error: unknown } | undefined

  get failed(): boolean {
    return this.failure !== undefined
  }

  /** Waits for the batch being written, then starts `write` without waiting for it. */
  async enqueue(write: () => Promise<void>): Promise<void> {
    await this.settled()
    this.last = write().catch((error: unknown) => {
      this.failure = { error }
    })
  }

  /** Waits for the batch being written, and throws its failure if it failed. */
  async settled(): Promise<void> {
    await this.last
    if (this.failure) throw this.failure.error
  }
}
