import type { ODataEntitySet, ODataNavigation, ODataOperation, ODataProperty, ODataService } from '../service/service-model.js'
import { containerAnnotations, setAnnotations, VOCABULARIES, VOCABULARY_PATH, type Annotation, type AnnotationValue } from './annotations.js'
import { bindingType, CONTAINER_NAME, entitySetPath, partnerOf, type ODataVersion } from './csdl-json.js'

/** Escapes text for an XML attribute value. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

type Attrs = Readonly<Record<string, string | number | boolean | undefined>>

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('')
}

/** The service's metadata as a CSDL XML document (`$metadata`, OData CSDL XML 4.01). */
export function csdlXml(service: ODataService, version: ODataVersion, root: string): string {
  const ns = service.namespace
  const lines: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<edmx:Edmx Version="${version}" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">`,
    ...VOCABULARIES.map((v) => `  <edmx:Reference Uri="${xmlEscape(`${root}/${VOCABULARY_PATH}/${v.namespace}.xml`)}"><edmx:Include Namespace="${v.namespace}" Alias="${v.alias}"/></edmx:Reference>`),
    '  <edmx:DataServices>',
    `    <Schema Namespace="${xmlEscape(ns)}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
  ]
  for (const e of service.enumerations) {
    lines.push(`      <EnumType Name="${e.name}">`, ...e.values.map((v, i) => `        <Member Name="${v.name}" Value="${i}"/>`), '      </EnumType>')
  }
  for (const set of service.sets) lines.push(...entityType(set, service))
  for (const o of [...service.operations, ...service.bound]) lines.push(...operationXml(o, ns))
  lines.push(`      <EntityContainer Name="${CONTAINER_NAME}">`)
  for (const set of service.sets) {
    lines.push(`        <EntitySet Name="${set.name}" EntityType="${ns}.${set.typeName}">`)
    for (const n of set.navigations) lines.push(`          <NavigationPropertyBinding Path="${n.name}" Target="${n.target}"/>`)
    lines.push(...setAnnotations(set).map((a) => `          ${annotationXml(a)}`), '        </EntitySet>')
  }
  for (const o of service.operations) {
    const common = { Name: o.name, EntitySet: o.returns?.set?.name }
    lines.push(
      o.kind === 'action'
        ? `        <ActionImport${attrs({ ...common, Action: `${ns}.${o.name}` })}/>`
        : `        <FunctionImport${attrs({ ...common, Function: `${ns}.${o.name}`, IncludeInServiceDocument: true })}/>`,
    )
  }
  lines.push(...containerAnnotations(service).map((a) => `        ${annotationXml(a)}`), '      </EntityContainer>', '    </Schema>', '  </edmx:DataServices>', '</edmx:Edmx>')
  return lines.join('\n') + '\n'
}

function entityType(set: ODataEntitySet, service: ODataService): string[] {
  return [
    `      <EntityType Name="${set.typeName}">`,
    `        <Key>${set.key.map((k) => `<PropertyRef Name="${k.name}"/>`).join('')}</Key>`,
    ...set.properties.map((p) => `        ${propertyXml(p)}`),
    ...set.navigations.map((n) => `        ${navigationXml(n, service)}`),
    ...(set.description ? [`        ${annotationXml({ term: 'Core.Description', value: { kind: 'string', value: set.description } })}`] : []),
    '      </EntityType>',
  ]
}

/** An Action or Function: its binding parameter when bound, its parameters (the flow's) and return type. */
function operationXml(o: ODataOperation, ns: string): string[] {
  const element = o.kind === 'action' ? 'Action' : 'Function'
  const returns = o.returns
  const type = returns ? (returns.set ? `${ns}.${returns.set.typeName}` : (returns.type?.name ?? 'Edm.String')) : undefined
  const b = o.binding
  const path = entitySetPath(o)
  return [
    `      <${element}${attrs({ Name: o.name, IsBound: b !== undefined, ...(o.kind === 'function' ? { IsComposable: false } : {}), EntitySetPath: path })}>`,
    ...(b ? [`        <Parameter${attrs({ Name: b.parameter, Type: bindingType(b, ns), Nullable: false })}/>`] : []),
    ...o.parameters.map((p) => `        <Parameter${attrs({ Name: p.name, Type: p.type.name, Nullable: p.nullable ? undefined : false })}/>`),
    ...(type ? [`        <ReturnType${attrs({ Type: returns?.collection ? `Collection(${type})` : type, Nullable: returns?.collection ? false : undefined })}/>`] : []),
    ...(o.description ? [`        ${annotationXml({ term: 'Core.Description', value: { kind: 'string', value: o.description } })}`] : []),
    `      </${element}>`,
  ]
}

function propertyXml(p: ODataProperty): string {
  const t = p.type
  const d = p.attribute?.default
  const a = attrs({
    Name: p.name,
    Type: t.name,
    Nullable: p.nullable ? undefined : false,
    MaxLength: t.maxLength,
    Precision: t.precision,
    Scale: t.scale,
    DefaultValue: d === undefined || d === null ? undefined : String(d),
  })
  const inner: Annotation[] = [
    ...(p.readOnly ? [{ term: 'Core.Computed', value: { kind: 'bool', value: p.attribute?.system === true || p.attribute?.type.kind === 'AutoNumber' } } as Annotation] : []),
    ...(p.readOnly ? [{ term: 'Core.Permissions', value: { kind: 'enum', value: 'Core.Permission/Read' } } as Annotation] : []),
    ...(p.description ? [{ term: 'Core.Description', value: { kind: 'string', value: p.description } } as Annotation] : []),
  ]
  return inner.length === 0 ? `<Property${a}/>` : `<Property${a}>${inner.map(annotationXml).join('')}</Property>`
}

function navigationXml(n: ODataNavigation, service: ODataService): string {
  const target = service.set.get(n.target)
  const type = `${service.namespace}.${target?.typeName ?? n.target}`
  const partner = target ? partnerOf(n, target) : undefined
  return `<NavigationProperty${attrs({
    Name: n.name,
    Type: n.collection ? `Collection(${type})` : type,
    Nullable: n.collection || n.nullable ? undefined : false,
    Partner: partner?.name,
  })}/>`
}

function annotationXml(a: Annotation): string {
  const v = a.value
  switch (v.kind) {
    case 'bool':
      return `<Annotation Term="${a.term}" Bool="${v.value}"/>`
    case 'string':
      return `<Annotation Term="${a.term}" String="${xmlEscape(v.value)}"/>`
    case 'int':
      return `<Annotation Term="${a.term}" Int="${v.value}"/>`
    case 'enum':
      return `<Annotation Term="${a.term}" EnumMember="${v.value}"/>`
    default:
      return `<Annotation Term="${a.term}">${valueXml(v)}</Annotation>`
  }
}

function valueXml(v: AnnotationValue): string {
  switch (v.kind) {
    case 'bool':
      return `<Bool>${v.value}</Bool>`
    case 'string':
      return `<String>${xmlEscape(v.value)}</String>`
    case 'int':
      return `<Int>${v.value}</Int>`
    case 'enum':
      return `<EnumMember>${v.value}</EnumMember>`
    case 'paths':
      return `<Collection>${v.value.map((p) => `<NavigationPropertyPath>${p}</NavigationPropertyPath>`).join('')}</Collection>`
    case 'strings':
      return `<Collection>${v.value.map((s) => `<String>${xmlEscape(s)}</String>`).join('')}</Collection>`
    case 'record':
      return `<Record>${Object.entries(v.value)
        .map(([k, x]) => (x.kind === 'bool' ? `<PropertyValue Property="${k}" Bool="${x.value}"/>` : `<PropertyValue Property="${k}">${valueXml(x)}</PropertyValue>`))
        .join('')}</Record>`
  }
}
