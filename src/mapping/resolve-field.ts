import type { AttributeModel, EntityModel, ModelIndex, Navigation } from '../model/index.js'
import type { FieldDeclaration } from './mapping-declaration.js'

/**
 * What a field's `member` is on its entity. The checker reports every `unknown` and
 * `unsupported`; the compiler sees only checked models and builds one closure per kind.
 */
export type ResolvedField =
  | { readonly kind: 'attribute'; readonly field: FieldDeclaration; readonly attribute: AttributeModel }
  /** A to-one reference given by the target's id. */
  | { readonly kind: 'reference'; readonly field: FieldDeclaration; readonly navigation: Navigation }
  /** A to-one reference given by a key member of the target, resolved later by the caller. */
  | { readonly kind: 'lookup'; readonly field: FieldDeclaration; readonly navigation: Navigation; readonly key: AttributeModel }
  /** A nested object (to-one) or collection (to-many) read with its own fields. */
  | { readonly kind: 'nested'; readonly field: FieldDeclaration; readonly navigation: Navigation; readonly fields: readonly ResolvedField[] }
  /** `member`: no such member; `shape`: the field does not fit it (PM302, PM303). */
  | { readonly kind: 'unknown'; readonly field: FieldDeclaration; readonly reason: string; readonly problem: 'member' | 'shape' }

/** Resolves every field of one level against its entity, nested levels included. */
export function resolveFields(index: ModelIndex, entity: EntityModel, fields: readonly FieldDeclaration[]): ResolvedField[] {
  return fields.map((field) => resolveField(index, entity, field))
}

function resolveField(index: ModelIndex, entity: EntityModel, field: FieldDeclaration): ResolvedField {
  const attribute = index.attribute(entity, field.member)
  if (attribute) {
    if (field.fields || field.lookup) {
      return unknown(field, `'${field.member}' of ${entity.qualifiedName} is an attribute: it takes a value, not ${field.fields ? 'nested fields' : 'a lookup'}`)
    }
    return { kind: 'attribute', field, attribute }
  }
  const navigation = index.navigation(entity, field.member)
  if (!navigation) return unknown(field, `${entity.qualifiedName} has no attribute or association '${field.member}'`, 'member')
  if (field.fields) {
    return { kind: 'nested', field, navigation, fields: resolveFields(index, navigation.target, field.fields) }
  }
  if (navigation.cardinality === 'many' || navigation.direction === 'inverse') {
    return unknown(field, `'${field.member}' of ${entity.qualifiedName} leads to many ${navigation.target.qualifiedName} objects: map it with nested fields`)
  }
  if (!field.lookup) return { kind: 'reference', field, navigation }
  const key = index.attribute(navigation.target, field.lookup.key)
  if (!key) return unknown(field, `lookup key '${field.lookup.key}' is not an attribute of ${navigation.target.qualifiedName}`)
  return { kind: 'lookup', field, navigation, key }
}

function unknown(field: FieldDeclaration, reason: string, problem: 'member' | 'shape' = 'shape'): ResolvedField {
  return { kind: 'unknown', field, reason, problem }
}

/** Every resolved field of a tree, depth first, with its entity. */
export function forEachResolved(
  entity: EntityModel,
  fields: readonly ResolvedField[],
  visit: (field: ResolvedField, entity: EntityModel) => void,
): void {
  for (const f of fields) {
    visit(f, entity)
    if (f.kind === 'nested') forEachResolved(f.navigation.target, f.fields, visit)
  }
}
