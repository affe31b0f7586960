import type { CheckRule } from '../checker.js'
import type { EntityModel, EnumerationModel } from '../types.js'
import { SYSTEM_ATTRIBUTES } from '../types.js'
import { comparePositions, declaredEntities, declaredModules, describeElement, forEachNamedElement, where } from './declared-elements.js'
import { IDENTIFIER_RULE, isIdentifier, pascalCase, reservedPrefix } from './identifier.js'

const SYSTEM_NAMES: ReadonlySet<string> = new Set(SYSTEM_ATTRIBUTES)

/** Names become SQL columns, URL segments, contract types and generated code identifiers. */
export const identifierRule: CheckRule = {
  code: 'PD101',
  severity: 'error',
  title: 'Name is not an identifier',
  description:
    'Module, entity, enumeration, attribute, association and inverse names become table and column names, URL ' +
    "segments, contract type names and code identifiers, so they must match ^[A-Za-z][A-Za-z0-9_]*$. Rename the element (names starting with '$' or '@' are reported by PD107).",
  check(ctx) {
    forEachNamedElement(ctx.model, (e) => {
      if (isIdentifier(e.name) || reservedPrefix(e.name) === '$' || reservedPrefix(e.name) === '@') return
      ctx.report(e.pos, `${describeElement(e)} is not an identifier: ${IDENTIFIER_RULE} (^[A-Za-z][A-Za-z0-9_]*$)`)
    })
  },
}

/** Entity and enumeration names are type names in every contract; one style reads best. */
export const pascalCaseRule: CheckRule = {
  code: 'PD102',
  severity: 'warning',
  title: 'Type name is not PascalCase',
  description:
    'Entities and enumerations are type names in the published contracts (OpenAPI schemas, OData entity types, ' +
    'XSD types), where PascalCase is the convention. Rename the entity or enumeration; use renamedFrom on an entity to keep its data.',
  check(ctx) {
    const types = declaredModules(ctx.model).flatMap((m) => [
      ...m.entities.map((e) => ({ kind: 'entity', e })),
      ...m.enumerations.map((e) => ({ kind: 'enumeration', e })),
    ])
    for (const { kind, e } of types) {
      if (!isIdentifier(e.name) || reservedPrefix(e.name) !== undefined || /^[A-Z][A-Za-z0-9]*$/.test(e.name)) continue
      ctx.report(e.pos, `${kind} '${e.name}' of module ${e.module} is not PascalCase; write '${pascalCase(e.name)}'`)
    }
  },
}

/** One name, one entity: references, contracts and the table name all rely on it. */
export const duplicateEntityRule: CheckRule = {
  code: 'PD103',
  severity: 'error',
  title: 'Entity declared twice',
  description:
    'Two files of one module declare an entity with the same name. The loader keeps both, but references, ' +
    'contracts and the database table can only mean one. Merge the declarations or rename one.',
  check(ctx) {
    for (const m of declaredModules(ctx.model)) {
      reportRepeats(m.entities, (e, first) =>
        ctx.report(e.pos, `entity ${e.qualifiedName} is declared twice, first at ${where(first.pos)}; merge the declarations into one file or rename one`),
      )
    }
  },
}

/** Enum(Name) must resolve to exactly one enumeration. */
export const duplicateEnumerationRule: CheckRule = {
  code: 'PD104',
  severity: 'error',
  title: 'Enumeration declared twice',
  description:
    'Two files of one module declare an enumeration with the same name, so Enum(Name) is ambiguous. Merge the value lists or rename one.',
  check(ctx) {
    for (const m of declaredModules(ctx.model)) {
      reportRepeats(m.enumerations, (e, first) =>
        ctx.report(e.pos, `enumeration ${e.qualifiedName} is declared twice, first at ${where(first.pos)}; merge the values into one declaration or rename one`),
      )
    }
  },
}

/** Calls `report` for every element whose name an earlier element already has. */
function reportRepeats<T extends { readonly name: string }>(elements: readonly T[], report: (element: T, first: T) => void): void {
  const first = new Map<string, T>()
  for (const e of elements) {
    const earlier = first.get(e.name)
    if (earlier) report(e, earlier)
    else first.set(e.name, e)
  }
}

/** Entities and enumerations of one module share one namespace of types in every contract. */
export const entityEnumerationClashRule: CheckRule = {
  code: 'PD105',
  severity: 'error',
  title: 'Entity and enumeration share a name',
  description:
    'An entity and an enumeration of the same module have the same name. Both become named types of the module ' +
    'in the contracts (OpenAPI components, the OData namespace, XSD), where one name can only mean one type. Rename one.',
  check(ctx) {
    for (const m of declaredModules(ctx.model)) {
      const entities = new Map(m.entities.map((e) => [e.name, e]))
      for (const en of m.enumerations) {
        const entity = entities.get(en.name)
        if (entity) ctx.report(comparePositions(en.pos, entity.pos) > 0 ? en.pos : entity.pos, clashMessage(en, entity))
      }
    }
  },
}

function clashMessage(en: EnumerationModel, entity: EntityModel): string {
  return `enumeration ${en.qualifiedName} (${where(en.pos)}) and entity ${entity.qualifiedName} (${where(entity.pos)}) share a name; types of a module share one namespace in the contracts: rename one`
}

/** Objects, filters and contracts address attributes and associations by one name. */
export const duplicateMemberRule: CheckRule = {
  code: 'PD106',
  severity: 'error',
  title: 'Attribute and association share a name',
  description:
    'An attribute and an association of one entity have the same name. Objects, filters, expands and contracts ' +
    'address members by name, so the name must be unique within the entity. Rename one (PD134 covers inverse names).',
  check(ctx) {
    for (const entity of declaredEntities(ctx.model)) {
      const attributes = new Set(entity.attributes.filter((a) => !a.system).map((a) => a.name))
      for (const association of entity.associations) {
        if (!attributes.has(association.name)) continue
        ctx.report(
          association.pos,
          `association '${association.name}' of ${entity.qualifiedName} has the name of an attribute of the same entity; members of an entity need distinct names: rename one`,
        )
      }
    }
  },
}

/** The runtime owns the system members and its own prefixes; a model cannot take them. */
export const reservedNameRule: CheckRule = {
  code: 'PD107',
  severity: 'error',
  title: 'Reserved name',
  description:
    "id, createdAt, changedAt and version are system members that the runtime adds to every persistent entity and maintains itself; they cannot be declared as attributes, associations or inverses (on any entity, so that making an entity persistent never renames members). Names starting with 'portico' (the runtime's own tables), '$' or '@' (metadata in OData and JSON payloads) are reserved for every element. Rename the element.",
  check(ctx) {
    forEachNamedElement(ctx.model, (e) => {
      const prefix = reservedPrefix(e.name)
      if (prefix !== undefined) {
        ctx.report(e.pos, `${describeElement(e)} starts with '${prefix}', which is reserved for the runtime; rename it`)
      } else if ((e.kind === 'attribute' || e.kind === 'association' || e.kind === 'inverse') && SYSTEM_NAMES.has(e.name)) {
        ctx.report(e.pos, `${describeElement(e)} uses the name of a system member (${SYSTEM_ATTRIBUTES.join(', ')}), which the runtime adds and maintains; rename it`)
      }
    })
  },
}

/** Rules on names: identifiers, style, duplicates and reserved names (PD101–PD107). */
export const namingRules: readonly CheckRule[] = [
  identifierRule,
  pascalCaseRule,
  duplicateEntityRule,
  duplicateEnumerationRule,
  entityEnumerationClashRule,
  duplicateMemberRule,
  reservedNameRule,
]
