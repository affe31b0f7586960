import type { ModelIndex } from '../model/index.js'
import type { MappingLevel } from './compile-object-reader.js'
import { mappingErrors } from './errors.js'
import { compileFieldConverter } from './field-converter.js'
import type { Row } from './import-record.js'
import type { ResolvedField } from './resolve-field.js'
import { WRITE_FAILED } from './text-converter.js'

/** A wire value ready for a kind's writer: text, a JSON number or boolean, or null. */
export type WireValue = string | number | boolean | null

export type ExportStep =
  | {
      readonly kind: 'value'
      readonly location: string | number
      /** Free text a spreadsheet could take for a formula. */
      readonly textual: boolean
      /** undefined when the row does not carry the member. */
      read(row: Row, path: string): WireValue | undefined
    }
  | {
      readonly kind: 'nested'
      readonly location: string | number
      readonly many: boolean
      readonly steps: readonly ExportStep[]
      readonly member: string
      /** The nested rows; undefined when the row does not carry them. */
      read(row: Row, path: string): readonly Row[] | Row | null | undefined
    }

/**
 * Compiles the export side of a level: per field, a closure from a kernel row to a wire
 * value. Kinds (JSON, XML, CSV) place the values; the conversions are shared.
 */
export function compileObjectWriter(level: MappingLevel, textWire: boolean, index: ModelIndex): readonly ExportStep[] {
  return level.fields.map((f) => compileWriteStep(f, textWire, index))
}

function compileWriteStep(f: ResolvedField, textWire: boolean, index: ModelIndex): ExportStep {
  const member = f.field.member
  const location = f.field.location
  if (f.kind === 'unknown') throw mappingErrors.create('MAPPING_NOT_COMPILABLE', f.reason)
  if (f.kind === 'nested') {
    const many = f.navigation.cardinality === 'many'
    const steps = f.fields.map((child) => compileWriteStep(child, textWire, index))
    return {
      kind: 'nested',
      location,
      many,
      steps,
      member,
      read(row, path) {
        const v = row[member]
        if (v === undefined || v === null) return v
        if (many ? Array.isArray(v) : typeof v === 'object' && !Array.isArray(v)) return v as Row | Row[]
        throw exportError(`${path}.${member}`, `must be ${many ? 'a list of rows' : 'a row'} (expand '${member}')`)
      },
    }
  }
  const converter = compileFieldConverter(f, textWire, index)
  const pick = memberValue(f)
  return {
    kind: 'value',
    location,
    textual: converter.textual,
    read(row, path) {
      const v = pick(row, path)
      if (v === undefined || v === null) return v
      const wire = converter.write(v)
      if (wire === WRITE_FAILED) throw exportError(`${path}.${member}`, `cannot be written: ${JSON.stringify(v)?.slice(0, 60)} is not a value of its type`)
      return wire
    },
  }
}

/** The kernel value a value field writes: the attribute, the reference id, or the target's key. */
function memberValue(f: Exclude<ResolvedField, { kind: 'nested' | 'unknown' }>): (row: Row, path: string) => unknown {
  const member = f.field.member
  if (f.kind === 'attribute') return (row) => row[member]
  if (f.kind === 'reference') {
    return (row) => {
      const v = row[member]
      return typeof v === 'object' && v !== null ? (v as Row).id : v
    }
  }
  const key = f.key.name
  return (row, path) => {
    const v = row[member]
    if (v === undefined || v === null) return v
    if (typeof v === 'object') return (v as Row)[key]
    throw exportError(`${path}.${member}`, `is the id ${String(v)}; the mapping writes the target's '${key}': expand '${member}'`)
  }
}

export function exportError(path: string, reason: string): Error {
  return mappingErrors.create('MAPPING_EXPORT_VALUE', `${path} ${reason}`, { target: path })
}
