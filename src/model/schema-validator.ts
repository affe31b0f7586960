import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { diagnostic, type Diagnostic } from './diagnostic.js'
import type { JsonSchema } from './schema.js'
import type { NodePosition, SourcePosition } from './types.js'
import { joinPointer } from './yaml-source.js'

/** A compiled schema that reports violations as diagnostics at the offending node. */
export interface SchemaValidator {
  validate(
    data: unknown,
    file: string,
    positions: ReadonlyMap<string, NodePosition>,
    options?: { basePointer?: string },
  ): Diagnostic[]
}

/** Compiles once; a schema that does not compile is a defect and throws. */
export function compileSchema(schema: JsonSchema, what: string): SchemaValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: false, verbose: true })
  ;(addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv)
  const validate: ValidateFunction = ajv.compile(schema)
  return {
    validate(data, file, positions, options = {}) {
      if (validate(data)) return []
      return describe(validate.errors ?? [], what).map(({ pointer, message, atKey }) => {
        const full = (options.basePointer ?? '') + pointer
        return diagnostic('PY002', 'error', locate(positions, full, file, atKey), message)
      })
    },
  }
}

/** The nearest recorded position for a pointer: the node itself, else its closest ancestor. */
export function locate(
  positions: ReadonlyMap<string, NodePosition>,
  pointer: string,
  file: string,
  atKey = false,
): SourcePosition {
  let p = pointer
  for (;;) {
    const found = positions.get(p)
    if (found) return atKey ? found.key : found.value
    if (p === '') return { file, line: 1, column: 1 }
    p = p.slice(0, p.lastIndexOf('/'))
  }
}

interface Described {
  readonly pointer: string
  readonly message: string
  readonly atKey: boolean
}

/**
 * Turns ajv's errors into one readable message per place. With `anyOf`, ajv reports every
 * branch; the deepest errors are the ones that say what is actually wrong.
 */
function describe(errors: readonly ErrorObject[], what: string): Described[] {
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if' && e.keyword !== 'oneOf')
  const depth = (e: ErrorObject): number => e.instancePath.split('/').length
  const deepest = new Map<string, ErrorObject[]>()
  for (const e of useful.length > 0 ? useful : errors) {
    const key = e.instancePath
    const list = deepest.get(key) ?? []
    list.push(e)
    deepest.set(key, list)
  }
  // Drop a type mismatch at a path when a sibling branch got further into the same value.
  const paths = [...deepest.keys()]
  const out: Described[] = []
  for (const [path, list] of deepest) {
    const hasDeeper = paths.some((other) => other !== path && other.startsWith(path + '/'))
    const specific = list.some((e) => e.keyword !== 'type' && e.keyword !== 'enum')
    const kept = hasDeeper || specific ? list.filter((e) => e.keyword !== 'type' && e.keyword !== 'enum') : list
    const seen = new Set<string>()
    for (const e of kept) {
      const d = describeOne(e, what)
      if (seen.has(d.pointer + d.message)) continue
      seen.add(d.pointer + d.message)
      out.push(d)
    }
  }
  return out.sort((a, b) => depth({ instancePath: b.pointer } as ErrorObject) - depth({ instancePath: a.pointer } as ErrorObject))
}

function describeOne(e: ErrorObject, what: string): Described {
  const where = e.instancePath === '' ? what : `'${e.instancePath.split('/').slice(1).join('.')}'`
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(params.additionalProperty)
      const allowed = Object.keys(((e.parentSchema as Record<string, unknown>)?.properties as object) ?? {})
        .filter((k) => k !== '$schema')
        .join(', ')
      const hint = /^\s*\d+\s*\)$/.test(prop)
        ? ' (inside { } a comma separates entries: quote the type, e.g. \'Decimal(10,2)\')'
        : ''
      return {
        pointer: joinPointer(e.instancePath, prop),
        message: `unknown property '${prop}' in ${where}${hint}${allowed ? `; allowed: ${allowed}` : ''}`,
        atKey: true,
      }
    }
    case 'required':
      return { pointer: e.instancePath, message: `${where} is missing required property '${String(params.missingProperty)}'`, atKey: true }
    case 'type':
      return { pointer: e.instancePath, message: `${where} must be ${plural(params.type)}`, atKey: false }
    case 'enum':
      return {
        pointer: e.instancePath,
        message: `${where} must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
        atKey: false,
      }
    case 'pattern':
      return { pointer: e.instancePath, message: `${where} must match ${String(params.pattern)}`, atKey: false }
    default:
      return { pointer: e.instancePath, message: `${where} ${e.message ?? 'is invalid'}`, atKey: false }
  }
}

function plural(type: unknown): string {
  const list = Array.isArray(type) ? type : [type]
  return list.map((t) => (t === 'object' ? 'a map' : t === 'array' ? 'a list' : `a ${String(t)}`)).join(' or ')
}
