import type { AssociationModel, AttributeModel, EntityModel, ModelIndex, ModelValue } from '../model/index.js'
import { indexesOf, type PhysicalSchema } from '../store/index.js'
import { compileAccessPolicy, type AccessPolicy } from './access-policy.js'
import { compileValueCheck, normalizeDateTime, type ValueCheck } from './value-check.js'

export interface AttributePlan {
  readonly attribute: AttributeModel
  readonly check: ValueCheck
  /** Declared, not system, not AutoNumber: callers may write it. */
  readonly writable: boolean
}

export interface ReferencePlan {
  readonly association: AssociationModel
  readonly target: string
}

/** An association elsewhere in the model that points at this entity. */
export interface InboundPlan {
  readonly owner: string
  readonly association: AssociationModel
}

/**
 * Everything the kernel needs to write one entity, compiled once from the model:
 * value checks, defaults, AutoNumber sequences, references, who points here, access.
 */
export interface EntityPlan {
  readonly entity: EntityModel
  readonly name: string
  readonly attributes: ReadonlyMap<string, AttributePlan>
  readonly references: ReadonlyMap<string, ReferencePlan>
  readonly referenceSets: ReadonlyMap<string, ReferencePlan>
  readonly defaults: readonly (readonly [string, unknown])[]
  /** Writable attributes in order, each with the value an absent one gets (its default or null). */
  readonly writable: readonly { readonly name: string; readonly plan: AttributePlan; readonly fallback: unknown }[]
  readonly autoNumbers: readonly { readonly member: string; readonly sequence: string }[]
  readonly inbound: readonly InboundPlan[]
  readonly access: AccessPolicy
  /** Members of each unique constraint by index name and by `table.column`, to explain violations. */
  readonly uniqueMembers: ReadonlyMap<string, readonly string[]>
  readonly memberNames: readonly string[]
  /**
   * Every member a create writes, in the order it writes them, all null. A new row starts as
   * a copy of it: allocated at its full size at once, rather than grown member by member.
   */
  readonly newRow: Readonly<Record<string, null>>
}

export function compileEntityPlans(index: ModelIndex, physical: PhysicalSchema): ReadonlyMap<string, EntityPlan> {
  const inbound = new Map<string, InboundPlan[]>()
  // Only stored objects can refer to a stored object; a message shape's references have no rows.
  for (const owner of index.entities.filter((e) => e.persistent)) {
    for (const association of owner.associations) {
      const list = inbound.get(association.target) ?? []
      list.push({ owner: owner.qualifiedName, association })
      inbound.set(association.target, list)
    }
  }
  return new Map(
    index.entities.map((entity) => [entity.qualifiedName, compileEntityPlan(entity, index, physical, inbound.get(entity.qualifiedName) ?? [])]),
  )
}

function compileEntityPlan(entity: EntityModel, index: ModelIndex, physical: PhysicalSchema, inbound: InboundPlan[]): EntityPlan {
  const attributes = new Map(
    entity.attributes.map((attribute) => [
      attribute.name,
      { attribute, check: compileValueCheck(attribute, index), writable: !attribute.system && attribute.type.kind !== 'AutoNumber' },
    ]),
  )
  const references = new Map<string, ReferencePlan>()
  const referenceSets = new Map<string, ReferencePlan>()
  for (const association of entity.associations) {
    const plan = { association, target: association.target }
    if (association.kind === 'referenceSet') referenceSets.set(association.name, plan)
    else references.set(association.name, plan)
  }
  const defaults = entity.attributes
    .filter((a) => a.default !== undefined && a.default !== null && !a.system)
    .map((a) => [a.name, defaultValue(a, a.default as ModelValue)] as const)
  const table = entity.persistent ? physical.table(entity) : undefined
  const autoNumbers = entity.attributes
    .filter((a) => a.type.kind === 'AutoNumber')
    .map((a) => ({ member: a.name, sequence: `${table?.table ?? entity.qualifiedName}.${a.name}` }))
  const fallbacks = new Map<string, unknown>(defaults)
  const writable = [...attributes].filter(([, a]) => a.writable).map(([name, plan]) => ({ name, plan, fallback: fallbacks.get(name) ?? null }))
  return {
    entity,
    name: entity.qualifiedName,
    attributes,
    writable,
    references,
    referenceSets,
    defaults,
    autoNumbers,
    inbound,
    access: compileAccessPolicy(entity),
    uniqueMembers: table ? uniqueMembersOf(table) : new Map(),
    memberNames: [...attributes.keys(), ...references.keys(), ...referenceSets.keys()],
    newRow: Object.fromEntries([...writable.map((w) => w.name), ...references.keys(), 'createdAt', 'changedAt', 'version'].map((m) => [m, null])),
  }
}

function defaultValue(a: AttributeModel, value: ModelValue): unknown {
  if (a.type.kind === 'DateTime') return normalizeDateTime(value) ?? value
  if (a.type.kind === 'UUID' && typeof value === 'string') return value.toLowerCase()
  return value
}

function uniqueMembersOf(table: ReturnType<PhysicalSchema['table']>): Map<string, readonly string[]> {
  const memberOf = new Map<string, string>([
    ...table.columns.map((c) => [c.column, c.attribute.name] as const),
    ...table.references.map((r) => [r.column, r.association.name] as const),
  ])
  const out = new Map<string, readonly string[]>()
  for (const ix of indexesOf(table)) {
    if (!ix.unique || ix.table !== table.table) continue
    const members = ix.columns.map((c) => memberOf.get(c) ?? c)
    out.set(ix.name, members)
    out.set(ix.columns.map((c) => `${table.table}.${c}`).join(', '), members)
  }
  return out
}
