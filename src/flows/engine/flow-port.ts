/**
 * What the flow engine needs from the database besides the kernel: schedule ticks, runs
 * waiting for a retry, and dead letters. The runtime passes the store's implementation;
 * the engine never sees SQL. Times are ISO 8601 UTC text.
 */

/** A failed run waiting for its next attempt. */
export interface PendingRetry {
  readonly id: number
  readonly flow: string
  /** JSON of the trigger. */
  readonly trigger: string
  /** JSON of the input; null when it could not be kept. */
  readonly payload: string | null
  /** Attempts made so far. */
  readonly attempts: number
  readonly nextAt: string
  readonly lastError: string
}

export type DeadLetterStatus = 'open' | 'retried' | 'discarded'

/** A run that failed its last attempt: payload, error, attempts, flow and time. */
export interface DeadLetter {
  readonly id: number
  readonly flow: string
  readonly trigger: string
  readonly payload: string | null
  readonly errorCode: string
  readonly error: string
  readonly attempts: number
  readonly failedAt: string
  readonly status: DeadLetterStatus
  readonly settledAt: string | null
  /** The dead letter whose retry failed into this one. */
  readonly retryOf: number | null
}

export interface FlowStorePort {
  /** True for the first instance to fire this tick of the flow (a unique row); false for the others. */
  claimTick(flow: string, tick: string, instance: string, at: string): Promise<boolean>
  addRetry(retry: Omit<PendingRetry, 'id'> & { readonly at: string }): Promise<number>
  /** Due retries no live instance holds, now held by `instance` until `until`. */
  claimRetries(options: { readonly now: string; readonly until: string; readonly instance: string; readonly limit: number }): Promise<PendingRetry[]>
  deleteRetry(id: number): Promise<void>
  rescheduleRetry(id: number, next: { readonly attempts: number; readonly nextAt: string; readonly lastError: string }): Promise<void>
  /** Stores a dead letter and removes the retry it ends, in one transaction. */
  addDeadLetter(letter: Omit<DeadLetter, 'id' | 'status' | 'settledAt'>, options?: { readonly retryId?: number }): Promise<number>
  listDeadLetters(options: { readonly status?: DeadLetterStatus; readonly flow?: string; readonly limit: number }): Promise<DeadLetter[]>
  getDeadLetter(id: number): Promise<DeadLetter | undefined>
  /** Moves an open dead letter to `status`; undefined when it was not open. */
  settleDeadLetter(id: number, status: 'retried' | 'discarded', at: string): Promise<DeadLetter | undefined>
}
