import {
  formatAttributeType,
  qualify,
  type DeleteBehaviour,
  type EnumerationModel,
  type ModelValue,
} from '../../model/index.js'
import { identifier, indexesOf } from '../ddl.js'
import type { PhysicalSchema, TableMapping } from '../physical-schema.js'

/**
 * The physical schema as schema sync records it in `portico_schema`: plain JSON, so the
 * next sync can tell what the database holds without reading the database's catalogue,
 * and so renames can be recognised by the names the model used last time.
 */
export interface SchemaSnapshot {
  readonly format: 1
  readonly entities: readonly EntitySnapshot[]
}

/** One persistent entity: its table and everything in it that sync manages. */
export interface EntitySnapshot {
  /** Qualified entity name (`Module.Entity`). */
  readonly name: string
  readonly table: string
  readonly columns: readonly ColumnSnapshot[]
  readonly references: readonly ReferenceSnapshot[]
  readonly junctions: readonly JunctionSnapshot[]
  /** Every index the entity needs, its junction tables' included. */
  readonly indexes: readonly IndexSnapshot[]
}

/** An attribute's column, with what decides its DDL and the checks on its values. */
export interface ColumnSnapshot {
  readonly attribute: string
  readonly column: string
  /** As written in the model: `String(20)`, `Decimal(10,2)`, `Enum(Sales.OrderStatus)`. */
  readonly type: string
  /** The values of an `Enum` attribute, when the app's enumerations were given. */
  readonly enumValues?: readonly string[]
  readonly required: boolean
  readonly unique: boolean
  /** Absent when the attribute has none (a `null` default is no default). */
  readonly default?: ModelValue
  readonly system: boolean
}

/** A reference or one-to-one: a foreign key column in the owner's table. */
export interface ReferenceSnapshot {
  readonly association: string
  readonly kind: 'reference' | 'oneToOne'
  readonly column: string
  /** Qualified target entity. */
  readonly target: string
  readonly onDelete: DeleteBehaviour
  readonly required: boolean
}

/** A reference set: its junction table of (owner, target) links. */
export interface JunctionSnapshot {
  readonly association: string
  readonly table: string
  readonly ownerColumn: string
  readonly targetColumn: string
  readonly target: string
  readonly onDelete: DeleteBehaviour
}

/** An index as created, so a later sync can drop or rename it by name. */
export interface IndexSnapshot {
  /** The name as created (already shortened by `identifier`). */
  readonly name: string
  readonly table: string
  readonly columns: readonly string[]
  readonly unique: boolean
}

/**
 * Previous names the model declares with `renamedFrom`, keyed by the current name:
 * entities by qualified name, members by `Module.Entity.member`. Not recorded: once a
 * rename is synced the old name is gone from the snapshot and the hint has no effect.
 */
export interface RenameHints {
  readonly entities: Readonly<Record<string, string>>
  readonly attributes: Readonly<Record<string, string>>
  readonly associations: Readonly<Record<string, string>>
}

/** What the model wants the database to be: the snapshot to reach and how to recognise renames. */
export interface TargetSchema {
  readonly snapshot: SchemaSnapshot
  readonly renames: RenameHints
}

/** The part of the app schema sync reads: its enumerations give the values Enum columns may hold. */
export interface EnumerationSource {
  readonly modules?: readonly { readonly enumerations: readonly EnumerationModel[] }[]
}

/** The target schema of a model's physical schema. */
export function buildTargetSchema(physical: PhysicalSchema, app: EnumerationSource = {}): TargetSchema {
  const enums = app.modules === undefined ? undefined : new Map(app.modules.flatMap((m) => m.enumerations).map((e) => [e.qualifiedName, e]))
  const renames = { entities: {} as Record<string, string>, attributes: {} as Record<string, string>, associations: {} as Record<string, string> }
  const entities = physical.tables.map((t) => {
    const name = t.entity.qualifiedName
    if (t.entity.renamedFrom) renames.entities[name] = qualify(t.entity.renamedFrom, t.entity.module)
    for (const c of t.columns) if (c.attribute.renamedFrom) renames.attributes[`${name}.${c.attribute.name}`] = c.attribute.renamedFrom
    for (const a of t.entity.associations) if (a.renamedFrom) renames.associations[`${name}.${a.name}`] = a.renamedFrom
    return entitySnapshot(t, enums)
  })
  return { snapshot: { format: 1, entities }, renames }
}

function entitySnapshot(t: TableMapping, enums: ReadonlyMap<string, EnumerationModel> | undefined): EntitySnapshot {
  const columns = t.columns.map((c): ColumnSnapshot => {
    const a = c.attribute
    const values = c.type.kind === 'Enum' ? enums?.get(c.type.enumeration)?.values.map((v) => v.name) : undefined
    return {
      attribute: a.name,
      column: c.column,
      type: formatAttributeType(c.type),
      ...(values === undefined ? {} : { enumValues: values }),
      required: a.required,
      unique: a.unique,
      ...(a.default === undefined || a.default === null ? {} : { default: a.default }),
      system: a.system,
    }
  })
  const references = t.references.map((r): ReferenceSnapshot => ({
    association: r.association.name,
    kind: r.association.kind === 'oneToOne' ? 'oneToOne' : 'reference',
    column: r.column,
    target: r.target.qualifiedName,
    onDelete: r.association.onDelete,
    required: r.association.required,
  }))
  const junctions = t.junctions.map((j): JunctionSnapshot => ({
    association: j.association.name,
    table: j.table,
    ownerColumn: j.ownerColumn,
    targetColumn: j.targetColumn,
    target: j.target.qualifiedName,
    onDelete: j.association.onDelete,
  }))
  const indexes = indexesOf(t).map((ix) => ({ name: identifier(ix.name), table: ix.table, columns: ix.columns, unique: ix.unique }))
  return { name: t.entity.qualifiedName, table: t.table, columns, references, junctions, indexes }
}

/**
 * True when two snapshots describe the same database schema. Enum values count only when
 * both sides know them, so a caller without the app's enumerations still gets an answer.
 */
export function sameSchema(a: SchemaSnapshot, b: SchemaSnapshot): boolean {
  const withValues = hasEnumValues(a) && hasEnumValues(b)
  return canonical(a, withValues) === canonical(b, withValues)
}

function hasEnumValues(s: SchemaSnapshot): boolean {
  return s.entities.some((e) => e.columns.some((c) => c.enumValues !== undefined))
}

function canonical(s: SchemaSnapshot, withValues: boolean): string {
  const entities = [...s.entities]
    .sort((x, y) => x.name.localeCompare(y.name))
    .map((e) => ({
      ...e,
      columns: e.columns.map((c) => (withValues ? c : { ...c, enumValues: undefined })),
      indexes: [...e.indexes].sort((x, y) => x.name.localeCompare(y.name)),
    }))
  return JSON.stringify({ format: s.format, entities })
}
