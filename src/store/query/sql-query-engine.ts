import { quoteIdent } from '../ddl.js'
import type { CompiledSql, QueryEngine, QueryEngineOptions } from './query-engine.js'

/** Placeholder engine: plain selects only. Replaced by the full compiler. */
export function createQueryEngine(options: QueryEngineOptions): QueryEngine {
  const compile = (query: { entity: string }): CompiledSql => {
    const t = options.physical.table(query.entity)
    const cols = [...t.columns.map((c) => `${quoteIdent(c.column)} AS ${quoteIdent(c.attribute.name)}`), ...t.references.map((r) => `${quoteIdent(r.column)} AS ${quoteIdent(r.association.name)}`)]
    return { sql: `SELECT ${cols.join(', ')} FROM ${quoteIdent(t.table)} ORDER BY "id"`, params: [] }
  }
  return {
    compile,
    async execute(executor, query) {
      const { sql, params } = compile(query)
      const { rows } = await executor.execute(sql, params)
      return { rows }
    },
  }
}
