import type { CheckRule } from '../checker.js'
import type { ModelIndex } from '../model-index.js'
import type { AssociationModel, EntityModel, SourcePosition } from '../types.js'
import { SYSTEM_ATTRIBUTES } from '../types.js'
import { closestName } from './closest-name.js'
import { comparePositions, declaredAssociations, declaredEntities, forEachAssociation, type DeclaredAssociation } from './declared-elements.js'
import { stronglyConnectedComponents } from './strongly-connected.js'

const SYSTEM_NAMES: ReadonlySet<string> = new Set(SYSTEM_ATTRIBUTES)

function at(association: AssociationModel, field: string): SourcePosition {
  return association.fieldPos[field] ?? association.pos
}

function describe({ entity, association }: DeclaredAssociation): string {
  return `association '${association.name}' of ${entity.qualifiedName}`
}

/** Every reference must land on an entity of the model. */
export const danglingTargetRule: CheckRule = {
  code: 'PD129',
  severity: 'error',
  title: 'Association target does not exist',
  description:
    'The target of an association is not an entity of the model. A bare name refers to the owner’s module; write Module.Entity for another module, and list that module in portico.yaml. Declare the entity or correct the target.',
  check(ctx) {
    const names = declaredEntities(ctx.model).map((e) => e.qualifiedName)
    const modules = new Set(ctx.model.modules.map((m) => m.name))
    forEachAssociation(ctx.model, (d) => {
      const target = d.association.target
      if (ctx.index.entity(target)) return
      const close = closestName(target, names)
      const [module = '', name = ''] = target.split('.')
      const hint =
        close !== undefined
          ? `did you mean '${close}'?`
          : modules.has(module)
            ? `declare entity ${name} in module ${module} or correct the target`
            : `module '${module}' is not listed under modules in portico.yaml`
      ctx.report(at(d.association, 'target'), `${describe(d)} targets '${target}', which does not exist; ${hint}`)
    })
  },
}

/** A stored reference needs a stored target; a stored object cannot navigate to transient ones. */
export const persistenceMismatchRule: CheckRule = {
  code: 'PD130',
  severity: 'error',
  title: 'Association between persistent and non-persistent entities',
  description:
    'A persistent entity cannot refer to a non-persistent one: the reference is a foreign key to a table that does not exist. The other way round, a non-persistent entity may refer to persistent objects (a request or wizard object pointing at a Customer), but it cannot declare an inverse: stored objects cannot navigate to objects that are never stored. Make both entities persistent, drop the association, or drop the inverse.',
  check(ctx) {
    forEachAssociation(ctx.model, (d) => {
      const target = ctx.index.entity(d.association.target)
      if (!target || target.persistent === d.entity.persistent) return
      if (d.entity.persistent) {
        ctx.report(
          at(d.association, 'target'),
          `${describe(d)} targets non-persistent ${target.qualifiedName}, but ${d.entity.qualifiedName} is persistent and a stored reference needs a stored target; make ${target.qualifiedName} persistent or drop the association`,
        )
      } else if (d.association.inverse !== undefined) {
        ctx.report(
          at(d.association, 'inverse'),
          `${describe(d)} declares inverse '${d.association.inverse}' on persistent ${target.qualifiedName}, but ${d.entity.qualifiedName} is not persistent and stored objects cannot navigate to it; remove the inverse`,
        )
      }
    })
  },
}

/** A required reference cannot be emptied when its target goes. */
export const requiredSetNullRule: CheckRule = {
  code: 'PD131',
  severity: 'error',
  title: 'onDelete setNull on a required association',
  description:
    'onDelete: setNull empties the reference when its target is deleted, which a required association forbids: the delete would always fail. Use prevent (refuse to delete a target still referred to) or cascade (delete the referring objects too), or make the association optional.',
  check(ctx) {
    forEachAssociation(ctx.model, (d) => {
      const a = d.association
      if (!a.required || a.onDelete !== 'setNull' || a.kind === 'referenceSet') return
      ctx.report(
        at(a, 'onDelete'),
        `${describe(d)} is required but has onDelete: setNull; deleting its ${a.target} would leave the required reference empty: use prevent or cascade, or drop required`,
      )
    })
  },
}

/** A set loses a link, it has no NULL to set. */
export const referenceSetSetNullRule: CheckRule = {
  code: 'PD132',
  severity: 'error',
  title: 'onDelete setNull on a referenceSet',
  description:
    'A referenceSet is stored as links in a junction table, with no column to set to null. For a referenceSet, onDelete: cascade removes the links to a deleted target (never the owners), and prevent refuses to delete a target that is still linked. Write cascade or prevent.',
  check(ctx) {
    forEachAssociation(ctx.model, (d) => {
      if (d.association.kind !== 'referenceSet' || d.association.onDelete !== 'setNull') return
      ctx.report(
        at(d.association, 'onDelete'),
        `${describe(d)} is a referenceSet with onDelete: setNull; a set has no null to set: use cascade to remove the links to a deleted target, or prevent to refuse the delete`,
      )
    })
  },
}

/** required means NOT NULL, which a set of links cannot express. */
export const requiredReferenceSetRule: CheckRule = {
  code: 'PD133',
  severity: 'error',
  title: 'required on a referenceSet',
  description:
    'required makes a reference column NOT NULL; a referenceSet has no column, and the runtime does not enforce "at least one link". Remove required (validate a minimum in a flow if the domain needs one).',
  check(ctx) {
    forEachAssociation(ctx.model, (d) => {
      if (d.association.kind !== 'referenceSet' || !d.association.required) return
      ctx.report(
        at(d.association, 'required'),
        `${describe(d)} is a referenceSet and cannot be required; a set may always be empty: remove required`,
      )
    })
  },
}

/** The members of each entity that inverse names must not repeat, built once per check. */
function memberNames(entities: readonly EntityModel[]): Map<EntityModel, Map<string, string>> {
  const out = new Map<EntityModel, Map<string, string>>()
  for (const e of entities) {
    const names = new Map<string, string>()
    for (const a of e.attributes) if (!a.system) names.set(a.name, `attribute '${a.name}'`)
    for (const a of e.associations) if (!names.has(a.name)) names.set(a.name, `association '${a.name}'`)
    out.set(e, names)
  }
  return out
}

/** An inverse becomes a member of its target; it must not take a name that is already there. */
export const inverseCollisionRule: CheckRule = {
  code: 'PD134',
  severity: 'error',
  title: 'Inverse name collides with a member of the target',
  description:
    'The inverse of an association becomes a navigation of the target entity, so its name must differ from the target’s attributes, associations and the inverses other associations add to it. Choose another inverse name.',
  check(ctx) {
    const members = memberNames(declaredEntities(ctx.model))
    forEachAssociation(ctx.model, (d) => {
      const inverse = d.association.inverse
      const target = ctx.index.entity(d.association.target)
      const names = target && members.get(target)
      if (inverse === undefined || !target || !names || SYSTEM_NAMES.has(inverse)) return
      const taken = names.get(inverse)
      if (taken !== undefined) {
        ctx.report(
          at(d.association, 'inverse'),
          `inverse '${inverse}' of ${describe(d)} collides with ${taken}, already a member of ${target.qualifiedName}; choose another inverse name`,
        )
      } else {
        names.set(inverse, `inverse '${inverse}' of ${describe(d)}`)
      }
    })
  },
}

function isRequiredReference(a: AssociationModel): boolean {
  return a.required && a.kind !== 'referenceSet'
}

/** The first object of an entity that requires another of its own kind can never exist. */
export const requiredSelfReferenceRule: CheckRule = {
  code: 'PD135',
  severity: 'error',
  title: 'Required reference to its own entity',
  description:
    'A required reference or one-to-one from an entity to itself means every object needs an existing object of the same entity, so the first one can never be created. Make the association optional (a root has none).',
  check(ctx) {
    forEachAssociation(ctx.model, (d) => {
      if (!isRequiredReference(d.association) || d.association.target !== d.entity.qualifiedName) return
      ctx.report(
        at(d.association, 'required'),
        `${describe(d)} is a required reference to its own entity: the first ${d.entity.qualifiedName} can never be created, since it would need an existing one; make it optional`,
      )
    })
  },
}

/** Required references around a cycle: none of the objects can be created first. */
export const requiredCycleRule: CheckRule = {
  code: 'PD136',
  severity: 'error',
  title: 'Cycle of required references',
  description:
    'Required references (or one-to-ones) lead from an entity through others back to itself. Each object needs an existing object of the next entity, so none of them can be created first. Make one association of the cycle optional.',
  check(ctx) {
    const edges = requiredEdges(declaredAssociations(ctx.model), ctx.index)
    const successors = (e: EntityModel): EntityModel[] => (edges.get(e) ?? []).map((edge) => edge.target)
    for (const component of stronglyConnectedComponents(declaredEntities(ctx.model), successors)) {
      if (component.length < 2) continue
      const inside = new Set(component)
      const cycle = component.flatMap((e) => (edges.get(e) ?? []).filter((edge) => inside.has(edge.target)))
      const first = cycle.map((edge) => edge.declared).sort((a, b) => comparePositions(a.association.pos, b.association.pos))[0]
      if (!first) continue
      const names = component.map((e) => e.qualifiedName).sort()
      const links = cycle.map((edge) => `${edge.declared.entity.qualifiedName}.${edge.declared.association.name}`).sort()
      ctx.report(
        at(first.association, 'required'),
        `required references form a cycle through ${names.join(', ')}: each object needs an existing object of the next, so none can be created first; make one of ${links.join(', ')} optional`,
      )
    }
  },
}

interface RequiredEdge {
  readonly declared: DeclaredAssociation
  readonly target: EntityModel
}

/** Required references between distinct, existing entities, by owner. */
function requiredEdges(associations: readonly DeclaredAssociation[], index: ModelIndex): Map<EntityModel, RequiredEdge[]> {
  const out = new Map<EntityModel, RequiredEdge[]>()
  for (const d of associations) {
    const target = index.entity(d.association.target)
    if (!target || target.qualifiedName === d.entity.qualifiedName || !isRequiredReference(d.association)) continue
    const list = out.get(d.entity) ?? []
    list.push({ declared: d, target })
    out.set(d.entity, list)
  }
  return out
}

/** Rules on associations: targets, delete behaviour, inverses and required cycles (PD129–PD136). */
export const associationRules: readonly CheckRule[] = [
  danglingTargetRule,
  persistenceMismatchRule,
  requiredSetNullRule,
  referenceSetSetNullRule,
  requiredReferenceSetRule,
  inverseCollisionRule,
  requiredSelfReferenceRule,
  requiredCycleRule,
]
