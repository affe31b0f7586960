import { isPorticoError, type PorticoError } from '../../errors/index.js'
import { storeErrors } from '../errors.js'

/** Maps a better-sqlite3 error (its `code`, e.g. SQLITE_CONSTRAINT_UNIQUE) to the store catalogue. */
export function translateSqliteError(error: unknown): PorticoError {
  if (isPorticoError(error)) return error
  const code = String((error as { code?: unknown }).code ?? '')
  const message = (error as Error).message ?? String(error)
  const options = { cause: error }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const columns = /UNIQUE constraint failed: (.*)$/.exec(message)?.[1]
    return storeErrors.create('STORE_UNIQUE_VIOLATION', `value already taken${columns ? ` (${columns})` : ''}`, {
      ...options,
      ...(columns ? { target: columns } : {}),
    })
  }
  // ON DELETE RESTRICT reports itself as a trigger constraint.
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY/i.test(message))) {
    return storeErrors.create('STORE_REFERENCE_VIOLATION', 'a reference points to a missing object or is still in use', options)
  }
  if (code === 'SQLITE_CONSTRAINT_NOTNULL') {
    const column = /NOT NULL constraint failed: (.*)$/.exec(message)?.[1]
    return storeErrors.create('STORE_NOT_NULL_VIOLATION', `required value missing${column ? ` (${column})` : ''}`, options)
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return storeErrors.create('STORE_UNAVAILABLE', `database unavailable: ${message}`, options)
  }
  if (code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG' || code === 'SQLITE_RANGE') {
    return storeErrors.create('STORE_DATA_EXCEPTION', message, options)
  }
  return storeErrors.create('STORE_FAILURE', `database error: ${message}`, options)
}
