import type { ModelIndex } from '../model/index.js'
import { compileObjectReader, type MappingLevel } from './compile-object-reader.js'
import { mappingErrors } from './errors.js'
import { importError, showValue } from './import-error.js'
import { limitsOf, type ImportOptions } from './import-options.js'
import type { ImportRecord, RecordPosition } from './import-record.js'
import { jsonWireReader } from './json-wire-reader.js'
import { createJsonRecordScanner, type ScannedRecord } from './json-record-scanner.js'
import { failedRecord, recordPosition, recordReader } from './record-result.js'
import { textChunks, wholeText, type MappingInput } from './text-input.js'

/** The import side of a mapping of any kind, compiled once. */
export interface KindImport {
  /** The records in input order, in batches as the input arrives (a chunk of a stream, a slice of an array). */
  batches(input: MappingInput, options?: ImportOptions): AsyncGenerator<readonly ImportRecord[]>
  one(input: string | Uint8Array): ImportRecord
}

/** Inputs up to this size that are already in memory are parsed whole, natively. */
const WHOLE_PARSE_LIMIT = 32 * 1024 * 1024

/** Records of an array in memory handed out at once. */
const SLICE = 500

/**
 * A body already in memory (a string or bytes of at most 32 MiB) that parses as one array:
 * then one native `JSON.parse` beats scanning record by record, and memory is already spent.
 * Anything else (JSON Lines, a broken document, a stream) goes through the scanner, which
 * reports each bad record and keeps memory constant.
 */
function inMemoryArray(input: MappingInput): { text: string; values: readonly unknown[] } | undefined {
  if ((typeof input !== 'string' && !(input instanceof Uint8Array)) || input.length > WHOLE_PARSE_LIMIT) return undefined
  const text = wholeText(input)
  if (!/^\s*\[/.test(text.slice(0, 64))) return undefined
  try {
    const values: unknown = JSON.parse(text)
    return Array.isArray(values) ? { text, values } : undefined
  } catch {
    return undefined
  }
}

/** The line each record of a text starts on, by index (for reports only: scans once). */
function recordLines(text: string): number[] {
  const scanner = createJsonRecordScanner({ maxDepth: Number.MAX_SAFE_INTEGER, maxRecordLength: Number.MAX_SAFE_INTEGER })
  return [...scanner.push(text), ...scanner.end()].map((r) => r.line)
}

/** Batches computed synchronously, handed out without an async generator. */
function asyncOf<T>(items: Iterator<T>): AsyncGenerator<T> {
  const generator: AsyncGenerator<T> = {
    next: () => Promise.resolve(items.next()),
    return: (value) => Promise.resolve(items.return?.(value) ?? { done: true as const, value }),
    throw: (error) => Promise.reject(error),
    [Symbol.asyncIterator]: () => generator,
  }
  return generator
}

/** What one JSON mapping does with one record value, compiled once. */
interface JsonRecords {
  fromValue(value: unknown, base: string, position: RecordPosition): ImportRecord
  fromScanned(r: ScannedRecord): ImportRecord
}

function jsonRecords(level: MappingLevel, index: ModelIndex): JsonRecords {
  const read = recordReader(compileObjectReader(level, jsonWireReader, index))
  const fromValue = (value: unknown, base: string, position: RecordPosition): ImportRecord =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? read(value, base, position)
      : failedRecord(position, importError(base, value, 'type', `${base} must be an object, got ${showValue(value)}`))
  return {
    fromValue,
    fromScanned(r) {
      const base = r.inArray ? `$[${r.index}]` : '$'
      const position = recordPosition(r.index + 1, r.line, base)
      let value: unknown
      try {
        value = JSON.parse(r.text)
      } catch (error) {
        return failedRecord(position, importError(base, r.text, 'syntax', `${base} (line ${r.line}) is not valid JSON: ${(error as Error).message}`))
      }
      return fromValue(value, base, position)
    },
  }
}

/** Records of a whole array already in memory, a slice at a time: one native parse, lines found only for failures. */
function* wholeArray(records: JsonRecords, text: string, values: readonly unknown[]): Generator<ImportRecord[]> {
  let lines: readonly number[] | undefined
  for (let start = 0; start < values.length; start += SLICE) {
    const end = Math.min(values.length, start + SLICE)
    const slice: ImportRecord[] = []
    for (let i = start; i < end; i++) {
      const base = `$[${i}]`
      const record = records.fromValue(values[i], base, recordPosition(i + 1, undefined, base))
      slice.push(record.ok ? record : { ...record, position: { line: (lines ??= recordLines(text))[i] ?? 1, ...record.position } })
    }
    yield slice
  }
}

async function* streamed(records: JsonRecords, input: MappingInput, options: ImportOptions | undefined): AsyncGenerator<readonly ImportRecord[]> {
  const scanner = createJsonRecordScanner(limitsOf(options))
  for await (const chunk of textChunks(input)) {
    options?.signal?.throwIfAborted()
    const batch = scanner.push(chunk).map((r) => records.fromScanned(r))
    if (batch.length > 0) yield batch
  }
  const rest = scanner.end().map((r) => records.fromScanned(r))
  if (rest.length > 0) yield rest
}

/** The import side of a JSON mapping: a large array, JSON Lines, or one body. */
export function compileJsonImport(level: MappingLevel, index: ModelIndex): KindImport {
  const records = jsonRecords(level, index)
  return {
    batches(input, options) {
      const whole = inMemoryArray(input)
      return whole ? asyncOf(wholeArray(records, whole.text, whole.values)) : streamed(records, input, options)
    },
    one(input) {
      const text = wholeText(input)
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (error) {
        return failedRecord({ line: 1, path: '$', record: 1 }, importError('$', text, 'syntax', `the body is not valid JSON: ${(error as Error).message}`))
      }
      if (Array.isArray(value)) throw mappingErrors.create('MAPPING_NOT_ONE_RECORD', `the body is an array of ${value.length} values; one object was expected`)
      return records.fromValue(value, '$', { path: '$', record: 1 })
    },
  }
}
