import { isPorticoError, type PorticoError } from '../../errors/index.js'
import { storeErrors } from '../errors.js'

/** Maps a pg error (its SQLSTATE `code`) to the store catalogue. */
export function translatePostgresError(error: unknown): PorticoError {
  if (isPorticoError(error)) return error
  const e = error as { code?: string; message?: string; constraint?: string; column?: string; detail?: string }
  const code = e.code ?? ''
  const message = e.message ?? String(error)
  const options = { cause: error, ...(e.constraint ? { target: e.constraint } : {}) }
  if (code === '23505') return storeErrors.create('STORE_UNIQUE_VIOLATION', `value already taken${e.detail ? ` (${e.detail})` : ''}`, options)
  if (code === '23503') {
    return storeErrors.create('STORE_REFERENCE_VIOLATION', 'a reference points to a missing object or is still in use', options)
  }
  if (code === '23502') return storeErrors.create('STORE_NOT_NULL_VIOLATION', `required value missing (${e.column ?? 'column'})`, options)
  if (code === '40001' || code === '40P01') return storeErrors.create('STORE_SERIALIZATION_FAILURE', message, options)
  if (code.startsWith('22')) return storeErrors.create('STORE_DATA_EXCEPTION', message, options)
  if (code.startsWith('08') || code === '57P01' || code === '57P03' || ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'].includes(code)) {
    return storeErrors.create('STORE_UNAVAILABLE', `database unavailable: ${message}`, options)
  }
  if (error instanceof RangeError) return storeErrors.create('STORE_DATA_EXCEPTION', message, options)
  return storeErrors.create('STORE_FAILURE', `database error: ${message}`, options)
}
