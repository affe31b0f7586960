import { isPorticoError, type ErrorDetail } from '../errors/index.js'
import type { Row } from '../store/index.js'
import { granted } from './access-policy.js'
import type { EntityPlan, ReferencePlan } from './entity-plan.js'
import { kernelErrors } from './errors.js'
import type { EntityOperations, OperationScope, UpsertResult, WhenMissing, WriteOptions } from './kernel.js'
import { describeKey, forbidden, notFound } from './read-operations.js'
import { preparedWrite, type PreparedWrite } from './prepared-write.js'
import { upsertManyOperation } from './upsert-many.js'
import { detail } from './value-check.js'

type Writes = Pick<EntityOperations, 'create' | 'createMany' | 'update' | 'replace' | 'delete' | 'upsert' | 'upsertMany'>


/** Writes with validation, access rules, references, delete behaviour and events. */
export function writeOperations(scope: OperationScope): Writes {
  const principal = scope.principal

  const writablePlan = (entity: string, operation: 'create' | 'update' | 'delete'): EntityPlan => {
    const plan = scope.plan(entity)
    if (!plan.entity.persistent) {
      throw kernelErrors.create('KERNEL_NOT_PERSISTENT', `${entity} is not persistent and cannot be stored`, { target: entity })
    }
    if (!plan.access.allows(principal, operation)) throw forbidden(operation, entity)
    return plan
  }

  /** Creates the objects; returns their ids, and the objects themselves when asked or listened to. */
  const createMany = async (entity: string, list: readonly Readonly<Row>[], options: { objects: boolean }): Promise<{ ids: number[]; objects: Row[] }> => {
    const plan = writablePlan(entity, 'create')
    const now = scope.now()
    const errors: ErrorDetail[] = []
    const many = list.length > 1
    const prepared: PreparedWrite[] = new Array(list.length)
    for (let i = 0; i < list.length; i++) {
      const before = errors.length
      prepared[i] = prepareCreate(plan, list[i] as Readonly<Row>, errors, now)
      if (many && errors.length > before) prefixPaths(errors, before, `[${i}].`)
    }
    throwIfInvalid(entity, errors)
    await checkReferences(plan, prepared, many)
    await assignAutoNumbers(plan, prepared)
    const ids = await guard(plan, () => scope.session.insert(entity, prepared.map((p) => p.row)))
    for (const [i, p] of prepared.entries()) {
      for (const [name, targets] of p.sets) await scope.session.writeReferenceSet(entity, name, ids[i] as number, targets)
    }
    const listens = scope.listens(entity)
    if (!options.objects && !listens) return { ids, objects: [] }
    const objects = prepared.map((p, i) => Object.assign(p.row, { id: ids[i] }))
    if (listens) {
      for (const object of objects) await scope.emit({ kind: 'created', entity, id: object.id as number, object, principal })
    }
    return { ids, objects }
  }

  const change = async (entity: string, id: number, values: Readonly<Row>, options: WriteOptions & { replace: boolean }): Promise<Row> => {
    const plan = writablePlan(entity, 'update')
    const current = await scope.session.findById(entity, id)
    if (!current) throw notFound(entity, id)
    checkVersion(entity, id, current, options.expectedVersion)
    const errors: ErrorDetail[] = []
    const prepared = prepareChange(plan, values, errors, options.replace)
    throwIfInvalid(entity, errors)
    await checkReferences(plan, [prepared], false)
    return applyChange(plan, current, prepared)
  }

  const applyChange = async (plan: EntityPlan, current: Row, prepared: PreparedWrite): Promise<Row> => {
    const id = current.id as number
    const row = { ...prepared.row, changedAt: scope.now(), version: (current.version as number) + 1 }
    const updated = await guard(plan, () => scope.session.update(plan.name, id, row, current.version as number))
    if (!updated) throw conflict(plan.name, id)
    for (const [name, targets] of prepared.sets) await scope.session.writeReferenceSet(plan.name, name, id, targets)
    const object = { ...current, ...row }
    await scope.emit({ kind: 'updated', entity: plan.name, id, object, previous: current, principal })
    return object
  }

  const remove = async (plan: EntityPlan, id: number, expectedVersion: number | undefined, visited: Set<string>): Promise<void> => {
    const current = await scope.session.findById(plan.name, id)
    if (!current) throw notFound(plan.name, id)
    checkVersion(plan.name, id, current, expectedVersion)
    visited.add(`${plan.name}:${id}`)
    await applyDeleteBehaviour(plan, id, visited)
    if (!(await scope.session.delete(plan.name, id, current.version as number))) throw conflict(plan.name, id)
    await scope.emit({ kind: 'deleted', entity: plan.name, id, previous: current, principal })
  }

  /** Follows every association that points at the object: prevent, cascade or clear. */
  const applyDeleteBehaviour = async (plan: EntityPlan, id: number, visited: Set<string>): Promise<void> => {
    for (const { owner, association } of plan.inbound) {
      const set = association.kind === 'referenceSet'
      const ids = set
        ? await scope.session.referenceSetOwners(owner, association.name, id)
        : (await scope.session.referencingIds(owner, association.name, id)).filter((o) => !visited.has(`${owner}:${o}`))
      if (ids.length === 0) continue
      if (association.onDelete === 'prevent') {
        throw kernelErrors.create(
          'KERNEL_DELETE_PREVENTED',
          `${plan.name} ${id} is still referred to by ${ids.length} ${owner} object(s) through '${association.name}'; delete or re-assign them first`,
          { target: `${owner}.${association.name}` },
        )
      }
      if (set) continue // the junction rows go with the object
      const ownerPlan = scope.plan(owner)
      for (const ownerId of ids) {
        if (association.onDelete === 'cascade') {
          if (!visited.has(`${owner}:${ownerId}`)) await remove(ownerPlan, ownerId, undefined, visited)
        } else {
          const current = await scope.session.findById(owner, ownerId)
          if (current) await applyChange(ownerPlan, current, { row: { [association.name]: null }, sets: new Map() })
        }
      }
    }
  }

  const checkReferences = async (plan: EntityPlan, writes: readonly PreparedWrite[], many: boolean): Promise<void> => {
    const errors: ErrorDetail[] = []
    const wanted = new Map<string, Set<number>>()
    const need = (target: string, id: number): void => {
      const set = wanted.get(target) ?? new Set<number>()
      set.add(id)
      wanted.set(target, set)
    }
    // Indexed loops over arrays made once: iterating the plan's map per row costs an allocation each.
    const references = [...plan.references]
    for (const w of writes) {
      for (let r = 0; r < references.length; r++) {
        const reference = references[r] as [string, ReferencePlan]
        const id = w.row[reference[0]]
        if (typeof id === 'number') need(reference[1].target, id)
      }
      if (w.sets.size > 0) for (const [name, targets] of w.sets) for (const t of targets) need((plan.referenceSets.get(name) as { target: string }).target, t)
    }
    if (wanted.size === 0) return
    const existing = new Map<string, Set<number>>()
    for (const [target, ids] of wanted) existing.set(target, await scope.session.existingIds(target, [...ids]))
    writes.forEach((w, i) => {
      const prefix = many ? `[${i}].` : ''
      for (const [name, r] of references) {
        const v = w.row[name]
        if (typeof v === 'number' && !existing.get(r.target)?.has(v)) errors.push(detail(`${prefix}${name}`, 'reference', `${r.target} ${v} does not exist`))
      }
      for (const [name, targets] of w.sets) {
        const target = (plan.referenceSets.get(name) as { target: string }).target
        for (const t of targets) if (!existing.get(target)?.has(t)) errors.push(detail(`${prefix}${name}`, 'reference', `${target} ${t} does not exist`))
      }
    })
    if (errors.length > 0) {
      throw kernelErrors.create('KERNEL_REFERENCE_NOT_FOUND', `${plan.name}: ${errors.map((e) => e.message).join('; ')}`, { details: errors })
    }
  }

  const assignAutoNumbers = async (plan: EntityPlan, writes: readonly PreparedWrite[]): Promise<void> => {
    for (const { member, sequence } of plan.autoNumbers) {
      let next = await scope.session.nextSequenceValue(sequence, writes.length)
      for (const w of writes) w.row[member] = next++
    }
  }

  const upsert = async (entity: string, key: Readonly<Record<string, unknown>>, values: Readonly<Row>, whenMissing: WhenMissing): Promise<UpsertResult> => {
    const found = await scope.ops.findByKey(entity, key)
    if (found) return { outcome: 'updated', object: await change(entity, found.id as number, values, { replace: false }) }
    if (whenMissing === 'ignore') return { outcome: 'ignored' }
    if (whenMissing === 'error') throw kernelErrors.create('KERNEL_NOT_FOUND', `no ${entity} has ${describeKey(key)}`, { target: entity })
    const [object] = (await createMany(entity, [{ ...key, ...values }], { objects: true })).objects
    return { outcome: 'created', ...(object ? { object } : {}) }
  }

  function prepareCreate(plan: EntityPlan, values: Readonly<Row>, errors: ErrorDetail[], now: string): PreparedWrite {
    checkMembers(plan, values, errors)
    const row: Row = { ...plan.newRow }
    for (const { name, plan: a, fallback } of plan.writable) {
      const given = values[name]
      row[name] = a.check(given === undefined ? fallback : given, name, errors)
    }
    if (plan.references.size > 0) for (const [name, r] of plan.references) row[name] = referenceValue(values[name], name, r.association.required, errors)
    row.createdAt = now
    row.changedAt = now
    row.version = 1
    return preparedWrite(row, plan.referenceSets.size === 0 ? NO_SETS : referenceSets(plan, values, errors, false))
  }

  function prepareChange(plan: EntityPlan, values: Readonly<Row>, errors: ErrorDetail[], replace: boolean): PreparedWrite {
    checkMembers(plan, values, errors)
    const row: Row = {}
    for (const { name, plan: a, fallback } of plan.writable) {
      if (!replace && !(name in values)) continue
      const given = values[name]
      row[name] = a.check(given === undefined ? (replace ? fallback : null) : given, name, errors)
    }
    for (const [name, r] of plan.references) {
      if (replace || name in values) row[name] = referenceValue(values[name], name, r.association.required, errors)
    }
    return preparedWrite(row, referenceSets(plan, values, errors, replace))
  }

  /** Unknown, read-only and (for the principal) unwritable members are refused. */
  function checkMembers(plan: EntityPlan, values: Readonly<Row>, errors: ErrorDetail[]): void {
    const writable = plan.access.writable(principal)
    for (const name in values) {
      if (!Object.hasOwn(values, name)) continue
      const attribute = plan.attributes.get(name)
      if (!attribute && !plan.references.has(name) && !plan.referenceSets.has(name)) {
        errors.push(detail(name, 'unknown', `${plan.name} has no member '${name}'; members: ${plan.memberNames.filter((m) => plan.attributes.get(m)?.writable !== false).join(', ')}`))
      } else if (attribute && !attribute.writable) {
        errors.push(detail(name, 'readOnly', `${name} is set by the runtime and cannot be written`))
      } else if (!granted(writable, name)) {
        throw forbidden('write', plan.name, name)
      }
    }
  }

  return {
    create: async (entity, values) => (await createMany(entity, [values], { objects: true })).objects[0] as Row,
    createMany: async (entity, list) => (await createMany(entity, list, { objects: false })).ids,
    update: (entity, id, changes, options = {}) => change(entity, id, changes, { ...options, replace: false }),
    replace: (entity, id, values, options = {}) => change(entity, id, values, { ...options, replace: true }),
    delete: async (entity, id, options = {}) => remove(writablePlan(entity, 'delete'), id, options.expectedVersion, new Set()),
    upsertMany: upsertManyOperation(scope, { writablePlan, prepareCreate, prepareChange, checkReferences, assignAutoNumbers }),
    upsert: (entity, key, values, options = {}) => {
      const plan = writablePlan(entity, 'update')
      if (!plan.access.allows(principal, 'create') && options.whenMissing !== 'ignore' && options.whenMissing !== 'error') {
        throw forbidden('create', entity)
      }
      return upsert(entity, key, values, options.whenMissing ?? 'create')
    },
  }
}

const NO_SETS: ReadonlyMap<string, readonly number[]> = new Map()

/** Gives the details from `from` on the row prefix (`[3].`) of a batch. */
export function prefixPaths(errors: ErrorDetail[], from: number, prefix: string): void {
  for (let i = from; i < errors.length; i++) {
    const e = errors[i] as ErrorDetail
    errors[i] = { ...e, path: prefix + e.path, message: e.message.startsWith(e.path) ? prefix + e.message : `${prefix}${e.path}: ${e.message}` }
  }
}

function referenceValue(value: unknown, path: string, required: boolean, errors: ErrorDetail[]): number | null {
  if (value === null || value === undefined) {
    if (required) errors.push(detail(path, 'required', `${path} is required`))
    return null
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value
  errors.push(detail(path, 'type', `${path} must be the id of the referenced object (a positive integer)`))
  return null
}

function referenceSets(plan: EntityPlan, values: Readonly<Row>, errors: ErrorDetail[], replace: boolean): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const name of plan.referenceSets.keys()) {
    const value = values[name]
    if (value === undefined) {
      if (replace) out.set(name, [])
      continue
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0)) {
      errors.push(detail(name, 'type', `${name} must be a list of ids of referenced objects`))
      continue
    }
    out.set(name, value as number[])
  }
  return out
}

function checkVersion(entity: string, id: number, current: Row, expected: number | undefined): void {
  if (expected !== undefined && current.version !== expected) {
    throw kernelErrors.create(
      'KERNEL_VERSION_CONFLICT',
      `${entity} ${id} is at version ${String(current.version)}, not ${expected}: it changed since it was read`,
      { target: entity },
    )
  }
}

export function conflict(entity: string, id: number | string) {
  return kernelErrors.create('KERNEL_VERSION_CONFLICT', `${entity} ${id} was changed concurrently; read it again and retry`, { target: entity })
}

export function throwIfInvalid(entity: string, errors: readonly ErrorDetail[]): void {
  if (errors.length === 0) return
  const shown = errors.slice(0, 3).map((e) => e.message).join('; ')
  throw kernelErrors.create('KERNEL_VALIDATION', `invalid ${entity}: ${shown}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`, {
    details: errors,
    target: entity,
  })
}

/** Turns the store's unique violation into one naming the members. */
export async function guard<T>(plan: EntityPlan, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (isPorticoError(error) && error.code === 'STORE_UNIQUE_VIOLATION') {
      const members = (error.target && plan.uniqueMembers.get(error.target)) || undefined
      const what = members ? members.join(', ') : 'a unique value'
      throw kernelErrors.create('KERNEL_UNIQUE_VIOLATION', `another ${plan.name} already has the same ${what}`, {
        cause: error,
        target: members?.join(',') ?? plan.name,
        details: (members ?? []).map((m) => detail(m, 'unique', `${m} must be unique`)),
      })
    }
    throw error
  }
}
