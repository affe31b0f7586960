import type { ODataBinding, ODataEntitySet, ODataNavigation, ODataOperation, ODataProperty, ODataService } from '../service/service-model.js'
import { containerAnnotations, setAnnotations, VOCABULARIES, VOCABULARY_PATH, type Annotation, type AnnotationValue } from './annotations.js'

export const CONTAINER_NAME = 'Container'

/** The OData version the documents are written for: 4.0 clients get 4.0 documents. */
export type ODataVersion = '4.0' | '4.01'

/**
 * The service's metadata as a CSDL JSON document (OData CSDL JSON 4.01). Note that in CSDL
 * JSON an absent `$Nullable` means false and an absent `$Type` means Edm.String.
 */
export function csdlJson(service: ODataService, version: ODataVersion, root: string): Record<string, unknown> {
  const ns = service.namespace
  const schema: Record<string, unknown> = {}
  for (const e of service.enumerations) {
    schema[e.name] = { $Kind: 'EnumType', ...Object.fromEntries(e.values.map((v, i) => [v.name, i])) }
  }
  for (const set of service.sets) schema[set.typeName] = entityType(set, service)
  // CSDL JSON: an action or function is an array of overloads: an unbound one, and one per binding type.
  for (const o of [...service.operations, ...service.bound]) schema[o.name] = [...((schema[o.name] as unknown[] | undefined) ?? []), operationJson(o, ns)]
  const container: Record<string, unknown> = { $Kind: 'EntityContainer', ...annotationsJson(containerAnnotations(service)) }
  for (const set of service.sets) {
    const bindings = Object.fromEntries(set.navigations.map((n) => [n.name, n.target]))
    container[set.name] = {
      $Collection: true,
      $Type: `${ns}.${set.typeName}`,
      ...(set.navigations.length ? { $NavigationPropertyBinding: bindings } : {}),
      ...annotationsJson(setAnnotations(set)),
    }
  }
  for (const o of service.operations) {
    container[o.name] =
      o.kind === 'action'
        ? { $Action: `${ns}.${o.name}`, ...(o.returns?.set ? { $EntitySet: o.returns.set.name } : {}) }
        : { $Function: `${ns}.${o.name}`, ...(o.returns?.set ? { $EntitySet: o.returns.set.name } : {}), $IncludeInServiceDocument: true }
  }
  schema[CONTAINER_NAME] = container
  return {
    $Version: version,
    $EntityContainer: `${ns}.${CONTAINER_NAME}`,
    $Reference: Object.fromEntries(VOCABULARIES.map((v) => [`${root}/${VOCABULARY_PATH}/${v.namespace}.json`, { $Include: [{ $Namespace: v.namespace, $Alias: v.alias }] }])),
    [ns]: schema,
  }
}

/** The type of a binding parameter: the set's entity type, or a collection of it. */
export function bindingType(b: ODataBinding, ns: string): string {
  const type = `${ns}.${b.set.typeName}`
  return b.collection ? `Collection(${type})` : type
}

/**
 * Where a bound operation's entities come from, from its binding parameter: the binding set
 * itself (`order`), or a navigation of it leading to the returned set (`customer/orders`).
 */
export function entitySetPath(o: ODataOperation): string | undefined {
  const b = o.binding
  const set = o.returns?.set
  if (!b || !set) return undefined
  if (set === b.set) return b.parameter
  const nav = b.set.navigations.find((n) => n.target === set.name)
  return nav ? `${b.parameter}/${nav.name}` : undefined
}

function operationJson(o: ODataOperation, ns: string): Record<string, unknown> {
  const r = o.returns
  const type = r ? (r.set ? `${ns}.${r.set.typeName}` : (r.type?.name ?? 'Edm.String')) : undefined
  const b = o.binding
  const path = entitySetPath(o)
  const parameters = [
    ...(b ? [{ $Name: b.parameter, $Type: `${ns}.${b.set.typeName}`, ...(b.collection ? { $Collection: true } : {}) }] : []),
    ...o.parameters.map((p) => ({ $Name: p.name, ...(p.type.name === 'Edm.String' ? {} : { $Type: p.type.name }), ...(p.nullable ? { $Nullable: true } : {}) })),
  ]
  return {
    $Kind: o.kind === 'action' ? 'Action' : 'Function',
    ...(b ? { $IsBound: true } : {}),
    ...(path ? { $EntitySetPath: path } : {}),
    ...(parameters.length > 0 ? { $Parameter: parameters } : {}),
    ...(type ? { $ReturnType: { ...(type === 'Edm.String' ? {} : { $Type: type }), ...(r?.collection ? { $Collection: true } : { $Nullable: true }) } } : {}),
    ...(o.description ? { '@Core.Description': o.description } : {}),
  }
}

function entityType(set: ODataEntitySet, service: ODataService): Record<string, unknown> {
  const out: Record<string, unknown> = { $Kind: 'EntityType', $Key: set.key.map((k) => k.name) }
  for (const p of set.properties) out[p.name] = propertyJson(p)
  for (const n of set.navigations) out[n.name] = navigationJson(n, service)
  if (set.description) out['@Core.Description'] = set.description
  return out
}

function propertyJson(p: ODataProperty): Record<string, unknown> {
  const t = p.type
  const defaultValue = p.attribute?.default
  return {
    ...(t.name === 'Edm.String' ? {} : { $Type: t.name }),
    ...(p.nullable ? { $Nullable: true } : {}),
    ...(t.maxLength !== undefined ? { $MaxLength: t.maxLength } : {}),
    ...(t.precision !== undefined ? { $Precision: t.precision } : {}),
    ...(t.scale !== undefined ? { $Scale: t.scale } : {}),
    ...(defaultValue !== undefined && defaultValue !== null ? { $DefaultValue: defaultValue } : {}),
    ...(p.readOnly ? { '@Core.Computed': p.attribute?.system === true || p.attribute?.type.kind === 'AutoNumber', '@Core.Permissions': { $EnumMember: 'Core.Permission/Read' } } : {}),
    ...(p.description ? { '@Core.Description': p.description } : {}),
  }
}

function navigationJson(n: ODataNavigation, service: ODataService): Record<string, unknown> {
  const target = service.set.get(n.target)
  const partner = target ? partnerOf(n, target) : undefined
  return {
    $Kind: 'NavigationProperty',
    $Type: `${service.namespace}.${target?.typeName ?? n.target}`,
    ...(n.collection ? { $Collection: true } : n.nullable ? { $Nullable: true } : {}),
    ...(partner ? { $Partner: partner.name } : {}),
  }
}

/** The navigation of the target set that walks the same association back, if it is exposed. */
export function partnerOf(n: ODataNavigation, target: ODataEntitySet): ODataNavigation | undefined {
  return target.navigations.find((t) => t.navigation.association === n.navigation.association && t.navigation.direction !== n.navigation.direction)
}

function annotationsJson(annotations: readonly Annotation[]): Record<string, unknown> {
  return Object.fromEntries(annotations.map((a) => [`@${a.term}`, valueJson(a.value)]))
}

function valueJson(v: AnnotationValue): unknown {
  switch (v.kind) {
    case 'bool':
    case 'string':
    case 'int':
      return v.value
    case 'enum':
      return { $EnumMember: v.value }
    case 'paths':
      return v.value.map((p) => ({ $NavigationPropertyPath: p }))
    case 'strings':
      return [...v.value]
    case 'record':
      return Object.fromEntries(Object.entries(v.value).map(([k, x]) => [k, valueJson(x)]))
  }
}
