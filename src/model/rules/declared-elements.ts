import type {
  AppModel,
  AssociationModel,
  AttributeModel,
  EntityModel,
  EnumerationModel,
  ModuleModel,
  SourcePosition,
} from '../types.js'

/**
 * Each module once. A module listed twice in portico.yaml is loaded twice (PD152 reports
 * it); walking only its first copy keeps every other rule from reporting each of its
 * elements a second time.
 */
export function declaredModules(model: AppModel): readonly ModuleModel[] {
  const seen = new Set<string>()
  const out: ModuleModel[] = []
  for (const m of model.modules) {
    if (seen.has(m.name)) continue
    seen.add(m.name)
    out.push(m)
  }
  return out
}

/** The entities of every module, once per declaration, in load order. */
export function declaredEntities(model: AppModel): readonly EntityModel[] {
  return declaredModules(model).flatMap((m) => m.entities)
}

/** The enumerations of every module, once per declaration, in load order. */
export function declaredEnumerations(model: AppModel): readonly EnumerationModel[] {
  return declaredModules(model).flatMap((m) => m.enumerations)
}

/**
 * Visits every attribute written in the model, leaving out the system members the loader
 * adds. A visitor rather than a list: some twenty rules walk every attribute, and on a
 * model of thousands of entities building a list per rule is most of the checker's time.
 */
export function forEachAttribute(model: AppModel, visit: (attribute: AttributeModel, entity: EntityModel) => void): void {
  for (const entity of declaredEntities(model)) {
    for (const attribute of entity.attributes) if (!attribute.system) visit(attribute, entity)
  }
}

/** An association with the entity that declares it. */
export interface DeclaredAssociation {
  readonly entity: EntityModel
  readonly association: AssociationModel
}

/** Visits every association with the entity that declares it. */
export function forEachAssociation(model: AppModel, visit: (declared: DeclaredAssociation) => void): void {
  for (const declared of declaredAssociations(model)) visit(declared)
}

/** Every association with the entity that declares it, for rules that need them as a list. */
export function declaredAssociations(model: AppModel): readonly DeclaredAssociation[] {
  const out: DeclaredAssociation[] = []
  for (const entity of declaredEntities(model)) {
    for (const association of entity.associations) out.push({ entity, association })
  }
  return out
}

/** A name written in the model: what it names, where, and who declares it. */
export interface NamedElement {
  readonly kind: 'module' | 'entity' | 'enumeration' | 'attribute' | 'association' | 'inverse'
  readonly name: string
  readonly pos: SourcePosition
  /** The module that declares a module, entity or enumeration; the entity that declares a member. */
  readonly owner: string
  /** For an inverse: the association that declares it. */
  readonly association?: string
}

/** "attribute 'x' of M.E", "entity 'E' of module M", … for messages. */
export function describeElement(e: NamedElement): string {
  switch (e.kind) {
    case 'module':
      return `module '${e.name}'`
    case 'entity':
    case 'enumeration':
      return `${e.kind} '${e.name}' of module ${e.owner}`
    case 'inverse':
      return `inverse '${e.name}' of association '${e.association ?? ''}' of ${e.owner}`
    default:
      return `${e.kind} '${e.name}' of ${e.owner}`
  }
}

/**
 * Visits every name that becomes an identifier somewhere (SQL, URLs, contracts, generated
 * code): modules, entities, enumerations, attributes, associations and inverse navigations.
 */
export function forEachNamedElement(model: AppModel, visit: (element: NamedElement) => void): void {
  for (const m of declaredModules(model)) {
    visit({ kind: 'module', name: m.name, pos: m.pos, owner: m.name })
    for (const e of m.enumerations) visit({ kind: 'enumeration', name: e.name, pos: e.pos, owner: m.name })
    for (const e of m.entities) visitEntityNames(e, visit)
  }
}

function visitEntityNames(e: EntityModel, visit: (element: NamedElement) => void): void {
  const owner = e.qualifiedName
  visit({ kind: 'entity', name: e.name, pos: e.pos, owner: e.module })
  for (const a of e.attributes) if (!a.system) visit({ kind: 'attribute', name: a.name, pos: a.pos, owner })
  for (const a of e.associations) {
    visit({ kind: 'association', name: a.name, pos: a.pos, owner })
    if (a.inverse !== undefined) {
      visit({ kind: 'inverse', name: a.inverse, pos: a.fieldPos.inverse ?? a.pos, owner, association: a.name })
    }
  }
}

/** `file:line:column`, to point from one finding to the other element involved. */
export function where(pos: SourcePosition): string {
  return `${pos.file}:${pos.line}:${pos.column}`
}

/** Source order, to report the later of two elements that conflict. */
export function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column
}
