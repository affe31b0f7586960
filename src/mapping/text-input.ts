import type { Readable } from 'node:stream'
import { TextDecoder } from 'node:util'
import { mappingErrors } from './errors.js'

/** What an import reads: a whole body, or a stream of bytes (a file, a socket, a message). */
export type MappingInput = string | Uint8Array | Readable | AsyncIterable<Uint8Array>

const CHUNK = 16 * 1024

/** The text encodings mappings accept; latin1 is read as windows-1252, as browsers do. */
export const ENCODINGS = ['utf-8', 'latin1', 'windows-1252'] as const

function decoder(encoding: string): TextDecoder {
  return new TextDecoder(encoding, { fatal: true })
}

function encodingError(encoding: string, offset: number, cause: unknown): Error {
  return mappingErrors.create('MAPPING_ENCODING', `the input is not valid ${encoding} text (near byte ${offset})`, { cause })
}

/**
 * The input as text chunks of bounded size, decoded as it streams: a 1 GB file never sits
 * in memory as one string. A byte-order mark is dropped.
 */
export async function* textChunks(input: MappingInput, encoding = 'utf-8'): AsyncGenerator<string> {
  if (typeof input === 'string') {
    yield* textSlices(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input)
    return
  }
  const d = decoder(encoding)
  let offset = 0
  const decode = (bytes: Uint8Array | undefined): string => {
    try {
      return bytes ? d.decode(bytes, { stream: true }) : d.decode()
    } catch (cause) {
      throw encodingError(encoding, offset, cause)
    }
  }
  const chunks: AsyncIterable<unknown> | Iterable<unknown> = input instanceof Uint8Array ? [input] : input
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      yield* textSlices(chunk)
      continue
    }
    const bytes = chunk as Uint8Array
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const text = decode(bytes.subarray(at, Math.min(bytes.length, at + CHUNK)))
      offset += Math.min(CHUNK, bytes.length - at)
      if (text !== '') yield text
    }
  }
  const rest = decode(undefined)
  if (rest !== '') yield rest
}

/** A long text as slices of bounded size, so streaming readers check their limits as they go. */
export function* textSlices(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += CHUNK) yield text.slice(at, at + CHUNK)
}

/** A whole body as one string (request and response bodies). */
export function wholeText(input: string | Uint8Array, encoding = 'utf-8'): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  try {
    return decoder(encoding).decode(input)
  } catch (cause) {
    throw encodingError(encoding, 0, cause)
  }
}
