import type { AttributeModel, AttributeType } from '../model/index.js'
import type { ValueInfo, ValueType } from './typed-query.js'

/**
 * The small type algebra of the query language: which attribute type has which value type,
 * numeric promotion, and which types may be compared. Kept apart from the checker so the
 * SQL compiler and the evaluator can ask the same questions.
 */

const NUMERIC_RANK: Readonly<Partial<Record<ValueType, number>>> = { Integer: 0, Long: 1, Decimal: 2, Double: 3 }
const NUMERIC_BY_RANK: readonly ValueType[] = ['Integer', 'Long', 'Decimal', 'Double']

/** Integer, Long, Decimal and Double: the types arithmetic accepts. */
export function isNumeric(type: ValueType): boolean {
  return NUMERIC_RANK[type] !== undefined
}

/** Integer and Long: `div` truncates and `mod` is the integer remainder. */
export function isIntegral(type: ValueType): boolean {
  return type === 'Integer' || type === 'Long'
}

/** Numeric promotion, Integer < Long < Decimal < Double; `Null` adopts the other side. */
export function promote(a: ValueType, b: ValueType): ValueType {
  if (a === 'Null') return b
  if (b === 'Null') return a
  return NUMERIC_BY_RANK[Math.max(NUMERIC_RANK[a] ?? 0, NUMERIC_RANK[b] ?? 0)] ?? 'Double'
}

/** Whether two values may be compared with eq/ne/lt/… (and sorted against each other). */
export function comparable(a: ValueInfo, b: ValueInfo): boolean {
  if (a.type === 'Null' || b.type === 'Null') return true
  if (isNumeric(a.type) && isNumeric(b.type)) return true
  if (a.type !== b.type || a.type === 'Binary') return false
  return a.type !== 'Enum' || a.enumeration === b.enumeration
}

/** Whether values of the type have an order (sort keys, lt/gt, min/max). */
export function orderable(type: ValueType): boolean {
  return type !== 'Binary'
}

/** Value type of an attribute type: Text is a String, AutoNumber a Long. */
export function valueTypeOf(type: AttributeType): ValueType {
  switch (type.kind) {
    case 'Text':
      return 'String'
    case 'AutoNumber':
      return 'Long'
    case 'Unknown':
      return 'String'
    default:
      return type.kind
  }
}

/** The value info of an attribute read directly from its object. */
export function attributeInfo(attribute: AttributeModel): ValueInfo {
  const type = attribute.type
  return {
    type: valueTypeOf(type),
    nullable: !attribute.required,
    ...(type.kind === 'Enum' ? { enumeration: type.enumeration } : {}),
    ...(type.kind === 'Decimal' ? { scale: type.scale } : {}),
  }
}

/** Whether an attribute takes part in text search. */
export function isSearchable(attribute: AttributeModel): boolean {
  return attribute.type.kind === 'String' || attribute.type.kind === 'Text'
}

/** Same info, possibly null (reached through an optional navigation). */
export function asNullable(info: ValueInfo): ValueInfo {
  return info.nullable ? info : { ...info, nullable: true }
}

/** A type as messages name it: `Decimal`, `Enum(Catalog.ProductStatus)`. */
export function describeType(info: ValueInfo): string {
  return info.type === 'Enum' && info.enumeration ? `Enum(${info.enumeration})` : info.type
}
