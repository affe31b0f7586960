import { resolve } from 'node:path'
import { storeErrors } from '../errors.js'
import type { SqlDriver } from './driver.js'
import { openPostgres } from './postgres-driver.js'
import { openSqlite } from './sqlite-driver.js'

/**
 * Opens a database by URL: `sqlite:<file>` (relative to `baseDir`), `sqlite::memory:`, or
 * `postgres://user:pass@host:port/db` with optional `?schema=<name>` and `?sslmode=require`.
 */
export function openDriver(url: string, options: { baseDir?: string } = {}): SqlDriver {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length)
    return openSqlite(path === ':memory:' || path === '' ? ':memory:' : resolve(options.baseDir ?? '.', path))
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch (error) {
      throw storeErrors.create('STORE_BAD_URL', 'the PostgreSQL URL cannot be parsed', { cause: error })
    }
    const schema = parsed.searchParams.get('schema') ?? undefined
    const sslmode = parsed.searchParams.get('sslmode')
    parsed.searchParams.delete('schema')
    parsed.searchParams.delete('sslmode')
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw storeErrors.create('STORE_BAD_URL', `schema '${schema}' must be a lower-case identifier ([a-z_][a-z0-9_]*)`)
    }
    const ssl = sslmode === 'require' || sslmode === 'verify-full' ? { rejectUnauthorized: true } : sslmode === 'no-verify' ? { rejectUnauthorized: false } : undefined
    return openPostgres({ url: parsed.toString(), ...(schema ? { schema } : {}), ...(ssl ? { ssl } : {}) })
  }
  throw storeErrors.create(
    'STORE_BAD_URL',
    `unsupported database URL '${url.replace(/\/\/[^@]*@/, '//***@')}': use sqlite:<file>, sqlite::memory: or postgres://user@host:port/db`,
  )
}
