import { DEFAULT_LIMITS } from '../../query/index.js'
import type { ExpandPlan } from './compile-expand.js'
import { createPlanCache } from './plan-cache.js'
import { postgresDialect } from './postgres-dialect.js'
import type { Statement } from './compile-select.js'
import type { QueryEngine, QueryEngineOptions } from './query-engine.js'
import { runPlan } from './run-plan.js'
import { sqliteDialect } from './sqlite-dialect.js'

/**
 * The query engine of one model on one dialect: checks each query against the model and
 * the limits (nothing reaches the database before that), compiles it to parameterised SQL
 * (once per query shape), and runs it with its count and expand statements.
 */
export function createQueryEngine(options: QueryEngineOptions): QueryEngine {
  const dialect = options.dialect === 'sqlite' ? sqliteDialect : postgresDialect
  const limits = options.limits ?? DEFAULT_LIMITS
  const plan = createPlanCache(options.index, limits, { dialect, physical: options.physical })
  return {
    compile(query) {
      const { main } = plan(query)
      return { sql: main.sql, params: main.params }
    },
    statements(query) {
      const all = plan(query)
      return [all.main, ...(all.count ? [all.count] : []), ...all.expands.flatMap(expandStatements)]
    },
    async execute(executor, query) {
      return runPlan(executor, plan(query), dialect)
    },
  }
}

function expandStatements(plan: ExpandPlan): Statement[] {
  return [plan.statement, ...(plan.count ? [plan.count] : []), ...plan.expands.flatMap(expandStatements)]
}
