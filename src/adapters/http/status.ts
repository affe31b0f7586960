import type { ErrorCategory } from '../../errors/index.js'

/** The HTTP status of each error category: the one place categories become statuses. */
export const STATUS_OF_CATEGORY: Readonly<Record<ErrorCategory, number>> = Object.freeze({
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  precondition: 412,
  'too-large': 413,
  unavailable: 503,
  internal: 500,
})

/** Refusals of well-formed requests by the model's rules or a flow's checks: 422. */
const UNPROCESSABLE = new Set(['KERNEL_VALIDATION', 'KERNEL_REFERENCE_NOT_FOUND', 'OPERATION_BODY_INVALID', 'FLOW_VALIDATION_FAILED', 'FLOW_FAILED', 'FLOW_RECORD_INVALID'])

/** Validation failures of well-formed requests are 422; everything else follows the category. */
export function statusOf(category: ErrorCategory, code: string): number {
  if (UNPROCESSABLE.has(code)) return 422
  if (category === 'too-large' && code.startsWith('QUERY_')) return 400
  return STATUS_OF_CATEGORY[category]
}
