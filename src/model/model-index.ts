import type { AppModel, AssociationModel, AttributeModel, EntityModel, EnumerationModel } from './types.js'

/**
 * A way from one entity to another: an association seen from its owner (`forward`) or
 * from its target through the declared `inverse` name.
 */
export interface Navigation {
  readonly name: string
  readonly source: EntityModel
  readonly target: EntityModel
  /** `one` for a reference or one-to-one seen from its owner (or a one-to-one's inverse). */
  readonly cardinality: 'one' | 'many'
  readonly direction: 'forward' | 'inverse'
  readonly association: AssociationModel
  /** The entity that declares the association. */
  readonly owner: EntityModel
}

/** Lookups over a checked model, built once. */
export interface ModelIndex {
  readonly model: AppModel
  readonly entities: readonly EntityModel[]
  entity(qualifiedName: string): EntityModel | undefined
  /** Like `entity`, for names the checker has already verified. */
  requireEntity(qualifiedName: string): EntityModel
  enumeration(qualifiedName: string): EnumerationModel | undefined
  attribute(entity: EntityModel, name: string): AttributeModel | undefined
  navigation(entity: EntityModel, name: string): Navigation | undefined
  navigations(entity: EntityModel): readonly Navigation[]
}

export function indexModel(model: AppModel): ModelIndex {
  const entities = model.modules.flatMap((m) => m.entities)
  const byName = new Map(entities.map((e) => [e.qualifiedName, e]))
  const enums = new Map(model.modules.flatMap((m) => m.enumerations).map((e) => [e.qualifiedName, e]))
  const attributes = new Map(entities.map((e) => [e, new Map(e.attributes.map((a) => [a.name, a]))]))
  const navigations = new Map<EntityModel, Navigation[]>(entities.map((e) => [e, []]))
  for (const owner of entities) {
    for (const association of owner.associations) {
      const target = byName.get(association.target)
      if (!target) continue
      navigations.get(owner)?.push({
        name: association.name,
        source: owner,
        target,
        cardinality: association.kind === 'referenceSet' ? 'many' : 'one',
        direction: 'forward',
        association,
        owner,
      })
      if (association.inverse) {
        navigations.get(target)?.push({
          name: association.inverse,
          source: target,
          target: owner,
          cardinality: association.kind === 'oneToOne' ? 'one' : 'many',
          direction: 'inverse',
          association,
          owner,
        })
      }
    }
  }
  const navByName = new Map([...navigations].map(([e, list]) => [e, new Map(list.map((n) => [n.name, n]))]))
  return {
    model,
    entities,
    entity: (name) => byName.get(name),
    requireEntity(name) {
      const e = byName.get(name)
      if (!e) throw new Error(`entity ${name} is not in the model`)
      return e
    },
    enumeration: (name) => enums.get(name),
    attribute: (entity, name) => attributes.get(entity)?.get(name),
    navigation: (entity, name) => navByName.get(entity)?.get(name),
    navigations: (entity) => navigations.get(entity) ?? [],
  }
}
