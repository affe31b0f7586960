import type { AttributeType } from '../../model/index.js'

/** Scalar types of flow values; Enum carries its enumeration. */
export type ScalarName = 'String' | 'Integer' | 'Long' | 'Decimal' | 'Boolean' | 'Date' | 'DateTime' | 'UUID' | 'Binary' | 'Enum'

/**
 * The type of a flow value, as the checker knows it: a scalar, an entity object, a list,
 * a record with named fields (an import summary, an event), `null` (the literal `empty`),
 * or `any` (a payload or an action's result, checked only when it is written).
 */
export type FlowType =
  | { readonly kind: 'scalar'; readonly name: ScalarName; readonly enumeration?: string }
  | { readonly kind: 'object'; readonly entity: string }
  | { readonly kind: 'list'; readonly element: FlowType }
  | { readonly kind: 'record'; readonly name: string; readonly fields: Readonly<Record<string, FlowType>> }
  | { readonly kind: 'null' }
  | { readonly kind: 'any' }

const scalars = new Map<ScalarName, FlowType>()
/** The scalar type of a name (shared instances: types are plain data). */
export function scalar(name: ScalarName, enumeration?: string): FlowType {
  if (enumeration !== undefined) return Object.freeze({ kind: 'scalar', name, enumeration })
  let t = scalars.get(name)
  if (!t) scalars.set(name, (t = Object.freeze({ kind: 'scalar', name })))
  return t
}

export const ANY: FlowType = Object.freeze({ kind: 'any' })
export const NULL: FlowType = Object.freeze({ kind: 'null' })
export const STRING = scalar('String')
export const INTEGER = scalar('Integer')
export const LONG = scalar('Long')
export const DECIMAL = scalar('Decimal')
export const BOOLEAN = scalar('Boolean')
export const DATE = scalar('Date')
export const DATE_TIME = scalar('DateTime')

export const objectOf = (entity: string): FlowType => Object.freeze({ kind: 'object', entity })
export const listOf = (element: FlowType): FlowType => Object.freeze({ kind: 'list', element })
export const recordOf = (name: string, fields: Record<string, FlowType>): FlowType => Object.freeze({ kind: 'record', name, fields: Object.freeze(fields) })

/** The flow type of an attribute type (AutoNumber reads as Long). */
export function attributeFlowType(type: AttributeType): FlowType {
  switch (type.kind) {
    case 'Text':
      return STRING
    case 'AutoNumber':
      return LONG
    case 'Enum':
      return scalar('Enum', type.enumeration)
    case 'Unknown':
      return ANY
    default:
      return scalar(type.kind)
  }
}

const NUMERIC = new Set<ScalarName>(['Integer', 'Long', 'Decimal'])

export function isNumeric(t: FlowType): boolean {
  return t.kind === 'scalar' && NUMERIC.has(t.name)
}

export function isText(t: FlowType): boolean {
  return t.kind === 'scalar' && t.name === 'String'
}

/** Numbers widen Integer < Long < Decimal. */
export function widerNumber(a: FlowType, b: FlowType): FlowType {
  if (a.kind !== 'scalar' || b.kind !== 'scalar') return DECIMAL
  if (a.name === 'Decimal' || b.name === 'Decimal') return DECIMAL
  if (a.name === 'Long' || b.name === 'Long') return LONG
  return INTEGER
}

/** Whether a value of type `from` may be stored where `to` is expected (without a literal check). */
export function assignable(from: FlowType, to: FlowType): boolean {
  if (from.kind === 'any' || to.kind === 'any' || from.kind === 'null') return true
  if (to.kind === 'scalar' && from.kind === 'scalar') {
    if (NUMERIC.has(to.name) && NUMERIC.has(from.name)) return to.name === 'Decimal' || from.name !== 'Decimal'
    if (to.name === 'Enum') return from.name === 'Enum' ? from.enumeration === to.enumeration : false
    return to.name === from.name
  }
  if (to.kind === 'object' && from.kind === 'object') return to.entity === from.entity
  if (to.kind === 'list' && from.kind === 'list') return assignable(from.element, to.element)
  return to.kind === 'record' && from.kind === 'record' && to.name === from.name
}

/** Whether two values can be compared with = and != (and, when ordered, with < and >). */
export function comparable(a: FlowType, b: FlowType, ordered: boolean): boolean {
  if (a.kind === 'any' || b.kind === 'any') return true
  if (a.kind === 'null' || b.kind === 'null') return !ordered
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (NUMERIC.has(a.name) && NUMERIC.has(b.name)) return true
    if (a.name === 'Enum' && b.name === 'Enum') return a.enumeration === b.enumeration
    if (ordered && (a.name === 'Boolean' || a.name === 'Binary')) return false
    return a.name === b.name
  }
  return !ordered && a.kind === 'object' && b.kind === 'object' && a.entity === b.entity
}

/** How a type reads in a message: `Decimal`, `Enum(Catalog.ProductStatus)`, `Sales.Order`, `list of Sales.Order`. */
export function describeType(t: FlowType): string {
  switch (t.kind) {
    case 'scalar':
      return t.name === 'Enum' ? `Enum(${t.enumeration ?? '?'})` : t.name
    case 'object':
      return t.entity
    case 'list':
      return `list of ${describeType(t.element)}`
    case 'record':
      return t.name
    case 'null':
      return 'empty'
    case 'any':
      return 'any value'
  }
}
