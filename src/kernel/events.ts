import type { Row } from '../store/index.js'
import type { Principal } from './principal.js'

/** A change to one object, emitted inside the transaction and again after it commits. */
export interface EntityEvent {
  readonly kind: 'created' | 'updated' | 'deleted'
  /** Qualified entity name. */
  readonly entity: string
  readonly id: number
  /** The object after the change (absent for deletes). */
  readonly object?: Readonly<Row>
  /** The object before the change (absent for creates). */
  readonly previous?: Readonly<Row>
  readonly principal: Principal
}

export type EventPhase = 'beforeCommit' | 'afterCommit'

/**
 * `beforeCommit` handlers run inside the transaction right after the change, with the
 * transaction's operations: they may write more (an outbox message) or throw to roll the
 * whole transaction back. `afterCommit` handlers run once the data is committed; their
 * failures are reported to the kernel's error sink, never to the caller.
 */
export type EventHandler<Ops> = (event: EntityEvent, tx: Ops) => void | Promise<void>

/** Handlers by entity (or `*`) and phase. */
export class EventBus<Ops> {
  private readonly handlers = new Map<string, EventHandler<Ops>[]>()

  on(entity: string, phase: EventPhase, handler: EventHandler<Ops>): () => void {
    const key = `${phase}:${entity}`
    const list = [...(this.handlers.get(key) ?? []), handler]
    this.handlers.set(key, list)
    return () => this.handlers.set(key, (this.handlers.get(key) ?? []).filter((h) => h !== handler))
  }

  /** Whether anything listens to the entity's events, so a bulk write can skip building them. */
  listens(entity: string): boolean {
    for (const phase of ['beforeCommit', 'afterCommit'] as const) {
      if ((this.handlers.get(`${phase}:${entity}`)?.length ?? 0) > 0) return true
      if ((this.handlers.get(`${phase}:*`)?.length ?? 0) > 0) return true
    }
    return false
  }

  handlersFor(entity: string, phase: EventPhase): readonly EventHandler<Ops>[] {
    const specific = this.handlers.get(`${phase}:${entity}`) ?? []
    const any = this.handlers.get(`${phase}:*`) ?? []
    return specific.length === 0 ? any : any.length === 0 ? specific : [...specific, ...any]
  }
}
