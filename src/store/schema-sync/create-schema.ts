import type { Dialect } from '../driver/driver.js'
import { addForeignKeySql, createIndexSql, createJunctionSql, createTableSql, indexesOf } from '../ddl.js'
import type { PhysicalSchema } from '../physical-schema.js'
import { systemTableSql } from '../system-tables.js'

/** Every statement that creates the model's schema in an empty database, in a runnable order. */
export function createSchemaStatements(physical: PhysicalSchema, dialect: Dialect): string[] {
  const out = [...systemTableSql(dialect)]
  const tableOf = (entity: string): string => physical.table(entity).table
  for (const t of physical.tables) out.push(createTableSql(t, dialect, (r) => tableOf(r.target.qualifiedName)))
  if (dialect === 'postgres') {
    for (const t of physical.tables) for (const r of t.references) out.push(addForeignKeySql(t, r, tableOf(r.target.qualifiedName)))
  }
  for (const t of physical.tables) {
    for (const j of t.junctions) out.push(createJunctionSql(j, dialect, t.table, tableOf(j.target.qualifiedName)))
  }
  for (const t of physical.tables) for (const ix of indexesOf(t)) out.push(createIndexSql(ix))
  return out
}
