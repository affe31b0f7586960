import type { DeclarationPath } from '../flow-declaration.js'

/** Codes of the flow checker rules (docs/diagnostics.md, PF3xx). */
export type FlowRuleCode =
  | 'PF301'
  | 'PF302'
  | 'PF303'
  | 'PF304'
  | 'PF305'
  | 'PF306'
  | 'PF307'
  | 'PF308'
  | 'PF309'
  | 'PF310'
  | 'PF311'
  | 'PF312'
  | 'PF313'
  | 'PF314'

/**
 * One problem found while analysing a flow, before it becomes a diagnostic: the rule it
 * belongs to, the place in the declaration, and (inside an expression) the character offset.
 */
export interface Finding {
  readonly code: FlowRuleCode
  readonly at: DeclarationPath
  /** Offset in the expression text at `at`. */
  readonly offset?: number
  /** Point at the key of `at` instead of its value. */
  readonly key?: boolean
  readonly message: string
}
