import { createHash } from 'node:crypto'
import { odataErrors } from '../odata-errors.js'

/**
 * What a `$deltatoken` carries: the change-log horizon the client's data stands at (`from`);
 * on the later pages of one delta also the horizon the delta reaches (`to`) and the last
 * object id served (`after`). Opaque to clients: base64url JSON followed by a checksum over
 * it, the entity set and the defining query, so a tampered token or one used with other
 * query options is refused rather than answered with a wrong delta.
 */
export interface DeltaToken {
  readonly from: string
  readonly to?: string
  readonly after?: number
}

export function encodeDeltaToken(token: DeltaToken, defining: string): string {
  const body = Buffer.from(JSON.stringify(token), 'utf8').toString('base64url')
  return `${body}.${checksum(body, defining)}`
}

/** @throws ODATA_BAD_DELTATOKEN when the token was not issued for this set and defining query. */
export function decodeDeltaToken(text: string, defining: string): DeltaToken {
  const [body = '', sum, extra] = text.split('.')
  if (extra === undefined && sum === checksum(body, defining)) {
    try {
      const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
      if (isToken(value)) return value
    } catch {
      // reported below
    }
  }
  throw odataErrors.create('ODATA_BAD_DELTATOKEN', '$deltatoken: not a token this service issued for this entity set and query; follow @odata.deltaLink as given', {
    target: '$deltatoken',
  })
}

function checksum(body: string, defining: string): string {
  return createHash('sha256').update(`${body}\n${defining}`).digest('base64url').slice(0, 16)
}

function isToken(value: unknown): value is DeltaToken {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  return typeof v.from === 'string' && (v.to === undefined || typeof v.to === 'string') && (v.after === undefined || (typeof v.after === 'number' && Number.isSafeInteger(v.after) && v.after >= 0))
}
