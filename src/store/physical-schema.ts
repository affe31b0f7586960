import { snakeCase, type AssociationModel, type AttributeModel, type AttributeType, type EntityModel, type ModelIndex } from '../model/index.js'

/**
 * Where each model element lives in the database. Derived from the model alone, so the
 * same model always maps to the same tables and columns; schema sync and the query
 * compiler both read it.
 *
 * Naming: table `<module>_<entity>` and columns in snake_case; a reference is the column
 * `<association>_id`; a reference set is the junction table `<table>_<association>` with
 * columns `owner_id` and `target_id`.
 */
export interface PhysicalSchema {
  readonly tables: readonly TableMapping[]
  table(entity: EntityModel | string): TableMapping
}

export interface ColumnMapping {
  readonly attribute: AttributeModel
  readonly column: string
  readonly type: AttributeType
}

export interface ReferenceMapping {
  readonly association: AssociationModel
  /** FK column in the owner's table. */
  readonly column: string
  readonly target: EntityModel
}

export interface JunctionMapping {
  readonly association: AssociationModel
  readonly table: string
  readonly ownerColumn: string
  readonly targetColumn: string
  readonly target: EntityModel
}

export interface TableMapping {
  readonly entity: EntityModel
  readonly table: string
  readonly columns: readonly ColumnMapping[]
  readonly column: ReadonlyMap<string, ColumnMapping>
  /** reference and oneToOne associations owned by this entity. */
  readonly references: readonly ReferenceMapping[]
  readonly reference: ReadonlyMap<string, ReferenceMapping>
  readonly junctions: readonly JunctionMapping[]
  readonly junction: ReadonlyMap<string, JunctionMapping>
}

export function tableName(entity: { readonly module: string; readonly name: string }): string {
  return `${snakeCase(entity.module)}_${snakeCase(entity.name)}`
}

export function columnName(attributeName: string): string {
  return snakeCase(attributeName)
}

export function referenceColumn(associationName: string): string {
  return `${snakeCase(associationName)}_id`
}

export function junctionTable(ownerTable: string, associationName: string): string {
  return `${ownerTable}_${snakeCase(associationName)}`
}

export function buildPhysicalSchema(index: ModelIndex): PhysicalSchema {
  const tables = index.entities.filter((e) => e.persistent).map((e) => mapEntity(e, index))
  const byName = new Map(tables.map((t) => [t.entity.qualifiedName, t]))
  return {
    tables,
    table(entity) {
      const name = typeof entity === 'string' ? entity : entity.qualifiedName
      const t = byName.get(name)
      if (!t) throw new Error(`entity ${name} has no table (not persistent or not in the model)`)
      return t
    },
  }
}

function mapEntity(entity: EntityModel, index: ModelIndex): TableMapping {
  const table = tableName(entity)
  // id first, then the declared attributes, then the other system members.
  const ordered = [
    ...entity.attributes.filter((a) => a.system && a.name === 'id'),
    ...entity.attributes.filter((a) => !a.system),
    ...entity.attributes.filter((a) => a.system && a.name !== 'id'),
  ]
  const columns = ordered.map((attribute) => ({ attribute, column: columnName(attribute.name), type: attribute.type }))
  const references: ReferenceMapping[] = []
  const junctions: JunctionMapping[] = []
  for (const association of entity.associations) {
    const target = index.entity(association.target)
    if (!target) continue
    if (association.kind === 'referenceSet') {
      junctions.push({ association, table: junctionTable(table, association.name), ownerColumn: 'owner_id', targetColumn: 'target_id', target })
    } else {
      references.push({ association, column: referenceColumn(association.name), target })
    }
  }
  return {
    entity,
    table,
    columns,
    column: new Map(columns.map((c) => [c.attribute.name, c])),
    references,
    reference: new Map(references.map((r) => [r.association.name, r])),
    junctions,
    junction: new Map(junctions.map((j) => [j.association.name, j])),
  }
}
