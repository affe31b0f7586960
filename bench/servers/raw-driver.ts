/**
 * The driver alone, for hand-written bench baselines: better-sqlite3 with cached prepared
 * statements, or a pg pool with named (prepared) statements — what Portico's store uses.
 */
import Database from 'better-sqlite3'
import pg from 'pg'

export interface Raw {
  p(n: number): string
  /** A parameter with the type Portico's SQL gives it: `CAST($n AS type)` on PostgreSQL, `?` on SQLite. */
  typed(n: number, type: string): string
  all(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

export async function rawDriver(databaseUrl: string): Promise<Raw> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice('sqlite:'.length))
    db.pragma('journal_mode = WAL')
    const statements = new Map<string, Database.Statement>()
    return {
      p: () => '?',
      typed: () => '?',
      async all(sql, params) {
        let s = statements.get(sql)
        if (!s) statements.set(sql, (s = db.prepare(sql)))
        return s.all(...params) as Record<string, unknown>[]
      },
      close: async () => void db.close(),
    }
  }
  const parsed = new URL(databaseUrl)
  const schema = parsed.searchParams.get('schema')
  parsed.searchParams.delete('schema')
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) })
  const names = new Map<string, string>()
  return {
    p: (n) => `$${n}`,
    typed: (n, type) => `CAST($${n} AS ${type})`,
    async all(sql, params) {
      let name = names.get(sql)
      if (!name) names.set(sql, (name = `o${names.size}`))
      return (await pool.query({ name, text: sql, values: params })).rows
    },
    close: () => pool.end(),
  }
}
