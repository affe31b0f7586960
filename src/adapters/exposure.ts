import type { AttributeModel, EntityModel, ModelIndex, Navigation } from '../model/index.js'

/**
 * An entity as a contract shows it: which members, under which external names, which of
 * them callers may send. REST resources, OData entity sets and SOAP types are all built
 * from exposures, so one model change is judged the same way for every contract.
 */
export interface Exposure {
  readonly entity: EntityModel
  readonly members: readonly ExposedMember[]
  readonly byExternal: ReadonlyMap<string, ExposedMember>
  readonly byMember: ReadonlyMap<string, ExposedMember>
}

export type ExposedMember = ExposedAttribute | ExposedNavigation

interface ExposedBase {
  /** The name on the wire. */
  readonly external: string
  /** The attribute or navigation name in the model. */
  readonly member: string
  readonly description?: string
  /** Never accepted in requests (system members, AutoNumber, inverse navigations, declared read-only). */
  readonly readOnly: boolean
}

export interface ExposedAttribute extends ExposedBase {
  readonly kind: 'attribute'
  readonly attribute: AttributeModel
}

export interface ExposedNavigation extends ExposedBase {
  readonly kind: 'navigation'
  readonly navigation: Navigation
  /** `id`: the referenced id(s); `embed`: the referenced object(s). */
  readonly as: 'id' | 'embed'
}

export interface MemberDeclaration {
  readonly member?: string
  readonly description?: string
  readonly readOnly?: boolean
  readonly as?: 'id' | 'embed'
}

/** Members shown when a declaration lists none: declared attributes, id, timestamps, forward associations. */
const DEFAULT_SYSTEM_MEMBERS = new Set(['id', 'createdAt', 'changedAt'])

/**
 * Builds the exposure of an entity from a declaration's members (external name →
 * member), or the default set. Unknown members are skipped here: the adapters' checker
 * rules report them with their positions before anything runs.
 */
export function buildExposure(
  entity: EntityModel,
  declared: Readonly<Record<string, MemberDeclaration | null>> | undefined,
  index: ModelIndex,
): Exposure {
  const members: ExposedMember[] = []
  const entries: [string, MemberDeclaration][] = declared
    ? Object.entries(declared).map(([external, d]) => [external, d ?? {}])
    : defaultMembers(entity)
  if (declared && !entries.some(([, d], i) => (d.member ?? entries[i]?.[0]) === 'id')) entries.unshift(['id', {}])
  for (const [external, d] of entries) {
    const name = d.member ?? external
    const base = { external, member: name, ...(d.description ? { description: d.description } : {}) }
    const attribute = entity.attributes.find((a) => a.name === name)
    if (attribute) {
      const readOnly = attribute.system || attribute.type.kind === 'AutoNumber' || d.readOnly === true
      members.push({ ...base, kind: 'attribute', attribute, readOnly })
      continue
    }
    const navigation = index.navigation(entity, name)
    if (navigation) {
      const readOnly = navigation.direction === 'inverse' || d.readOnly === true
      members.push({ ...base, kind: 'navigation', navigation, as: d.as ?? 'id', readOnly })
    }
  }
  return {
    entity,
    members,
    byExternal: new Map(members.map((m) => [m.external, m])),
    byMember: new Map(members.map((m) => [m.member, m])),
  }
}

function defaultMembers(entity: EntityModel): [string, MemberDeclaration][] {
  const attributes = entity.attributes.filter((a) => !a.system || DEFAULT_SYSTEM_MEMBERS.has(a.name))
  const id = attributes.filter((a) => a.name === 'id')
  const rest = attributes.filter((a) => a.name !== 'id')
  return [...id, ...rest].map((a) => [a.name, {}] as [string, MemberDeclaration]).concat(entity.associations.map((a) => [a.name, {}]))
}

/** Whether an exposed member holds one value (an attribute or a to-one reference). */
export function isScalar(m: ExposedMember): boolean {
  return m.kind === 'attribute' || (m.navigation.cardinality === 'one' && m.as === 'id')
}
