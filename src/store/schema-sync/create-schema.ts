import type { Dialect } from '../driver/driver.js'
import type { PhysicalSchema } from '../physical-schema.js'
import { systemTableSql } from '../system-tables.js'
import { addStep, createDraft, orderedSteps, type PlanDraft } from './plan-draft.js'
import { buildTargetSchema, type SchemaSnapshot } from './schema-snapshot.js'
import { addCreateEntitySteps, type TableOf } from './snapshot-ddl.js'

/** Every statement that creates the model's schema in an empty database, in a runnable order. */
export function createSchemaStatements(physical: PhysicalSchema, dialect: Dialect): string[] {
  const draft = createDraft(dialect)
  addSystemTableSteps(draft)
  const { snapshot } = buildTargetSchema(physical)
  addCreateEntitySteps(draft, snapshot.entities, tableOfSnapshot(snapshot))
  return orderedSteps(draft).map((s) => s.sql)
}

/** The runtime's own tables (snapshot, outbox, inbox, sequences); idempotent, they say IF NOT EXISTS. */
export function addSystemTableSteps(draft: PlanDraft): void {
  for (const sql of systemTableSql(draft.dialect)) {
    const m = /^CREATE (TABLE|INDEX) IF NOT EXISTS "([^"]+)"/.exec(sql)
    const description = m ? `create system ${m[1]?.toLowerCase()} ${m[2]} if missing` : 'create a system table if missing'
    addStep(draft, 'prepare', { sql, description })
  }
}

/** Table lookup by qualified entity name within one snapshot. */
export function tableOfSnapshot(snapshot: SchemaSnapshot): TableOf {
  const tables = new Map(snapshot.entities.map((e) => [e.name, e.table]))
  return (entity) => {
    const table = tables.get(entity)
    if (table === undefined) throw new Error(`entity ${entity} is not in the schema being synced`)
    return table
  }
}
