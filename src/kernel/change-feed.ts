import type { ChangedObject, ChangeHorizon, ChangeLogStore, ChangeRecord, ChangeWindow } from '../store/index.js'
import type { EntityPlan } from './entity-plan.js'
import type { EntityEvent } from './events.js'
import type { Principal } from './principal.js'
import { forbidden } from './read-operations.js'

/**
 * Change tracking: which entities record every write in the change log, and reading it back.
 * An entity is tracked once something asks for it (the OData adapter, for sets with
 * `changeTracking`); writes of untracked entities pay nothing.
 */
export interface ChangeFeed {
  /** Records every later write of the entity (call before serving requests). */
  track(entity: string): void
  tracks(entity: string): boolean
  /** Where the log stands now: a delta from here holds every change committed later. */
  horizon(): Promise<ChangeHorizon>
  /** Objects of the entity changed between two horizons, by id; needs the read right. */
  changed(principal: Principal, entity: string, window: ChangeWindow): Promise<ChangedObject[]>
  /** Which of the ids changed again after `horizon` (their newer state belongs to a later delta). */
  changedAfter(entity: string, ids: readonly number[], horizon: ChangeHorizon): Promise<Set<number>>
  /** False when changes after `from` may have been pruned. */
  retains(from: ChangeHorizon): Promise<boolean>
  /** Removes changes recorded before `before`; returns how many. */
  prune(before: Date): Promise<number>
}

export function createChangeFeed(log: ChangeLogStore, plan: (entity: string) => EntityPlan): ChangeFeed & { readonly tracked: ReadonlySet<string> } {
  const tracked = new Set<string>()
  return {
    tracked,
    track: (entity) => {
      plan(entity)
      tracked.add(entity)
    },
    tracks: (entity) => tracked.has(entity),
    horizon: () => log.horizon(),
    changed: (principal, entity, window) => {
      if (!plan(entity).access.allows(principal, 'read')) throw forbidden('read', entity)
      return log.changed(entity, window)
    },
    changedAfter: (entity, ids, horizon) => log.changedAfter(entity, ids, horizon),
    retains: (from) => log.retains(from),
    prune: (before) => log.prune(before.toISOString()),
  }
}

/** The change-log rows of a transaction's events: those of tracked entities. */
export function changeRecords(events: readonly EntityEvent[], tracked: ReadonlySet<string>): ChangeRecord[] {
  const out: ChangeRecord[] = []
  for (const e of events) if (tracked.has(e.entity)) out.push({ entity: e.entity, id: e.id, operation: e.kind })
  return out
}
