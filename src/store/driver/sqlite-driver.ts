import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { matchesCanonical } from '../../query/index.js'
import { translateSqliteError } from './sqlite-errors.js'
import type { SqlDriver, SqlExecutor, SqlResult, SqlRow } from './driver.js'

type Connection = Database.Database
type Statement = Database.Statement

const STATEMENT_CACHE = 1000

/**
 * SQLite through better-sqlite3. A file database gets two connections: a writer, used by
 * transactions one at a time, and a reader that sees only committed data (WAL mode), so a
 * long import does not block reads. An in-memory database has one connection, and every
 * statement waits for the running transaction.
 */
export function openSqlite(path: string): SqlDriver {
  const memory = path === ':memory:' || path === ''
  if (!memory) mkdirSync(dirname(path), { recursive: true })
  const writer = connect(memory ? ':memory:' : path, { wal: !memory })
  const reader = memory ? writer : connect(path, { wal: true })
  const writerStatements = new StatementCache(writer)
  const readerStatements = memory ? writerStatements : new StatementCache(reader)
  let queue: Promise<unknown> = Promise.resolve()
  let closed = false

  /** Runs `fn` after every earlier exclusive task; the writer is used by one task at a time. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  const writerExecutor: SqlExecutor = {
    dialect: 'sqlite',
    execute: async (sql, params = []) => run(writerStatements.get(sql), params),
    executeMany: async (sql, lists) => runMany(writerStatements.get(sql), lists),
  }

  return {
    dialect: 'sqlite',
    description: memory ? 'sqlite::memory:' : `sqlite:${path}`,
    async execute(sql, params = []) {
      const statement = readerStatements.get(sql)
      if (!memory && statement.readonly) return run(statement, params)
      return exclusive(async () => run(writerStatements.get(sql), params))
    },
    executeMany(sql, lists) {
      return exclusive(async () => runMany(writerStatements.get(sql), lists))
    },
    transaction(fn) {
      return exclusive(async () => {
        writerStatements.get('BEGIN IMMEDIATE').run()
        try {
          const result = await fn(writerExecutor)
          writerStatements.get('COMMIT').run()
          return result
        } catch (error) {
          if (writer.inTransaction) writerStatements.get('ROLLBACK').run()
          throw error
        }
      })
    },
    async ping() {
      reader.prepare('SELECT 1').get()
    },
    async close() {
      if (closed) return
      closed = true
      await queue
      if (reader !== writer) reader.close()
      writer.close()
    },
  }
}

function connect(path: string, options: { wal: boolean }): Connection {
  const db = new Database(path)
  if (options.wal) db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  db.pragma('synchronous = NORMAL')
  // OData's matchesPattern: the query checker hands over patterns in their canonical form.
  db.function('portico_matches', { deterministic: true }, (value: unknown, pattern: unknown) =>
    typeof value === 'string' && typeof pattern === 'string' ? (matchesCanonical(value, pattern) ? 1 : 0) : null,
  )
  return db
}

function run(statement: Statement, params: readonly unknown[]): SqlResult {
  try {
    const bound = bindAll(params)
    if (statement.reader) {
      const rows = statement.all(...bound) as SqlRow[]
      return { rows, changes: statement.readonly ? 0 : rows.length }
    }
    return { rows: [], changes: statement.run(...bound).changes }
  } catch (error) {
    throw translateSqliteError(error)
  }
}

function runMany(statement: Statement, lists: readonly (readonly unknown[])[]): SqlResult[] {
  const out: SqlResult[] = new Array(lists.length)
  const none: SqlRow[] = []
  try {
    const reader = statement.reader
    for (let i = 0; i < lists.length; i++) {
      const params = bindAll(lists[i] as readonly unknown[])
      out[i] = reader ? { rows: statement.all(...params) as SqlRow[], changes: 1 } : { rows: none, changes: statement.run(...params).changes }
    }
  } catch (error) {
    throw translateSqliteError(error)
  }
  return out
}

/** Binds a parameter list, copying it only when a value needs converting. */
function bindAll(params: readonly unknown[]): readonly unknown[] {
  for (let i = 0; i < params.length; i++) {
    const v = params[i]
    if (typeof v === 'boolean' || v instanceof Date || v === undefined) return params.map(bind)
  }
  return params
}

/** better-sqlite3 binds no booleans or Dates; the store's encoding is 1/0 and ISO text. */
function bind(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString()
  if (value === undefined) return null
  return value
}

/** Prepared statements by SQL text; preparing costs more than running a point query. */
class StatementCache {
  private readonly statements = new Map<string, Statement>()

  constructor(private readonly db: Connection) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (statement) return statement
    try {
      statement = this.db.prepare(sql)
    } catch (error) {
      throw translateSqliteError(error)
    }
    if (this.statements.size >= STATEMENT_CACHE) {
      const oldest = this.statements.keys().next().value
      if (oldest !== undefined) this.statements.delete(oldest)
    }
    this.statements.set(sql, statement)
    return statement
  }
}
