import type { Literal } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'

/**
 * What a `$skiptoken` carries: the keyset cursor of the last row served (its sort-key values
 * followed by its id), or for aggregated results the number of groups already served, and
 * how many rows `$top` still allows. Opaque to clients: base64url JSON.
 */
export interface SkipToken {
  /** `$all`: the entity set the next page starts in (at `after`, or at its start). */
  readonly set?: string
  readonly after?: readonly Literal[]
  readonly skip?: number
  /** Rows still allowed by the client's `$top`; absent when it gave none. */
  readonly remaining?: number
  /** Under `Prefer: odata.track-changes`: the change-log horizon taken before the first page, for the delta link of the last. */
  readonly delta?: string
}

export function encodeSkipToken(token: SkipToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url')
}

export function decodeSkipToken(text: string): SkipToken {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (isToken(value)) return value
  } catch {
    // reported below
  }
  throw odataErrors.create('ODATA_BAD_SKIPTOKEN', '$skiptoken: not a token this service issued; follow @odata.nextLink as given', { target: '$skiptoken' })
}

function isToken(value: unknown): value is SkipToken {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  const literal = (x: unknown) => x === null || ['string', 'number', 'boolean'].includes(typeof x)
  const count = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)
  return (v.set === undefined || typeof v.set === 'string') && (v.after === undefined || (Array.isArray(v.after) && v.after.every(literal))) && count(v.skip) && count(v.remaining) && (v.delta === undefined || typeof v.delta === 'string')
}
