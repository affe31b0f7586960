import type { ModelIndex } from '../../model/index.js'
import type { CrossJoinQuery, Query, QueryLimits } from '../../query/index.js'
import type { Dialect, SqlExecutor } from '../driver/driver.js'
import type { Row } from '../entity-statements.js'
import type { PhysicalSchema } from '../physical-schema.js'

/** Suffix of the member that carries an expanded collection's count: `lines@count`. */
export { COUNT_SUFFIX } from '../../query/index.js'

export interface QueryResult {
  /**
   * Matching objects in the kernel encoding, keyed by member name. An expanded to-one
   * navigation is a nested row or null, an expanded to-many one an array of rows (with
   * `<name>@count` beside it when its count was asked for). Aggregated rows are keyed by
   * the groupBy paths joined with `/` and the aggregate aliases.
   */
  readonly rows: Row[]
  /** Total matching objects ignoring top/skip, when `count` was asked for. */
  readonly count?: number
}

export interface CompiledSql {
  readonly sql: string
  readonly params: readonly unknown[]
}

/** Turns query ASTs into parameterised SQL for one dialect and runs them. */
export interface QueryEngine {
  /**
   * Checks the query against the model and the limits, then runs it (and its expands). A
   * cross join's rows hold one object per member under the member's name.
   */
  execute(executor: SqlExecutor, query: Query | CrossJoinQuery): Promise<QueryResult>
  /** The main statement a query compiles to, for tests and `EXPLAIN`. */
  compile(query: Query | CrossJoinQuery): CompiledSql
  /**
   * Every statement the query may run: the main one, its count, and one per expand level
   * (their parent-id list is a bound parameter, shown as a symbol). For tests and audits.
   */
  statements(query: Query | CrossJoinQuery): CompiledSql[]
}

export interface QueryEngineOptions {
  readonly index: ModelIndex
  readonly physical: PhysicalSchema
  readonly dialect: Dialect
  readonly limits?: QueryLimits
}
