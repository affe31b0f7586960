import type { EntityModel, ModelIndex } from '../model/index.js'
import { compileFieldConverter } from './field-converter.js'
import { importError } from './import-error.js'
import type { ImportedChildren, ImportedLookup, ImportedObject, ImportError, WhenMissing } from './import-record.js'
import type { ResolvedField } from './resolve-field.js'
import { INVALID } from './text-converter.js'
import { UNREADABLE, type ScalarAccess, type WireReader } from './wire-reader.js'

/** Reads one object of a level from a wire node; undefined when errors were pushed. */
export type ObjectReader<N> = (node: N, path: string, errors: ImportError[]) => ImportedObject | undefined

/** One level of a mapping: an entity, its fields, and its find-or-create key. */
export interface MappingLevel {
  readonly entity: EntityModel
  readonly fields: readonly ResolvedField[]
  readonly key?: readonly string[]
  readonly whenMissing: WhenMissing
}

/** The object being read; lists are created only when a field adds to them. */
interface Draft {
  readonly values: Record<string, unknown>
  lookups: ImportedLookup[] | undefined
  children: ImportedChildren[] | undefined
}

const NONE: readonly never[] = Object.freeze([])

type Step<N> = (node: N, path: string, draft: Draft, errors: ImportError[]) => void

/** Compiles a level into closures, once: nothing about the declaration is looked at per record. */
export function compileObjectReader<N>(level: MappingLevel, wire: WireReader<N>, index: ModelIndex): ObjectReader<N> {
  const steps = level.fields.map((f) => compileStep(f, wire, index))
  const entity = level.entity.qualifiedName
  const whenMissing = level.whenMissing
  const keyOf = compileKey(level, wire)
  return (node, path, errors) => {
    const before = errors.length
    const draft = newDraft()
    for (const step of steps) step(node, path, draft, errors)
    const key = keyOf(draft.values, path, errors)
    if (errors.length > before) return undefined
    return importedObject(entity, draft, key, whenMissing)
  }
}

/** An empty draft, made member by member like the object read from it. */
function newDraft(): Draft {
  const draft: { -readonly [K in keyof Draft]?: Draft[K] } = {}
  draft.values = {}
  draft.lookups = undefined
  draft.children = undefined
  return draft as Draft
}

/** The object read, made member by member for the reason record-result gives (`goodRecord`). */
function importedObject(entity: string, draft: Draft, key: Record<string, unknown> | undefined, whenMissing: WhenMissing): ImportedObject {
  const object: { -readonly [K in keyof ImportedObject]?: ImportedObject[K] } = {}
  object.entity = entity
  object.values = draft.values
  if (key) object.key = key
  object.whenMissing = whenMissing
  object.lookups = draft.lookups ?? NONE
  object.children = draft.children ?? NONE
  return object as ImportedObject
}

function compileStep<N>(f: ResolvedField, wire: WireReader<N>, index: ModelIndex): Step<N> {
  switch (f.kind) {
    case 'attribute':
    case 'reference':
    case 'lookup':
      return valueStep(f, wire, index)
    case 'nested':
      return nestedStep(f, wire, index)
    case 'unknown':
      throw new Error(f.reason)
  }
}

function valueStep<N>(f: Exclude<ResolvedField, { kind: 'nested' | 'unknown' }>, wire: WireReader<N>, index: ModelIndex): Step<N> {
  const access = wire.scalar(f.field.location)
  const converter = compileFieldConverter(f, wire.text, index)
  const member = f.field.member
  const fallback = f.field.default
  const required = f.field.required
  const nullable = f.kind === 'attribute' ? !f.attribute.required : !f.navigation.association.required
  const set = f.kind === 'lookup' ? lookupSetter(member, f.navigation.target.qualifiedName, f.key.name) : (d: Draft, v: unknown) => void (d.values[member] = v)
  return (node, path, draft, errors) => {
    const raw = access.get(node, path, errors)
    if (raw === UNREADABLE) return
    if (raw === undefined || (wire.text && raw === '')) {
      if (fallback !== undefined) set(draft, fallback)
      else if (required) errors.push(importError(access.path(path), null, 'required', `${access.path(path)} is required`))
      return
    }
    if (raw === null) {
      if (required || !nullable) errors.push(importError(access.path(path), null, 'required', `${access.path(path)} must not be null`))
      else set(draft, null)
      return
    }
    const value = converter.read(raw)
    if (value === INVALID) errors.push(converter.explain(raw, access.path(path)))
    else set(draft, value)
  }
}

function lookupSetter(member: string, entity: string, key: string): (d: Draft, v: unknown) => void {
  return (draft, value) => {
    if (value === null) draft.values[member] = null
    else (draft.lookups ??= []).push({ member, entity, key: { [key]: value } })
  }
}

function nestedStep<N>(f: Extract<ResolvedField, { kind: 'nested' }>, wire: WireReader<N>, index: ModelIndex): Step<N> {
  const many = f.navigation.cardinality === 'many'
  const access = wire.nodes(f.field.location, many)
  const association = f.field.member
  const required = f.field.required
  const read = compileObjectReader(
    { entity: f.navigation.target, fields: f.fields, whenMissing: f.field.whenMissing ?? 'create', ...(f.field.key ? { key: f.field.key } : {}) },
    wire,
    index,
  )
  return (node, path, draft, errors) => {
    const nodes = access.get(node, path, errors)
    if (nodes === UNREADABLE) return
    if (nodes === undefined) {
      if (required) errors.push(importError(access.path(path), null, 'required', `${access.path(path)} is required`))
      return
    }
    if (!many && nodes.length > 1) {
      errors.push(importError(access.path(path), null, 'repeated', `${access.path(path)} must occur once, found ${nodes.length}`))
      return
    }
    const objects: ImportedObject[] = []
    nodes.forEach((child, i) => {
      const object = read(child, access.path(path, many ? i : undefined), errors)
      if (object) objects.push(object)
    })
    ;(draft.children ??= []).push({ association, objects })
  }
}

/** The key of an object; a key member without a value is an error at its field. */
function compileKey<N>(level: MappingLevel, wire: WireReader<N>): (values: Record<string, unknown>, path: string, errors: ImportError[]) => Record<string, unknown> | undefined {
  const members = level.key
  if (!members) return () => undefined
  const accessOf = new Map<string, ScalarAccess<N>>()
  for (const f of level.fields) if (members.includes(f.field.member)) accessOf.set(f.field.member, wire.scalar(f.field.location))
  return (values, path, errors) => {
    const key: Record<string, unknown> = {}
    for (const m of members) {
      const v = values[m]
      if (v === undefined || v === null) {
        const at = accessOf.get(m)?.path(path) ?? path
        if (!errors.some((e) => e.path === at)) errors.push(importError(at, v ?? null, 'key', `${at} is required: '${m}' is part of the key that finds the object`))
      }
      key[m] = v
    }
    return key
  }
}
