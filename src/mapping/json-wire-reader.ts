import { importError, showValue } from './import-error.js'
import type { ImportError } from './import-record.js'
import { UNREADABLE, type NodesAccess, type ScalarAccess, type WireReader } from './wire-reader.js'

/**
 * Field locations in a JSON record: `sku`, `customer.email`, `lines[]` (the elements of an
 * array). Own properties only, so a path such as `constructor` never reads the prototype.
 */
export interface JsonPath {
  readonly keys: readonly string[]
  /** The path ends with `[]`. */
  readonly array: boolean
}

/** Parses a path, or says what is wrong with it. */
export function parseJsonPath(text: string): JsonPath | { readonly problem: string } {
  const array = text.endsWith('[]')
  const body = array ? text.slice(0, -2) : text
  const keys = body.split('.')
  if (body === '' || keys.some((k) => k === '' || /[[\]]/.test(k))) {
    return { problem: `'${text}' is not a JSON path: names separated by dots, with [] after the last one for an array (customer.email, lines[])` }
  }
  return { keys, array }
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Walks `keys` from `node`: undefined when absent, UNREADABLE (with an error) when a step is not an object. */
function walk(node: unknown, keys: readonly string[], base: string, errors: ImportError[]): unknown {
  let value = node
  for (let i = 0; i < keys.length; i++) {
    if (value === undefined || value === null) return undefined
    if (!isObject(value)) {
      const at = joinPath(base, keys.slice(0, i).join('.'))
      errors.push(importError(at, value, 'type', `${at} must be an object, got ${showValue(value)}`))
      return UNREADABLE
    }
    const key = keys[i] as string
    value = Object.hasOwn(value, key) ? value[key] : undefined
  }
  return value
}

export function joinPath(base: string, rest: string): string {
  return rest === '' ? base : `${base}.${rest}`
}

function path(location: string | number): JsonPath {
  const parsed = parseJsonPath(String(location))
  if ('problem' in parsed) throw new Error(parsed.problem)
  return parsed
}

/** The JSON wire: typed values, records that are objects. */
export const jsonWireReader: WireReader<unknown> = {
  text: false,
  scalar(location): ScalarAccess<unknown> {
    const { keys } = path(location)
    const text = keys.join('.')
    const only = keys.length === 1 ? (keys[0] as string) : undefined
    return {
      get: only === undefined
        ? (node, base, errors) => walk(node, keys, base, errors)
        : (node) => (isObject(node) && Object.hasOwn(node, only) ? node[only] : undefined),
      path: (base) => joinPath(base, text),
    }
  },
  nodes(location, many): NodesAccess<unknown> {
    const { keys } = path(location)
    const text = keys.join('.')
    return {
      get(node, base, errors) {
        const value = walk(node, keys, base, errors)
        if (value === UNREADABLE || value === undefined || value === null) return value === null ? undefined : value
        const ok = many ? Array.isArray(value) : isObject(value)
        if (ok) return many ? (value as unknown[]) : [value]
        const at = joinPath(base, text)
        errors.push(importError(at, value, 'type', `${at} must be ${many ? 'an array' : 'an object'}, got ${showValue(value)}`))
        return UNREADABLE
      },
      path: (base, i) => (i === undefined ? joinPath(base, text) : `${joinPath(base, text)}[${i}]`),
    }
  },
}
