import type { AttributeModel, AttributeType } from '../../../model/index.js'

/**
 * How a value travels in JSON: `int64` and `decimal` are numbers unless the client asks for
 * IEEE754Compatible, then strings; `binary` is base64url text.
 */
export type WireKind = 'string' | 'int32' | 'int64' | 'decimal' | 'boolean' | 'binary' | 'other'

/** An Edm primitive or enumeration type with its facets (CONTRACT-RULES G1–G5). */
export interface EdmType {
  /** `Edm.String`, `Edm.Int64`, … or a qualified enumeration type (`Sales.OrderStatus`). */
  readonly name: string
  readonly maxLength?: number
  readonly precision?: number
  readonly scale?: number
  /** The model enumeration behind an EnumType (`Module.Enum`). */
  readonly enumeration?: string
  readonly wire: WireKind
}

/** The Edm type of an attribute; enumerations become EnumTypes in the service namespace. */
export function edmTypeOf(attribute: AttributeModel, namespace: string): EdmType {
  return edmTypeOfType(attribute.type, namespace)
}

function edmTypeOfType(type: AttributeType, namespace: string): EdmType {
  switch (type.kind) {
    case 'String':
      return { name: 'Edm.String', maxLength: type.length, wire: 'string' }
    case 'Text':
      return { name: 'Edm.String', wire: 'string' }
    case 'Integer':
      return { name: 'Edm.Int32', wire: 'int32' }
    case 'Long':
    case 'AutoNumber':
      return { name: 'Edm.Int64', wire: 'int64' }
    case 'Decimal':
      return { name: 'Edm.Decimal', precision: type.precision, scale: type.scale, wire: 'decimal' }
    case 'Boolean':
      return { name: 'Edm.Boolean', wire: 'boolean' }
    case 'Date':
      return { name: 'Edm.Date', wire: 'other' }
    case 'DateTime':
      // DateTime values are stored to the millisecond (docs/query.md).
      return { name: 'Edm.DateTimeOffset', precision: 3, wire: 'other' }
    case 'Enum':
      return { name: `${namespace}.${type.enumeration.split('.').pop() ?? type.enumeration}`, enumeration: type.enumeration, wire: 'string' }
    case 'UUID':
      return { name: 'Edm.Guid', wire: 'other' }
    case 'Binary':
      return { name: 'Edm.Binary', wire: 'binary' }
    default:
      return { name: 'Edm.String', wire: 'string' }
  }
}

/** The id of a referenced object, exposed as a property (a foreign key). */
export const ID_TYPE: EdmType = Object.freeze({ name: 'Edm.Int64', wire: 'int64' })
