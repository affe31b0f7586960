import { attributeKey, type XmlElement } from './xml-element.js'

/**
 * The structure of XML as the checker sees it, from an XSD or a sample: child elements
 * and attributes by `uri|local`, and the XSD simple type of text and attributes
 * (`string` when unknown or from a sample).
 */
export interface XmlShape {
  readonly children: Map<string, XmlShape>
  readonly attributes: Map<string, string>
  text: string
}

const XS = 'http://www.w3.org/2001/XMLSchema'
const MAX_DEPTH = 32

function shape(): XmlShape {
  return { children: new Map(), attributes: new Map(), text: 'string' }
}

/** A document node whose children are the possible root elements. */
export function shapeOfXmlSample(root: XmlElement): XmlShape {
  const documentNode = shape()
  addSample(documentNode, root)
  return documentNode
}

function addSample(parent: XmlShape, e: XmlElement): void {
  const key = attributeKey(e.uri, e.local)
  const s = parent.children.get(key) ?? shape()
  parent.children.set(key, s)
  for (const k of e.attributes.keys()) if (!k.startsWith('http://www.w3.org/2000/xmlns/|') && k !== '|xmlns') s.attributes.set(k, 'string')
  for (const c of e.children) addSample(s, c)
}

const local = (qname: string | undefined): string => (qname ?? '').replace(/^.*:/, '')
const xs = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.uri === XS && c.local === name)
const attr = (e: XmlElement, name: string): string | undefined => e.attributes.get(attributeKey('', name))

/** The declarations of one XSD, by name. */
interface Xsd {
  readonly target: string
  readonly qualified: boolean
  readonly elements: ReadonlyMap<string, XmlElement>
  readonly complexTypes: ReadonlyMap<string, XmlElement>
  readonly simpleTypes: ReadonlyMap<string, XmlElement>
}

/** The built-in type a named simple type restricts. */
function simpleBase(xsd: Xsd, name: string, depth = 0): string {
  const t = xsd.simpleTypes.get(name)
  const restriction = t ? xs(t, 'restriction')[0] : undefined
  const base = restriction ? local(attr(restriction, 'base')) : undefined
  return base && depth < MAX_DEPTH ? simpleBase(xsd, base, depth + 1) : name
}

function fillType(xsd: Xsd, s: XmlShape, type: XmlElement, depth: number): void {
  if (depth > MAX_DEPTH) return
  for (const a of xs(type, 'attribute')) s.attributes.set(attributeKey('', attr(a, 'name') ?? local(attr(a, 'ref'))), simpleBase(xsd, local(attr(a, 'type') ?? 'string')))
  for (const group of ['sequence', 'choice', 'all']) for (const g of xs(type, group)) fillGroup(xsd, s, g, depth)
  for (const content of [...xs(type, 'complexContent'), ...xs(type, 'simpleContent')]) {
    for (const ext of [...xs(content, 'extension'), ...xs(content, 'restriction')]) {
      const base = local(attr(ext, 'base'))
      const baseType = xsd.complexTypes.get(base)
      if (baseType) fillType(xsd, s, baseType, depth + 1)
      else s.text = simpleBase(xsd, base)
      fillType(xsd, s, ext, depth + 1)
    }
  }
}

function fillGroup(xsd: Xsd, s: XmlShape, group: XmlElement, depth: number): void {
  for (const e of xs(group, 'element')) addElement(xsd, s, e, false, depth + 1)
  for (const nested of [...xs(group, 'sequence'), ...xs(group, 'choice')]) fillGroup(xsd, s, nested, depth + 1)
}

function addElement(xsd: Xsd, parent: XmlShape, e: XmlElement, global: boolean, depth: number): void {
  const ref = attr(e, 'ref')
  const decl = ref ? xsd.elements.get(local(ref)) : e
  if (!decl || depth > MAX_DEPTH) return
  const uri = ref || global || xsd.qualified ? xsd.target : ''
  const s = shape()
  parent.children.set(attributeKey(uri, attr(decl, 'name') ?? ''), s)
  const typeName = local(attr(decl, 'type'))
  const inline = xs(decl, 'complexType')[0]
  const named = xsd.complexTypes.get(typeName)
  if (inline) fillType(xsd, s, inline, depth)
  else if (named) fillType(xsd, s, named, depth)
  else s.text = simpleBase(xsd, typeName || 'string')
}

/** The shape an XSD describes: global elements, named and anonymous types, sequence/choice/all, extensions. */
export function shapeOfXsd(schema: XmlElement): XmlShape {
  const named = (kind: string) => new Map(xs(schema, kind).map((e) => [attr(e, 'name') ?? '', e]))
  const xsd: Xsd = {
    target: attr(schema, 'targetNamespace') ?? '',
    qualified: attr(schema, 'elementFormDefault') === 'qualified',
    elements: named('element'),
    complexTypes: named('complexType'),
    simpleTypes: named('simpleType'),
  }
  const documentNode = shape()
  for (const e of xsd.elements.values()) addElement(xsd, documentNode, e, true, 0)
  return documentNode
}

/** The XSD simple type's category, for type checks: integer, number, boolean, date, date-time or string. */
export function xsCategory(type: string): 'integer' | 'number' | 'boolean' | 'date' | 'date-time' | 'string' {
  if (/^(int|integer|long|short|byte|(non)?(Negative|Positive)Integer|nonNegativeInteger|nonPositiveInteger|positiveInteger|negativeInteger|unsigned(Int|Long|Short|Byte))$/.test(type)) return 'integer'
  if (/^(decimal|double|float)$/.test(type)) return 'number'
  if (type === 'boolean') return 'boolean'
  if (type === 'date') return 'date'
  if (type === 'dateTime') return 'date-time'
  return 'string'
}
