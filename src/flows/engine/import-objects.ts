import { isPorticoError, type PorticoError } from '../../errors/index.js'
import type { EntityOperations, Row, UpsertManyOptions } from '../../kernel/index.js'
import type { ImportedObject, RecordPosition } from '../../mapping/index.js'
import type { ModelIndex } from '../../model/index.js'
import type { LookupCache } from './import-lookups.js'

/** A record read well, waiting to be written. */
export interface PendingRecord {
  readonly position: RecordPosition
  readonly object: ImportedObject
}

export interface Reason {
  readonly path: string
  readonly rule: string
  readonly message: string
}

/** Reports a bad record: skips it, or throws to fail the import (the error policy's choice). */
export type BadRecord = (position: RecordPosition, reasons: readonly Reason[]) => void

/** Kernel errors about one record's values, raised before any SQL: the record can be skipped. */
const RECORD_ERRORS = new Set(['KERNEL_VALIDATION', 'KERNEL_REFERENCE_NOT_FOUND', 'KERNEL_NOT_FOUND', 'KERNEL_KEY_NOT_UNIQUE'])

export function isRecordError(error: unknown): error is PorticoError {
  return isPorticoError(error) && RECORD_ERRORS.has(error.code)
}

/** The reasons a kernel error gives for one record (its details, or its message). */
export function reasonsOf(error: PorticoError): Reason[] {
  if (error.details.length === 0) return [{ path: error.target ?? '', rule: error.code, message: error.message }]
  return error.details.map((d) => ({ path: d.path, rule: d.rule, message: d.message }))
}

/** The values of an object with its lookups resolved to ids (the values themselves when it has none). */
export function rowOf(object: ImportedObject, lookups: LookupCache): Readonly<Row> {
  if (object.lookups.length === 0) return object.values
  const row: Row = { ...object.values }
  for (const lookup of object.lookups) row[lookup.member] = lookups.id(lookup)
  return row
}

/**
 * Writes one object and its children through the kernel: forward references first (their
 * ids go into the parent), then the object found by key (update) or created, then the
 * children that point back at it. `writes` counts the writes made, so a failure after the
 * first one is known to have left part of the record written.
 */
export async function applyObject(
  ops: EntityOperations,
  object: ImportedObject,
  ctx: { readonly index: ModelIndex; readonly lookups: LookupCache; readonly writes: { n: number } },
  parent?: { readonly member: string; readonly id: number },
): Promise<{ outcome: 'created' | 'updated' | 'ignored'; id?: number }> {
  const entity = ctx.index.requireEntity(object.entity)
  const values: Row = { ...rowOf(object, ctx.lookups) }
  if (parent) values[parent.member] = parent.id
  const later: { member: string; objects: readonly ImportedObject[] }[] = []
  for (const children of object.children) {
    const nav = ctx.index.navigation(entity, children.association)
    if (!nav) continue
    if (nav.direction === 'inverse') {
      later.push({ member: nav.association.name, objects: children.objects })
      continue
    }
    const ids: number[] = []
    for (const child of children.objects) {
      const r = await applyObject(ops, child, ctx)
      if (r.id !== undefined) ids.push(r.id)
    }
    values[nav.name] = nav.association.kind === 'referenceSet' ? ids : (ids[0] ?? null)
  }
  const result = await writeOne(ops, object, values, parent)
  ctx.writes.n++
  if (result.id !== undefined) {
    for (const group of later) for (const child of group.objects) await applyObject(ops, child, ctx, { member: group.member, id: result.id })
  }
  return result
}

async function writeOne(ops: EntityOperations, object: ImportedObject, values: Row, parent?: { member: string; id: number }): Promise<{ outcome: 'created' | 'updated' | 'ignored'; id?: number }> {
  if (!object.key) return { outcome: 'created', id: (await ops.create(object.entity, values)).id as number }
  const key = { ...object.key, ...(parent ? { [parent.member]: parent.id } : {}) }
  const r = await ops.upsert(object.entity, key, values, { whenMissing: object.whenMissing })
  return { outcome: r.outcome, ...(r.object ? { id: r.object.id as number } : {}) }
}

/**
 * Writes records whose objects have a key and no children in one `upsertMany`. A record
 * the kernel refuses (its details name it, `[3].price`) is reported and the rest written
 * again; nothing was written by the refused attempt, since validation precedes the SQL.
 */
export async function applyBulk(
  ops: EntityOperations,
  target: { readonly entity: string; readonly key: readonly string[]; readonly expect: UpsertManyOptions['expect'] },
  records: readonly PendingRecord[],
  lookups: LookupCache,
  bad: BadRecord,
): Promise<{ created: number; updated: number }> {
  const { entity, key, expect } = target
  let alive = records
  while (alive.length > 0) {
    try {
      const r = await ops.upsertMany(entity, key, alive.map((p) => rowOf(p.object, lookups)), { expect })
      return { created: r.created, updated: r.updated }
    } catch (error) {
      if (!isRecordError(error)) throw error
      const refused = refusedRows(error)
      if (refused.size === 0) throw error
      for (const [i, reasons] of refused) bad((alive[i] as PendingRecord).position, reasons)
      alive = alive.filter((_, i) => !refused.has(i))
    }
  }
  return { created: 0, updated: 0 }
}

/** Row index → reasons, from details whose paths start with `[i].`. */
function refusedRows(error: PorticoError): Map<number, Reason[]> {
  const out = new Map<number, Reason[]>()
  for (const d of error.details) {
    const m = /^\[(\d+)\]\.(.*)$/.exec(d.path)
    if (!m) continue
    const i = Number(m[1])
    const prefix = `[${i}].`
    out.set(i, [...(out.get(i) ?? []), { path: m[2] as string, rule: d.rule, message: d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message }])
  }
  return out
}
