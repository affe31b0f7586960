import type { ErrorCategory } from '../../errors/index.js'

/** Where a bad record sits and why it was refused. */
export interface SkippedRecord {
  /** 1-based ordinal in the input, with its line and wire path when known. */
  readonly record: number
  readonly line?: number
  readonly path?: string
  readonly reasons: readonly { readonly path: string; readonly rule: string; readonly message: string }[]
}

/** Counts of the records the run's imports read and wrote. */
export interface ImportCounts {
  readonly records: number
  readonly created: number
  readonly updated: number
  readonly ignored: number
  readonly skipped: number
}

/** What triggered a run; kept with retries and dead letters. */
export type TriggerInfo =
  | { readonly kind: 'manual'; readonly parameters?: Readonly<Record<string, unknown>> }
  | { readonly kind: 'operation'; readonly parameters?: Readonly<Record<string, unknown>> }
  | { readonly kind: 'schedule'; readonly tick: string }
  | { readonly kind: 'entity'; readonly event: 'created' | 'updated' | 'deleted'; readonly entity: string; readonly id: number; readonly previous?: unknown }
  | { readonly kind: 'message' | 'file'; readonly source?: string }
  | { readonly kind: 'dead-letter'; readonly id: number; readonly original: TriggerInfo }

/**
 * How a run ended. `retrying`: it failed, and the error policy scheduled another attempt;
 * `dead-lettered`: it failed its last attempt and was kept as a dead letter.
 */
export interface FlowResult {
  readonly flow: string
  readonly status: 'succeeded' | 'failed' | 'retrying' | 'dead-lettered'
  readonly attempt: number
  /** What a `return` step gave. */
  readonly output?: unknown
  readonly records?: ImportCounts
  /** Records skipped under `onRecordError: skip` (the first 1000). */
  readonly skipped: readonly SkippedRecord[]
  readonly error?: { readonly code: string; readonly category: ErrorCategory; readonly message: string; readonly details?: readonly unknown[] }
  readonly nextAttemptAt?: string
  readonly deadLetterId?: number
  readonly durationMs: number
}
