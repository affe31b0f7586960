import type { AttributeType } from '../model/index.js'
import { importError, showValue } from './import-error.js'
import type { ImportError } from './import-record.js'

/** The value was bad; an error has been pushed. */
export const INVALID: unique symbol = Symbol('invalid')
/** The kernel value cannot be written; the caller reports where. */
export const WRITE_FAILED: unique symbol = Symbol('write-failed')

/** One member's conversion, compiled once per field. */
export interface Converter {
  /** Wire → kernel encoding, or INVALID (never called with null or undefined). */
  read(raw: unknown): unknown
  /** Why `raw` was INVALID, as the error at `path`. Built only on failure: paths cost. */
  explain(raw: unknown, path: string): ImportError
  /** Kernel encoding → wire value (text, or a JSON number or boolean). */
  write(value: unknown): string | number | boolean | typeof WRITE_FAILED
  /** Free text that a spreadsheet could take for a formula (CSV exports escape it). */
  readonly textual: boolean
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** A converter of values carried as strings both in the kernel and on the wire. */
export function compileTextConverter(spec: {
  readonly expected: string
  readonly read: (text: string) => string | undefined
  readonly write: (value: string) => string | undefined
  readonly textual: boolean
  readonly type?: AttributeType
}): Converter {
  if (spec.type?.kind === 'UUID') return uuidConverter()
  if (spec.type?.kind === 'Binary') return binaryConverter()
  return {
    textual: spec.textual,
    read: (raw) => (typeof raw === 'string' ? (spec.read(raw) ?? INVALID) : INVALID),
    explain: (raw, path) => importError(path, raw, typeof raw === 'string' ? 'format' : 'type', `${path} must be ${spec.expected}, got ${showValue(raw)}`),
    write: (value) => (typeof value === 'string' ? (spec.write(value) ?? WRITE_FAILED) : WRITE_FAILED),
  }
}

function uuidConverter(): Converter {
  return {
    textual: false,
    read: (raw) => (typeof raw === 'string' && UUID.test(raw) ? raw.toLowerCase() : INVALID),
    explain: (raw, path) => importError(path, raw, typeof raw === 'string' ? 'format' : 'type', `${path} must be a UUID, got ${showValue(raw)}`),
    write: (value) => (typeof value === 'string' ? value : WRITE_FAILED),
  }
}

/** Binary travels as base64 text. */
function binaryConverter(): Converter {
  return {
    textual: false,
    read: (raw) => (typeof raw === 'string' && BASE64.test(raw.trim()) ? new Uint8Array(Buffer.from(raw.trim(), 'base64')) : INVALID),
    explain: (raw, path) => importError(path, raw, typeof raw === 'string' ? 'format' : 'type', `${path} must be base64 text, got ${showValue(raw)}`),
    write: (value) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : WRITE_FAILED),
  }
}
