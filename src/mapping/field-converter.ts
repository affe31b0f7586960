import type { AttributeType, ModelIndex } from '../model/index.js'
import { compileConverter, type Converter } from './compile-converter.js'
import type { ConvertDeclaration } from './mapping-declaration.js'
import { mappingErrors } from './errors.js'
import type { ResolvedField } from './resolve-field.js'

type ValueField = Exclude<ResolvedField, { kind: 'nested' | 'unknown' }>

/** The type a value field carries: the attribute's, the target key's, or a reference id (Long). */
export function valueType(f: ValueField): AttributeType {
  if (f.kind === 'attribute') return f.attribute.type
  if (f.kind === 'lookup') return f.key.type
  return { kind: 'Long' }
}

const KEYS_BY_TYPE: Readonly<Record<string, readonly (keyof ConvertDeclaration)[]>> = {
  Date: ['pattern'],
  DateTime: ['pattern', 'timeZone'],
  Integer: ['decimal', 'grouping'],
  Long: ['decimal', 'grouping'],
  AutoNumber: ['decimal', 'grouping'],
  Decimal: ['decimal', 'grouping'],
  Boolean: ['trueWords', 'falseWords'],
  Enum: ['enumBy'],
}

/**
 * The conversion a field applies: the mapping's `convert` keys that apply to the member's
 * type, overridden by the field's own. `undefined` when there is none, so JSON reads typed.
 */
export function effectiveConvert(f: ValueField): ConvertDeclaration | undefined {
  const applicable = KEYS_BY_TYPE[valueType(f).kind] ?? []
  const inherited = Object.fromEntries(Object.entries(f.field.inherited ?? {}).filter(([k]) => applicable.includes(k as keyof ConvertDeclaration)))
  if (f.field.convert === undefined && Object.keys(inherited).length === 0) return undefined
  return { ...inherited, ...f.field.convert }
}

/** The converter of a value field, or why its `convert` cannot apply. */
export function fieldConverter(f: ValueField, textWire: boolean, index: ModelIndex): Converter | { readonly problem: string } {
  const type = valueType(f)
  const enumeration = type.kind === 'Enum' ? index.enumeration(type.enumeration) : undefined
  const convert = effectiveConvert(f)
  return compileConverter({
    type,
    text: textWire || convert !== undefined,
    ...(convert ? { convert } : {}),
    ...(enumeration ? { enumeration } : {}),
  })
}

/** Like `fieldConverter`, for a checked model: a problem here is a defect. */
export function compileFieldConverter(f: ValueField, textWire: boolean, index: ModelIndex): Converter {
  const converter = fieldConverter(f, textWire, index)
  if ('problem' in converter) {
    throw mappingErrors.create('MAPPING_NOT_COMPILABLE', `field '${f.field.member}': ${converter.problem}`)
  }
  return converter
}
