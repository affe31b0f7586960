/** The thin layer under the store: run SQL text with parameters, in or out of a transaction. */

export type Dialect = 'sqlite' | 'postgres'

export type SqlRow = Record<string, unknown>

export interface SqlResult {
  readonly rows: SqlRow[]
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  readonly changes: number
}

/** How one statement is run. */
export interface ExecuteOptions {
  /**
   * False for a statement whose best plan depends on its parameters: PostgreSQL then plans
   * each call with the values given, instead of settling on a generic plan that it keeps
   * for the connection. A key list of thousands against a table that was empty when the
   * generic plan was made, and grows in the same transaction, would otherwise be matched
   * by a sequential scan per statement. True (the default) prepares the statement once.
   */
  readonly reusePlan?: boolean
}

export interface SqlExecutor {
  readonly dialect: Dialect
  /** Runs one statement; parameters are always bound, never spliced into the text. */
  execute(sql: string, params?: readonly unknown[], options?: ExecuteOptions): Promise<SqlResult>
  /**
   * Runs one statement once per parameter list, in order, and returns each result. On
   * SQLite this is one synchronous loop over a prepared statement, the fastest way to
   * write many rows; elsewhere it is the same as calling `execute` in turn.
   */
  executeMany(sql: string, paramLists: readonly (readonly unknown[])[]): Promise<SqlResult[]>
}

export interface TransactionOptions {
  /** Serializable isolation where the database offers it (PostgreSQL). */
  readonly serializable?: boolean
}

export interface SqlDriver extends SqlExecutor {
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Statements on `tx` see the transaction's own writes; statements on the driver itself
   * see only committed data.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** Resolves when the database answers. */
  ping(): Promise<void>
  close(): Promise<void>
  /** A description safe to print (no password). */
  readonly description: string
}
