import type { AttributeType } from '../model/index.js'
import type { JsonShape } from './json-structure.js'
import { xsCategory } from './xml-structure.js'

/** The JSON types a member accepts without a `convert` (with one, the JSON value is text). */
function jsonAccepts(type: AttributeType, converted: boolean): readonly string[] {
  if (converted) return ['string']
  switch (type.kind) {
    case 'Integer':
    case 'Long':
    case 'AutoNumber':
      return ['integer']
    case 'Decimal':
      return ['integer', 'number', 'string']
    case 'Boolean':
      return ['boolean']
    default:
      return ['string']
  }
}

/** Why a JSON value of `shape` cannot go into a member of `type`; undefined when it can. */
export function jsonMismatch(shape: JsonShape, type: AttributeType, converted: boolean): string | undefined {
  if (shape.kind === 'any') return undefined
  if (shape.kind !== 'scalar') return `the JSON value is ${shape.kind === 'object' ? 'an object' : 'an array'}, but ${type.kind} takes one value`
  if (shape.type === 'null') return undefined
  const accepted = jsonAccepts(type, converted)
  if (!accepted.includes(shape.type)) {
    const hint = shape.type === 'string' ? '; add a convert (convert: {} reads the default text form)' : ''
    return `the JSON value is ${article(shape.type)}, but ${type.kind} takes ${accepted.map(article).join(' or ')}${hint}`
  }
  if (shape.type === 'string' && !converted && shape.format !== undefined) {
    if (type.kind === 'Date' && shape.format === 'date-time') return 'the JSON value is a date-time, but Date takes a date'
    if (type.kind === 'DateTime' && shape.format === 'date') return 'the JSON value is a date, but DateTime takes a date-time'
  }
  return undefined
}

const CATEGORY_OF: Readonly<Record<string, string>> = { Integer: 'integer', Long: 'integer', AutoNumber: 'integer', Decimal: 'number', Boolean: 'boolean', Date: 'date', DateTime: 'date-time' }

/** Why XML text of the XSD type `xsType` cannot go into a member of `type` (XML text parses, so only typed XSD values can clash). */
export function xmlMismatch(xsType: string, type: AttributeType): string | undefined {
  const wire = xsCategory(xsType)
  const member = CATEGORY_OF[type.kind]
  if (wire === 'string' || member === undefined || wire === member || (wire === 'integer' && member === 'number')) return undefined
  return `the XSD type is xs:${xsType}, which does not read as ${type.kind}`
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}
