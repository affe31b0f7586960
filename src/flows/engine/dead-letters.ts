import { flowErrors } from '../errors.js'
import { deserializeInput } from './flow-input.js'
import type { DeadLetter, DeadLetterStatus } from './flow-port.js'
import type { FlowResult, TriggerInfo } from './flow-result.js'
import type { FlowRuns } from './flow-runs.js'

/** What `portico dead-letters` does. */
export interface DeadLetterOperations {
  list(options?: { readonly status?: DeadLetterStatus | 'all'; readonly flow?: string; readonly limit?: number }): Promise<DeadLetter[]>
  /** The dead letter, or FLOW_DEAD_LETTER_UNKNOWN. */
  show(id: number): Promise<DeadLetter>
  /**
   * Runs a dead letter's flow once more with its payload. Only an open dead letter runs, and
   * it is marked retried first, so a second retry of the same id does nothing
   * (`already: 'retried'`). A failure is kept as a new dead letter pointing at this one.
   */
  retry(id: number): Promise<{ readonly letter: DeadLetter; readonly result?: FlowResult; readonly already?: DeadLetterStatus }>
  /** Marks an open dead letter discarded; `already` when it was settled before. */
  discard(id: number): Promise<{ readonly letter: DeadLetter; readonly already?: DeadLetterStatus }>
}

export function deadLetterOperations(runs: FlowRuns): DeadLetterOperations {
  const store = runs.options.store
  const show = async (id: number): Promise<DeadLetter> => {
    const letter = await store.getDeadLetter(id)
    if (!letter) throw flowErrors.create('FLOW_DEAD_LETTER_UNKNOWN', `no dead letter ${id}`, { target: String(id) })
    return letter
  }
  return {
    list: (options = {}) => {
      const status = options.status === 'all' ? undefined : (options.status ?? 'open')
      return store.listDeadLetters({ limit: options.limit ?? 100, ...(status ? { status } : {}), ...(options.flow ? { flow: options.flow } : {}) })
    },
    show,
    async retry(id) {
      const current = await show(id)
      const letter = await store.settleDeadLetter(id, 'retried', runs.options.clock().toISOString())
      if (!letter) return { letter: current, already: current.status }
      const flow = runs.find(letter.flow)
      const trigger: TriggerInfo = { kind: 'dead-letter', id, original: JSON.parse(letter.trigger) as TriggerInfo }
      const result = await runs.runOnce(flow, deserializeInput(letter.payload), trigger)
      return { letter, result }
    },
    async discard(id) {
      const current = await show(id)
      const letter = await store.settleDeadLetter(id, 'discarded', runs.options.clock().toISOString())
      return letter ? { letter } : { letter: current, already: current.status }
    },
  }
}
