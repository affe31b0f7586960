import type { ModelIndex, Navigation } from '../../model/index.js'
import { closestName } from '../../model/rules/closest-name.js'
import { ANY, attributeFlowType, describeType, LONG, listOf, objectOf, type FlowType } from './flow-types.js'

/**
 * One `/name` step of a path and how it is walked at run time: a stored value of the row
 * (`value`), a field of a record or payload (`field`), or a navigation that loads the
 * object (`one`) or the objects (`many`) it leads to.
 */
export type PathStep =
  | { readonly kind: 'value'; readonly name: string; readonly type: FlowType }
  | { readonly kind: 'field'; readonly name: string; readonly type: FlowType }
  | { readonly kind: 'one' | 'many'; readonly name: string; readonly type: FlowType; readonly navigation: Navigation }

/** The step for reading `name` from a value of type `from`, or why it cannot be read. */
export function resolveMember(from: FlowType, name: string, index: ModelIndex): PathStep | { readonly problem: string } {
  switch (from.kind) {
    case 'any':
      return { kind: 'field', name, type: ANY }
    case 'record': {
      const t = from.fields[name]
      if (t && Object.hasOwn(from.fields, name)) return { kind: 'field', name, type: t }
      return { problem: `${from.name} has no field '${name}'; fields: ${Object.keys(from.fields).join(', ')}` }
    }
    case 'object':
      return objectMember(from.entity, name, index)
    default:
      return { problem: `cannot read '${name}' of ${describeType(from)}${from.kind === 'list' ? ': go through its elements with forEach' : ''}` }
  }
}

function objectMember(entityName: string, name: string, index: ModelIndex): PathStep | { readonly problem: string } {
  const entity = index.entity(entityName)
  if (!entity) return { kind: 'field', name, type: ANY }
  if (name === 'id') return { kind: 'value', name, type: LONG }
  const attribute = index.attribute(entity, name)
  if (attribute) return { kind: 'value', name, type: attributeFlowType(attribute.type) }
  const navigation = index.navigation(entity, name)
  if (navigation) {
    const target = objectOf(navigation.target.qualifiedName)
    return navigation.cardinality === 'one'
      ? { kind: 'one', name, type: target, navigation }
      : { kind: 'many', name, type: listOf(target), navigation }
  }
  const members = [...entity.attributes.map((a) => a.name), ...index.navigations(entity).map((n) => n.name)]
  const hint = closestName(name, members)
  return { problem: `${entity.qualifiedName} has no member '${name}'${hint ? ` (did you mean '${hint}'?)` : `; members: ${members.join(', ')}`}` }
}
