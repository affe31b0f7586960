import type { AttributeType } from './types.js'

/** String length when `String` is written without one. */
export const DEFAULT_STRING_LENGTH = 200
/** Precision and scale when `Decimal` is written without them. */
export const DEFAULT_DECIMAL = { precision: 15, scale: 2 } as const

export const TYPE_SYNTAX =
  'String(n), Text, Integer, Long, Decimal(p,s), Boolean, Date, DateTime, Enum(Name), UUID, AutoNumber, Binary'

const SIMPLE = new Set(['Text', 'Integer', 'Long', 'Boolean', 'Date', 'DateTime', 'UUID', 'AutoNumber', 'Binary'])

/**
 * Parses a type as written (`String(32)`, `Decimal(10,2)`, `Enum(Status)`). An unparsable
 * text yields `Unknown`, which the checker reports with the list of allowed types.
 * `module` qualifies a bare enumeration name.
 */
export function parseAttributeType(text: string, module: string): AttributeType {
  const m = /^\s*([A-Za-z]+)\s*(?:\(\s*([^)]*?)\s*\))?\s*$/.exec(text)
  if (!m) return { kind: 'Unknown', text }
  const name = m[1] as string
  const args = m[2] === undefined ? undefined : m[2].split(',').map((a) => a.trim())
  if (SIMPLE.has(name) && args === undefined) return { kind: name } as AttributeType
  switch (name) {
    case 'String': {
      if (args === undefined) return { kind: 'String', length: DEFAULT_STRING_LENGTH }
      const length = toInt(args[0])
      return args.length === 1 && length !== undefined ? { kind: 'String', length } : { kind: 'Unknown', text }
    }
    case 'Decimal': {
      if (args === undefined) return { kind: 'Decimal', ...DEFAULT_DECIMAL }
      const precision = toInt(args[0])
      const scale = args.length > 1 ? toInt(args[1]) : 0
      return args.length <= 2 && precision !== undefined && scale !== undefined
        ? { kind: 'Decimal', precision, scale }
        : { kind: 'Unknown', text }
    }
    case 'Enum': {
      const ref = args?.[0]
      if (args?.length !== 1 || !ref || !/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)?$/.test(ref)) return { kind: 'Unknown', text }
      return { kind: 'Enum', enumeration: qualify(ref, module) }
    }
    default:
      return { kind: 'Unknown', text }
  }
}

/** `Name` → `Module.Name`; an already qualified name is kept. */
export function qualify(name: string, module: string): string {
  return name.includes('.') ? name : `${module}.${name}`
}

/** How the type is written in the model, the inverse of `parseAttributeType`. */
export function formatAttributeType(type: AttributeType): string {
  switch (type.kind) {
    case 'String':
      return `String(${type.length})`
    case 'Decimal':
      return `Decimal(${type.precision},${type.scale})`
    case 'Enum':
      return `Enum(${type.enumeration})`
    case 'Unknown':
      return type.text
    default:
      return type.kind
  }
}

function toInt(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined
}
