import type { ExportStep } from './compile-object-writer.js'
import type { Row } from './import-record.js'
import { parseJsonPath } from './json-wire-reader.js'

type JsonObject = Record<string, unknown>
type Place = (target: JsonObject, value: unknown) => void

/** Builds a JSON object per row: values at their paths, nested objects and arrays below. */
export type JsonObjectWriter = (row: Row, path: string) => JsonObject

export function compileJsonWriter(steps: readonly ExportStep[]): JsonObjectWriter {
  const places = steps.map((step) => ({ step, place: placeAt(step.location) }))
  const nested = new Map(steps.flatMap((s) => (s.kind === 'nested' ? [[s, compileJsonWriter(s.steps)] as const] : [])))
  return (row, path) => {
    const out: JsonObject = {}
    for (const { step, place } of places) {
      if (step.kind === 'value') {
        const v = step.read(row, path)
        if (v !== undefined) place(out, v)
        continue
      }
      const rows = step.read(row, path)
      if (rows === undefined) continue
      const write = nested.get(step) as JsonObjectWriter
      if (rows === null) place(out, null)
      else if (Array.isArray(rows)) place(out, rows.map((r: Row, i) => write(r, `${path}.${step.member}[${i}]`)))
      else place(out, write(rows as Row, `${path}.${step.member}`))
    }
    return out
  }
}

/** A setter for a path, creating the objects on the way (`customer.email`). */
function placeAt(location: string | number): Place {
  const parsed = parseJsonPath(String(location))
  if ('problem' in parsed) throw new Error(parsed.problem)
  const keys = parsed.keys
  const last = keys[keys.length - 1] as string
  if (keys.length === 1) return (target, value) => void (target[last] = value)
  const parents = keys.slice(0, -1)
  return (target, value) => {
    let at = target
    for (const k of parents) {
      const next = at[k]
      at = (typeof next === 'object' && next !== null ? next : (at[k] = {})) as JsonObject
    }
    at[last] = value
  }
}
