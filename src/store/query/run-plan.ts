import { COUNT_SUFFIX } from '../../query/index.js'
import type { SqlExecutor, SqlRow } from '../driver/driver.js'
import type { ExpandPlan } from './compile-expand.js'
import type { QueryPlan } from './compile-plan.js'
import type { QueryResult } from './query-engine.js'
import { decodeRows, stripHidden } from './decode-rows.js'
import type { SqlDialect } from './sql-dialect.js'
import { ID_LIST } from './sql-fragment.js'

/**
 * Runs a plan: the main statement, the count, then each expand level over the keys of the
 * level above, attaching children to their parents. Statements run one after the other on
 * the given executor, so a plan inside a transaction sees the transaction's writes.
 */
export async function runPlan(executor: SqlExecutor, plan: QueryPlan, dialect: SqlDialect): Promise<QueryResult> {
  const { rows } = await executor.execute(plan.main.sql, plan.main.params)
  decodeRows(rows, plan.decoder)
  await runExpands(executor, rows, plan.expands, dialect)
  stripHidden(rows)
  if (!plan.count) return { rows }
  const counted = await executor.execute(plan.count.sql, plan.count.params)
  return { rows, count: Number(counted.rows[0]?.n ?? 0) }
}

async function runExpands(executor: SqlExecutor, parents: SqlRow[], plans: readonly ExpandPlan[], dialect: SqlDialect): Promise<void> {
  for (const plan of plans) {
    const keys = [...new Set(parents.map((p) => p[plan.parentKey]).filter((k) => k !== null && k !== undefined))] as number[]
    const withIds = (params: readonly unknown[]) => params.map((p) => (p === ID_LIST ? dialect.encodeIds(keys) : p))
    let children: SqlRow[] = []
    let counts = new Map<unknown, number>()
    if (keys.length > 0) {
      children = (await executor.execute(plan.statement.sql, withIds(plan.statement.params))).rows
      decodeRows(children, plan.decoder)
      await runExpands(executor, children, plan.expands, dialect)
      if (plan.count) {
        const counted = await executor.execute(plan.count.sql, withIds(plan.count.params))
        counts = new Map(counted.rows.map((r) => [r.$parent, Number(r.n)]))
      }
    }
    attach(parents, children, plan)
    if (plan.count) for (const p of parents) p[`${plan.name}${COUNT_SUFFIX}`] = counts.get(p.id) ?? 0
    stripHidden(children)
  }
}

function attach(parents: SqlRow[], children: readonly SqlRow[], plan: ExpandPlan): void {
  if (plan.cardinality === 'one') {
    const byKey = new Map(children.map((c) => [c[plan.childKey], c]))
    for (const p of parents) p[plan.name] = byKey.get(p[plan.parentKey]) ?? null
    return
  }
  const groups = new Map<unknown, SqlRow[]>()
  for (const c of children) {
    const key = c[plan.childKey]
    const list = groups.get(key)
    if (list) list.push(c)
    else groups.set(key, [c])
  }
  for (const p of parents) p[plan.name] = groups.get(p[plan.parentKey]) ?? []
}
