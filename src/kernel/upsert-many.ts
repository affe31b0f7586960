import { isPorticoError, PorticoError, type ErrorDetail } from '../errors/index.js'
import type { Row } from '../store/index.js'
import type { EntityPlan } from './entity-plan.js'
import type { EntityOperations, OperationScope, UpsertManyResult } from './kernel.js'
import { forbidden } from './read-operations.js'
import { preparedWrite, type PreparedWrite } from './prepared-write.js'
import { conflict, guard, prefixPaths, throwIfInvalid } from './write-operations.js'
import { detail } from './value-check.js'

/** The validation and write steps of write-operations that the bulk upsert shares. */
export interface WriteHelpers {
  writablePlan(entity: string, operation: 'create' | 'update' | 'delete'): EntityPlan
  prepareCreate(plan: EntityPlan, values: Readonly<Row>, errors: ErrorDetail[], now: string): PreparedWrite
  prepareChange(plan: EntityPlan, values: Readonly<Row>, errors: ErrorDetail[], replace: boolean): PreparedWrite
  checkReferences(plan: EntityPlan, writes: readonly PreparedWrite[], many: boolean): Promise<void>
  assignAutoNumbers(plan: EntityPlan, writes: readonly PreparedWrite[]): Promise<void>
}

/** A row of a round, validated: its index in the rows, its write, and the object it updates. */
interface Planned {
  readonly index: number
  readonly write: PreparedWrite
  readonly previous?: Row
}

/** What one round writes: the rows tried as inserts first, and the rows read by key first. */
interface Triage {
  readonly fresh: Planned[]
  readonly known: Planned[]
}

/**
 * `upsertMany`: rows are split into rounds of distinct keys (a key given twice is written in
 * order), and every row of a round is validated before anything of it is written. A row that
 * is valid as a new object is inserted first (`ON CONFLICT (key) DO NOTHING`), so new keys,
 * the bulk of an import into an empty or growing table, cost one statement and no read. The
 * rows whose key was taken, and those that only an update could make valid, are read by key
 * and written as updates of the object read (`ON CONFLICT … DO UPDATE`, guarded by its version).
 * With `expect: 'existing'` every row is read first, as are the rows of an entity with an AutoNumber.
 */
export function upsertManyOperation(scope: OperationScope, helpers: WriteHelpers): EntityOperations['upsertMany'] {
  return async (entity, key, rows, options = {}) => {
    const plan = helpers.writablePlan(entity, 'create')
    if (!plan.access.allows(scope.principal, 'update')) throw forbidden('update', entity)
    const ids: number[] = new Array(rows.length)
    // AutoNumber entities read first, so that no number is drawn for an update.
    const insertFirst = options.expect !== 'existing' && plan.autoNumbers.length === 0
    let created = 0
    for (const [n, round] of distinctRounds(rows, key).entries()) {
      // A later round repeats keys of the one before, which exist by then.
      created += await upsertRound({ plan, key, rows, round, ids, insertFirst: insertFirst && n === 0 }, helpers, scope)
    }
    return { ids, created, updated: rows.length - created } satisfies UpsertManyResult
  }
}

/** A key's values as one set member: a one-member string key as it is, any other as JSON. */
function roundKey(row: Readonly<Row>, key: readonly string[]): string {
  const only = key.length === 1 ? row[key[0] as string] : undefined
  // The NUL prefix keeps JSON apart from plain strings; a clash only splits rows into more rounds.
  return typeof only === 'string' ? only : `\u0000${JSON.stringify(key.map((m) => row[m] ?? null))}`
}

/** Indexes of the rows in rounds whose keys are distinct. */
function distinctRounds(rows: readonly Readonly<Row>[], key: readonly string[]): number[][] {
  const rounds: number[][] = []
  const seen: Set<string>[] = []
  for (let i = 0; i < rows.length; i++) {
    const text = roundKey(rows[i] as Readonly<Row>, key)
    let r = 0
    while (r < seen.length && (seen[r] as Set<string>).has(text)) r++
    if (r === seen.length) {
      seen.push(new Set())
      rounds.push([])
    }
    ;(seen[r] as Set<string>).add(text)
    ;(rounds[r] as number[]).push(i)
  }
  return rounds
}

/** One round of an `upsertMany`: its rows by index, and where their ids go. */
interface Round {
  readonly plan: EntityPlan
  readonly key: readonly string[]
  readonly rows: readonly Readonly<Row>[]
  readonly round: readonly number[]
  readonly ids: number[]
  readonly insertFirst: boolean
}

async function upsertRound(r: Round, helpers: WriteHelpers, scope: OperationScope): Promise<number> {
  const { plan, key, rows, ids } = r
  const now = scope.now()
  const { fresh, known } = await validated(r, helpers, scope, now)
  const checked = known.length === 0 ? fresh : [...fresh, ...known]
  await renumbered(checked, () => helpers.checkReferences(plan, checked.map((p) => p.write), true))
  await helpers.assignAutoNumbers(plan, known.filter((p) => !p.previous).map((p) => p.write))
  const { created, taken } = await insertFresh(r, fresh, scope)
  const updates = [...known, ...(await asUpdates(plan, key, rows, taken, scope, now))]
  await writeUpdates(r, updates, scope)
  const planned = updates.length === 0 ? created : [...created, ...updates].sort((a, b) => a.index - b.index)
  if (plan.referenceSets.size > 0) await writeReferenceSets(plan, planned, ids, scope)
  if (scope.listens(plan.name)) await emitEvents(plan, planned, ids, scope)
  let n = created.length
  for (const p of updates) if (!p.previous) n++
  return n
}

/** Inserts the fresh rows whose key is new: those `created` (their ids noted), and those whose key was `taken`. */
async function insertFresh({ plan, key, ids }: Round, fresh: readonly Planned[], scope: OperationScope): Promise<{ created: Planned[]; taken: Planned[] }> {
  const created: Planned[] = []
  const taken: Planned[] = []
  if (fresh.length === 0) return { created, taken }
  const inserted = await guard(plan, () => scope.session.insertNew(plan.name, key, fresh.map((p) => p.write.row)))
  for (let n = 0; n < fresh.length; n++) {
    const p = fresh[n] as Planned
    const id = inserted[n]
    if (id === undefined) taken.push(p)
    else {
      ids[p.index] = id
      created.push(p)
    }
  }
  return { created, taken }
}

/** Writes updates (and creates read first) in one statement, each guarded by the version read. */
async function writeUpdates({ plan, key, ids }: Round, updates: readonly Planned[], scope: OperationScope): Promise<void> {
  if (updates.length === 0) return
  const written = await guard(plan, () => scope.session.upsertMany(plan.name, key, updates.map((p) => p.write.row)))
  for (let n = 0; n < updates.length; n++) {
    const p = updates[n] as Planned
    const id = written[n]
    if (id === undefined) throw conflict(plan.name, JSON.stringify(key.map((m) => p.write.row[m] ?? null)))
    ids[p.index] = id
  }
}

async function writeReferenceSets(plan: EntityPlan, planned: readonly Planned[], ids: readonly number[], scope: OperationScope): Promise<void> {
  for (const p of planned) for (const [name, targets] of p.write.sets) await scope.session.writeReferenceSet(plan.name, name, ids[p.index] as number, targets)
}

/**
 * Every row of the round validated, or KERNEL_VALIDATION naming the bad ones by index; nothing
 * is written yet. A row valid as a create, giving its whole key and no undefined member, is
 * fresh: it is tried as an insert. The others are read by key and validated as an update of
 * what was found, or as a create when nothing was.
 */
async function validated({ plan, key, rows, round, insertFirst }: Round, helpers: WriteHelpers, scope: OperationScope, now: string): Promise<Triage> {
  const fresh: Planned[] = []
  const others: number[] = []
  const errors: ErrorDetail[] = []
  for (const index of round) {
    const values = rows[index] as Readonly<Row>
    if (insertFirst && givesKey(values, key)) {
      const write = helpers.prepareCreate(plan, values, errors, now)
      if (errors.length === 0) {
        fresh.push(plannedRow(index, write, undefined))
        continue
      }
      errors.length = 0
    }
    others.push(index)
  }
  if (others.length === 0) return { fresh, known: [] }
  const keys = normalizedKeys(plan, key, rows, others, helpers)
  const existing = await existingByKey(plan, key, keys, scope)
  return { fresh, known: planKnown(plan, rows, others, keys, existing, helpers, now) }
}

/** Every key member given, and no member given as undefined (which a create and an update read differently). */
function givesKey(values: Readonly<Row>, key: readonly string[]): boolean {
  for (const m of key) if (values[m] === undefined || values[m] === null) return false
  for (const name in values) if (values[name] === undefined) return false
  return true
}

/** The objects stored under the keys, by the JSON of their key values. */
async function existingByKey(plan: EntityPlan, key: readonly string[], keys: readonly unknown[][], scope: OperationScope): Promise<Map<string, Row>> {
  const existing = new Map<string, Row>()
  for (const row of await scope.session.findByKeys(plan.name, key, keys)) existing.set(JSON.stringify(key.map((m) => row[m] ?? null)), row)
  return existing
}

/**
 * Fresh rows whose key was taken when they were inserted, as updates of the object that took
 * it. A row valid as a create gives valid values for every member it names, so its update
 * changes those members to the values already checked; nothing is validated again. A row
 * whose object is gone by now (deleted concurrently) stays a create.
 */
async function asUpdates(plan: EntityPlan, key: readonly string[], rows: readonly Readonly<Row>[], taken: readonly Planned[], scope: OperationScope, now: string): Promise<Planned[]> {
  if (taken.length === 0) return []
  const keys = taken.map((p) => key.map((m) => p.write.row[m] ?? null))
  const existing = await existingByKey(plan, key, keys, scope)
  return taken.map((p, n) => {
    const previous = existing.get(JSON.stringify(keys[n]))
    if (!previous) return p
    const row: Row = {}
    for (const name of Object.keys(rows[p.index] as Readonly<Row>)) if (plan.attributes.has(name) || plan.references.has(name)) row[name] = p.write.row[name]
    return plannedRow(p.index, merged(previous, preparedWrite(row, p.write.sets), now), previous)
  })
}

/** Runs a check whose details are prefixed with the position in `planned`, giving them the row's index instead. */
async function renumbered(planned: readonly Planned[], check: () => Promise<void>): Promise<void> {
  try {
    await check()
  } catch (error) {
    if (!isPorticoError(error) || error.details.length === 0) throw error
    const details = error.details.map((d) => {
      const m = /^\[(\d+)\]\.(.*)$/.exec(d.path)
      if (!m) return d
      const prefix = `[${planned[Number(m[1])]?.index ?? m[1]}].`
      return { ...d, path: prefix + (m[2] as string), message: d.message.replace(`[${m[1]}].`, prefix) }
    })
    throw new PorticoError(error.code, error.category, error.message, { cause: error.cause, details, ...(error.target === undefined ? {} : { target: error.target }) })
  }
}

/** The key values of each listed row, checked and in the kernel encoding. */
function normalizedKeys(plan: EntityPlan, key: readonly string[], rows: readonly Readonly<Row>[], indexes: readonly number[], helpers: WriteHelpers): unknown[][] {
  const errors: ErrorDetail[] = []
  const keys = indexes.map((i) => {
    const row = rows[i] as Readonly<Row>
    const before = errors.length
    const given = Object.fromEntries(key.map((m) => [m, row[m]]))
    const { row: normalized } = helpers.prepareChange(plan, given, errors, false)
    for (const m of key) if (normalized[m] === null || normalized[m] === undefined) errors.push(detail(m, 'required', `${m} is required: it is the key`))
    if (errors.length > before) prefixPaths(errors, before, `[${i}].`)
    return key.map((m) => normalized[m] ?? null)
  })
  throwIfInvalid(plan.name, errors)
  return keys
}

/** The listed rows validated as an update of the object under their key, or as a create when there is none. */
function planKnown(plan: EntityPlan, rows: readonly Readonly<Row>[], indexes: readonly number[], keys: readonly unknown[][], existing: ReadonlyMap<string, Row>, helpers: WriteHelpers, now: string): Planned[] {
  const errors: ErrorDetail[] = []
  const planned = indexes.map((index, n): Planned => {
    const before = errors.length
    const previous = existing.get(JSON.stringify(keys[n]))
    const values = rows[index] as Readonly<Row>
    const write = previous ? merged(previous, helpers.prepareChange(plan, values, errors, false), now) : helpers.prepareCreate(plan, values, errors, now)
    if (errors.length > before) prefixPaths(errors, before, `[${index}].`)
    return plannedRow(index, write, previous)
  })
  throwIfInvalid(plan.name, errors)
  return planned
}

/** The existing object with the given changes: a complete row, one version later. */
function merged(previous: Row, change: PreparedWrite, now: string): PreparedWrite {
  const { id: _id, ...current } = previous
  return preparedWrite({ ...current, ...change.row, changedAt: now, version: (previous.version as number) + 1 }, change.sets)
}

/** A row of a round planned, made member by member as `preparedWrite` explains. */
function plannedRow(index: number, write: PreparedWrite, previous: Row | undefined): Planned {
  const p: { index?: number; write?: PreparedWrite; previous?: Row } = {}
  p.index = index
  p.write = write
  if (previous) p.previous = previous
  return p as Planned
}

async function emitEvents(plan: EntityPlan, planned: readonly Planned[], ids: readonly number[], scope: OperationScope): Promise<void> {
  for (const p of planned) {
    const id = ids[p.index] as number
    const object = { ...p.write.row, id }
    if (p.previous) await scope.emit({ kind: 'updated', entity: plan.name, id, object, previous: p.previous, principal: scope.principal })
    else await scope.emit({ kind: 'created', entity: plan.name, id, object, principal: scope.principal })
  }
}
