import type { AttributeType, EnumerationModel } from '../model/index.js'
import { compileDateCodec } from './date-converter.js'
import { importError, showValue } from './import-error.js'
import type { ConvertDeclaration } from './mapping-declaration.js'
import { compileNumberFormat, type NumberFormat } from './number-format.js'
import { compileTextConverter, type Converter, INVALID, WRITE_FAILED } from './text-converter.js'

export { INVALID, WRITE_FAILED, type Converter } from './text-converter.js'

/**
 * One member's conversion between wire and kernel encoding, compiled once per field.
 * `text` wires (CSV, XML, and JSON fields that declare `convert`) carry every value as
 * text; typed JSON carries numbers and booleans as themselves.
 */
export interface ConverterOptions {
  readonly type: AttributeType
  readonly convert?: ConvertDeclaration
  /** Whether the wire value is text to parse (CSV, XML, JSON with `convert`). */
  readonly text: boolean
  readonly enumeration?: EnumerationModel
}

const INT32 = 2147483647

/** The converter, or the problem that makes `convert` unusable for this type. */
export function compileConverter(options: ConverterOptions): Converter | { readonly problem: string } {
  const { type, convert = {} } = options
  const misplaced = misplacedConvert(type, convert)
  if (misplaced) return { problem: misplaced }
  switch (type.kind) {
    case 'Integer':
    case 'Long':
    case 'AutoNumber':
    case 'Decimal':
      return numberConverter(type, compileNumberFormat(convert), options.text)
    case 'Boolean':
      return booleanConverter(convert, options.text)
    case 'Date':
    case 'DateTime': {
      const codec = compileDateCodec(type.kind, convert)
      if ('problem' in codec) return codec
      return compileTextConverter({ expected: codec.expected, read: codec.read, write: codec.write, textual: false })
    }
    case 'Enum':
      return enumConverter(options.enumeration, convert.enumBy ?? 'name')
    default:
      return compileTextConverter({ expected: 'text', read: (t) => t, write: (v) => v, textual: type.kind === 'String' || type.kind === 'Text', type })
  }
}

/** A `convert` key that means nothing for the member's type is a mistake, not a no-op. */
function misplacedConvert(type: AttributeType, c: ConvertDeclaration): string | undefined {
  const date = type.kind === 'Date' || type.kind === 'DateTime'
  const numeric = ['Integer', 'Long', 'AutoNumber', 'Decimal'].includes(type.kind)
  if ((c.pattern !== undefined || c.timeZone !== undefined) && !date) return `pattern and timeZone apply to Date and DateTime, not ${type.kind}`
  if (c.timeZone !== undefined && type.kind === 'Date') return 'timeZone applies to DateTime, not Date'
  if ((c.decimal !== undefined || c.grouping !== undefined) && !numeric) return `decimal and grouping apply to numbers, not ${type.kind}`
  if (c.decimal !== undefined && c.decimal === c.grouping) return 'decimal and grouping separators must differ'
  if ((c.trueWords !== undefined || c.falseWords !== undefined) && type.kind !== 'Boolean') return `true and false words apply to Boolean, not ${type.kind}`
  if (c.enumBy !== undefined && type.kind !== 'Enum') return `enum applies to Enum attributes, not ${type.kind}`
  return undefined
}

function numberConverter(type: AttributeType, format: NumberFormat, text: boolean): Converter {
  const integral = type.kind !== 'Decimal'
  const max = type.kind === 'Integer' ? INT32 : Number.MAX_SAFE_INTEGER
  const scale = type.kind === 'Decimal' ? type.scale : undefined
  const expected = integral ? `an integer (at most ${max} in magnitude)` : 'a number'
  const check = (n: number | undefined): number | typeof INVALID =>
    n === undefined || !Number.isFinite(n) || (integral && (!Number.isInteger(n) || Math.abs(n) > max)) ? INVALID : n
  const accepts = (raw: unknown): boolean => (text ? typeof raw === 'string' : typeof raw === 'number' || (typeof raw === 'string' && !integral))
  return {
    textual: false,
    read: (raw) => (accepts(raw) ? check(typeof raw === 'number' ? raw : format.parse(raw as string)) : INVALID),
    explain: (raw, path) => importError(path, raw, accepts(raw) ? 'format' : 'type', `${path} must be ${expected}, got ${showValue(raw)}`),
    write(value) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return WRITE_FAILED
      return text ? format.format(value, scale) : value
    },
  }
}

function booleanConverter(c: ConvertDeclaration, text: boolean): Converter {
  const trueWords = c.trueWords ?? ['true', '1']
  const falseWords = c.falseWords ?? ['false', '0']
  const words = new Map<string, boolean>([...falseWords.map((w) => [w.toLowerCase(), false] as const), ...trueWords.map((w) => [w.toLowerCase(), true] as const)])
  const expected = `one of ${[...trueWords, ...falseWords].join(', ')}`
  return {
    textual: false,
    read(raw) {
      if (!text) return typeof raw === 'boolean' ? raw : INVALID
      return (typeof raw === 'string' ? words.get(raw.trim().toLowerCase()) : undefined) ?? INVALID
    },
    explain: (raw, path) => importError(path, raw, text && typeof raw === 'string' ? 'format' : 'type', `${path} must be ${text ? expected : 'true or false'}, got ${showValue(raw)}`),
    write(value) {
      if (typeof value !== 'boolean') return WRITE_FAILED
      return text ? ((value ? trueWords[0] : falseWords[0]) ?? String(value)) : value
    },
  }
}

function enumConverter(enumeration: EnumerationModel | undefined, by: 'name' | 'caption'): Converter {
  const values = enumeration?.values ?? []
  const fromWire = new Map(values.map((v) => [by === 'caption' ? v.caption : v.name, v.name]))
  const toWire = new Map(values.map((v) => [v.name, by === 'caption' ? v.caption : v.name]))
  const allowed = [...fromWire.keys()].join(', ')
  return {
    textual: true,
    read: (raw) => (typeof raw === 'string' ? (fromWire.get(raw) ?? INVALID) : INVALID),
    explain: (raw, path) => importError(path, raw, typeof raw === 'string' ? 'enum' : 'type', `${path} must be one of ${allowed}, got ${showValue(raw)}`),
    write: (value) => (typeof value === 'string' ? (toWire.get(value) ?? WRITE_FAILED) : WRITE_FAILED),
  }
}
