/**
 * The one error type every layer throws. Each layer owns a catalogue of codes
 * (see `defineCatalogue`); only protocol adapters turn a category into a wire
 * status or fault.
 */

/** What kind of failure this is; adapters map categories to HTTP statuses, SOAP faults, nacks. */
export type ErrorCategory =
  | 'invalid' // the caller sent something malformed or not allowed (400/422)
  | 'unauthenticated' // no or bad credentials (401)
  | 'forbidden' // credentials fine, not allowed (403)
  | 'not-found' // the addressed thing does not exist (404)
  | 'conflict' // a uniqueness or reference rule or a concurrent change (409)
  | 'precondition' // an If-Match style precondition failed (412)
  | 'too-large' // a configured size or count limit was exceeded (413 / 400)
  | 'unavailable' // a dependency (database, broker) cannot be reached (503)
  | 'internal' // a defect or an unexpected failure (500)

/** One field-level detail, used by validation errors. */
export interface ErrorDetail {
  readonly code: string
  /** Path of the offending value, e.g. `lines[2].quantity`. */
  readonly path: string
  /** The rule that failed, e.g. `required`, `maxLength`, `min`. */
  readonly rule: string
  readonly message: string
}

export interface ErrorEntry {
  readonly category: ErrorCategory
  /** One line for docs/errors.md: when this error happens. */
  readonly description: string
}

export interface PorticoErrorOptions {
  readonly cause?: unknown
  readonly details?: readonly ErrorDetail[]
  /** Where in the request or model the error points (a property name, a path, a position). */
  readonly target?: string
}

export class PorticoError extends Error {
  readonly code: string
  readonly category: ErrorCategory
  readonly details: readonly ErrorDetail[]
  readonly target: string | undefined

  constructor(code: string, category: ErrorCategory, message: string, options: PorticoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'PorticoError'
    this.code = code
    this.category = category
    this.details = options.details ?? []
    this.target = options.target
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.target === undefined ? {} : { target: this.target }),
      ...(this.details.length === 0 ? {} : { details: this.details }),
    }
  }
}

/** A layer's catalogue: code → category and description, plus a typed constructor. */
export interface Catalogue<C extends string> {
  readonly layer: string
  readonly entries: Readonly<Record<C, ErrorEntry>>
  create(code: C, message: string, options?: PorticoErrorOptions): PorticoError
}

export function defineCatalogue<C extends string>(layer: string, entries: Record<C, ErrorEntry>): Catalogue<C> {
  const frozen = Object.freeze({ ...entries })
  return Object.freeze({
    layer,
    entries: frozen,
    create(code: C, message: string, options?: PorticoErrorOptions): PorticoError {
      return new PorticoError(code, frozen[code].category, message, options)
    },
  })
}

export function isPorticoError(error: unknown): error is PorticoError {
  return error instanceof PorticoError
}
