import { isPorticoError, PorticoError, type ErrorDetail } from '../errors/index.js'
import type { Row } from '../store/index.js'
import type { EntityPlan } from './entity-plan.js'
import type { EntityOperations, OperationScope, UpsertManyResult } from './kernel.js'
import { forbidden } from './read-operations.js'
import { conflict, guard, prefixPaths, throwIfInvalid, type PreparedWrite } from './write-operations.js'
import { detail } from './value-check.js'

/** The validation and write steps of write-operations that the bulk upsert shares. */
export interface WriteHelpers {
  writablePlan(entity: string, operation: 'create' | 'update' | 'delete'): EntityPlan
  prepareCreate(plan: EntityPlan, values: Readonly<Row>, errors: ErrorDetail[], now: string): PreparedWrite
  prepareChange(plan: EntityPlan, values: Readonly<Row>, errors: ErrorDetail[], replace: boolean): PreparedWrite
  checkReferences(plan: EntityPlan, writes: readonly PreparedWrite[], many: boolean): Promise<void>
  assignAutoNumbers(plan: EntityPlan, writes: readonly PreparedWrite[]): Promise<void>
}

interface Planned {
  readonly index: number
  readonly write: PreparedWrite
  readonly previous?: Row
}

/**
 * `upsertMany`: rows are split into rounds of distinct keys (a key given twice is written in
 * order), each round reads the existing objects of its keys in one query, validates every
 * row as a create or an update, and writes them with one INSERT … ON CONFLICT statement.
 */
export function upsertManyOperation(scope: OperationScope, helpers: WriteHelpers): EntityOperations['upsertMany'] {
  return async (entity, key, rows) => {
    const plan = helpers.writablePlan(entity, 'create')
    if (!plan.access.allows(scope.principal, 'update')) throw forbidden('update', entity)
    const ids: number[] = new Array(rows.length)
    let created = 0
    for (const round of distinctRounds(rows, key)) {
      const n = await upsertRound(plan, key, rows, round, ids, helpers, scope)
      created += n
    }
    return { ids, created, updated: rows.length - created } satisfies UpsertManyResult
  }
}

/** Indexes of the rows in rounds whose keys are distinct. */
function distinctRounds(rows: readonly Readonly<Row>[], key: readonly string[]): number[][] {
  const rounds: number[][] = []
  const seen: Set<string>[] = []
  rows.forEach((row, i) => {
    const text = JSON.stringify(key.map((m) => row[m] ?? null))
    let r = seen.findIndex((s) => !s.has(text))
    if (r < 0) {
      r = seen.length
      seen.push(new Set())
      rounds.push([])
    }
    seen[r]?.add(text)
    rounds[r]?.push(i)
  })
  return rounds
}

async function upsertRound(plan: EntityPlan, key: readonly string[], rows: readonly Readonly<Row>[], round: readonly number[], ids: number[], helpers: WriteHelpers, scope: OperationScope): Promise<number> {
  const keys = normalizedKeys(plan, key, rows, round, helpers)
  const existing = new Map<string, Row>()
  for (const row of await scope.session.findByKeys(plan.name, key, keys)) existing.set(JSON.stringify(key.map((m) => row[m] ?? null)), row)
  const planned = planRound(plan, rows, round, keys, existing, helpers, scope.now())
  await renumbered(round, () => helpers.checkReferences(plan, planned.map((p) => p.write), true))
  await helpers.assignAutoNumbers(plan, planned.filter((p) => !p.previous).map((p) => p.write))
  const written = await guard(plan, () => scope.session.upsertMany(plan.name, key, planned.map((p) => p.write.row)))
  for (const [i, p] of planned.entries()) {
    const id = written[i]
    if (id === undefined) throw conflict(plan.name, JSON.stringify(keys[i]))
    ids[p.index] = id
    for (const [name, targets] of p.write.sets) await scope.session.writeReferenceSet(plan.name, name, id, targets)
  }
  if (scope.listens(plan.name)) await emitEvents(plan, planned, ids, scope)
  return planned.filter((p) => !p.previous).length
}

/** Runs a check whose details are prefixed with the position in the round, giving them the row's index instead. */
async function renumbered(round: readonly number[], check: () => Promise<void>): Promise<void> {
  try {
    await check()
  } catch (error) {
    if (!isPorticoError(error) || error.details.length === 0) throw error
    const details = error.details.map((d) => {
      const m = /^\[(\d+)\]\.(.*)$/.exec(d.path)
      if (!m) return d
      const prefix = `[${round[Number(m[1])] ?? m[1]}].`
      return { ...d, path: prefix + (m[2] as string), message: d.message.replace(`[${m[1]}].`, prefix) }
    })
    throw new PorticoError(error.code, error.category, error.message, { cause: error.cause, details, ...(error.target === undefined ? {} : { target: error.target }) })
  }
}

/** The key values of each row of the round, checked and in the kernel encoding. */
function normalizedKeys(plan: EntityPlan, key: readonly string[], rows: readonly Readonly<Row>[], round: readonly number[], helpers: WriteHelpers): unknown[][] {
  const errors: ErrorDetail[] = []
  const keys = round.map((i) => {
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

function planRound(plan: EntityPlan, rows: readonly Readonly<Row>[], round: readonly number[], keys: readonly unknown[][], existing: ReadonlyMap<string, Row>, helpers: WriteHelpers, now: string): Planned[] {
  const errors: ErrorDetail[] = []
  const planned = round.map((index, n): Planned => {
    const before = errors.length
    const previous = existing.get(JSON.stringify(keys[n]))
    const values = rows[index] as Readonly<Row>
    const write = previous ? merged(previous, helpers.prepareChange(plan, values, errors, false), now) : helpers.prepareCreate(plan, values, errors, now)
    if (errors.length > before) prefixPaths(errors, before, `[${index}].`)
    return previous ? { index, write, previous } : { index, write }
  })
  throwIfInvalid(plan.name, errors)
  return planned
}

/** The existing object with the given changes: a complete row, one version later. */
function merged(previous: Row, change: PreparedWrite, now: string): PreparedWrite {
  const { id: _id, ...current } = previous
  return { row: { ...current, ...change.row, changedAt: now, version: (previous.version as number) + 1 }, sets: change.sets }
}

async function emitEvents(plan: EntityPlan, planned: readonly Planned[], ids: readonly number[], scope: OperationScope): Promise<void> {
  for (const p of planned) {
    const id = ids[p.index] as number
    const object = { ...p.write.row, id }
    if (p.previous) await scope.emit({ kind: 'updated', entity: plan.name, id, object, previous: p.previous, principal: scope.principal })
    else await scope.emit({ kind: 'created', entity: plan.name, id, object, principal: scope.principal })
  }
}
