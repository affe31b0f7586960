import { createReadStream } from 'node:fs'
import type { MappingInput } from '../../mapping/index.js'

/** A file given as a flow's input: read as a stream when a step imports it, kept by path for retries. */
export interface FileInput {
  readonly file: string
}

/** The input of `portico flow run --input <file>`: the import streams the file, a retry reads it again. */
export function fileInput(path: string): FileInput {
  return Object.freeze({ file: path })
}

function isFileInput(value: unknown): value is FileInput {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as FileInput).file === 'string'
}

function isStream(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (Symbol.asyncIterator in value || typeof (value as { pipe?: unknown }).pipe === 'function')
}

/** What an import reads from a value: text, bytes, a stream, or a file input opened now. */
export function mappingInputOf(value: unknown): MappingInput | undefined {
  if (typeof value === 'string' || value instanceof Uint8Array) return value
  if (isFileInput(value)) return createReadStream(value.file)
  if (isStream(value)) return value as MappingInput
  return undefined
}

/**
 * The input as JSON for a retry or a dead letter: bytes in base64, a stream not at all
 * (null: it was read once and is gone; a file input keeps its path instead).
 */
export function serializeInput(value: unknown): string | null {
  if (value === undefined) return JSON.stringify(null)
  if (value instanceof Uint8Array) return JSON.stringify({ $bytes: Buffer.from(value).toString('base64') })
  if (isStream(value)) return null
  try {
    return JSON.stringify(value)
  } catch {
    return null
  }
}

export function deserializeInput(text: string | null): unknown {
  if (text === null) return undefined
  const value = JSON.parse(text) as unknown
  if (typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
    return new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'))
  }
  return value
}
