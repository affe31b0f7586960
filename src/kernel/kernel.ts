import type { ModelIndex } from '../model/index.js'
import type { CrossJoinQuery, Query } from '../query/index.js'
import type { OutboxEntry, QueryResult, Row, Store, StoreSession } from '../store/index.js'
import { changeRecords, createChangeFeed, type ChangeFeed } from './change-feed.js'
import { compileEntityPlans, type EntityPlan } from './entity-plan.js'
import { kernelErrors } from './errors.js'
import type { MemberGrant } from './access-policy.js'
import { EventBus, type EntityEvent, type EventHandler, type EventPhase } from './events.js'
import type { Principal } from './principal.js'
import { readOperations } from './read-operations.js'
import { writeOperations } from './write-operations.js'

/** How `upsert` treats a key that finds nothing. */
export type WhenMissing = 'create' | 'ignore' | 'error'

export interface UpsertResult {
  readonly outcome: 'created' | 'updated' | 'ignored'
  readonly object?: Row
}

/** What `upsertMany` did: each row's id in order, and how many objects it created and updated. */
export interface UpsertManyResult {
  readonly ids: readonly number[]
  readonly created: number
  readonly updated: number
}

/** How `upsertMany` goes about its rows; the outcome is the same either way. */
export interface UpsertManyOptions {
  /**
   * What most rows are expected to be. `new` (the default): rows valid as new objects are
   * inserted first and only those whose key is taken are read; `existing`: every row's
   * object is read first, saving a statement when nearly all keys exist.
   */
  readonly expect?: 'new' | 'existing'
}

export interface WriteOptions {
  /** The version the caller last saw; a different current version fails with KERNEL_VERSION_CONFLICT. */
  readonly expectedVersion?: number
}

export interface ReadOptions {
  readonly select?: readonly string[]
  readonly expand?: Query['expand']
}

/**
 * The entity operations of one principal. Outside a transaction each write is its own
 * transaction; inside `transaction` everything commits or rolls back together.
 */
export interface EntityOperations {
  readonly principal: Principal
  /** The object, or KERNEL_NOT_FOUND. */
  read(entity: string, id: number, options?: ReadOptions): Promise<Row>
  find(entity: string, id: number): Promise<Row | undefined>
  /** The object whose unique attribute `member` has `value`, by a prepared lookup. */
  findByUnique(entity: string, member: string, value: unknown): Promise<Row | undefined>
  /** The single object whose members equal `key`, if any (KERNEL_KEY_NOT_UNIQUE when several). */
  findByKey(entity: string, key: Readonly<Record<string, unknown>>): Promise<Row | undefined>
  query(query: Query): Promise<QueryResult>
  /**
   * A cross join of several entities, each of which the principal must be allowed to read;
   * every member's select is limited to readable members, and filters, sort keys and
   * computes may only use readable ones.
   */
  crossJoin(query: CrossJoinQuery): Promise<QueryResult>
  /** Members of an entity this principal may read (`all`, or a set); the id and version always. */
  readable(entity: string): MemberGrant
  create(entity: string, values: Readonly<Row>): Promise<Row>
  /** Creates many objects in one statement batch; returns their ids in order. */
  createMany(entity: string, values: readonly Readonly<Row>[]): Promise<number[]>
  /** Changes the given members only (absent members keep their value). */
  update(entity: string, id: number, changes: Readonly<Row>, options?: WriteOptions): Promise<Row>
  /** Sets every writable member: absent ones get their default or null. */
  replace(entity: string, id: number, values: Readonly<Row>, options?: WriteOptions): Promise<Row>
  delete(entity: string, id: number, options?: WriteOptions): Promise<void>
  /** Updates the object whose `key` members match, else acts as `whenMissing` says (default create). */
  upsert(entity: string, key: Readonly<Record<string, unknown>>, values: Readonly<Row>, options?: { whenMissing?: WhenMissing }): Promise<UpsertResult>
  /**
   * Creates or updates many objects by their `key` members (a unique attribute or unique
   * index), in one statement per batch: a row whose key finds an object updates the members
   * it gives (validated like `update`), any other creates one (validated like `create`).
   * Validation details are prefixed with the row index (`[3].price`). Events fire per object
   * when someone listens. Needs the create and update rights.
   */
  upsertMany(entity: string, key: readonly string[], rows: readonly Readonly<Row>[], options?: UpsertManyOptions): Promise<UpsertManyResult>
  /** Appends a message to the transactional outbox. */
  publish(entry: OutboxEntry): Promise<void>
  /** Records a received message id; false when this consumer has already seen it. */
  markReceived(consumer: string, messageId: string): Promise<boolean>
  transaction<T>(fn: (tx: EntityOperations) => Promise<T>): Promise<T>
}

export interface Kernel {
  readonly index: ModelIndex
  /** The operations as seen by one principal. */
  as(principal: Principal): EntityOperations
  /** Subscribes to the events of an entity (`Module.Entity`) or of all (`*`). */
  on(entity: string, phase: EventPhase, handler: EventHandler<EntityOperations>): () => void
  /** Change tracking: the change log of tracked entities, written in each writing transaction. */
  readonly changes: ChangeFeed
  /** Whether the database answers. */
  ping(): Promise<void>
}

export interface KernelOptions {
  readonly store: Store
  /** Where failures of after-commit handlers go (they never reach the caller). */
  readonly onHandlerError?: (error: unknown, event: EntityEvent) => void
  readonly clock?: () => Date
}

/** What one operation runs against: a store session, the principal, and the events so far. */
export interface OperationScope {
  readonly session: StoreSession
  readonly principal: Principal
  readonly plans: ReadonlyMap<string, EntityPlan>
  readonly index: ModelIndex
  readonly now: () => string
  /** Records an event; runs beforeCommit handlers now. */
  emit(event: EntityEvent): Promise<void>
  listens(entity: string): boolean
  plan(entity: string): EntityPlan
  /** Operations bound to the same transaction, for handlers and nested calls. */
  readonly ops: EntityOperations
}

export function createKernel(options: KernelOptions): Kernel {
  const { store } = options
  const plans = compileEntityPlans(store.index, store.physical)
  const bus = new EventBus<EntityOperations>()
  const changes = createChangeFeed(store.changes, (entity) => plan(entity))
  /** Events are built for an entity someone listens to, or whose writes the change log records. */
  const listens = (entity: string): boolean => bus.listens(entity) || (changes.tracked.size > 0 && changes.tracked.has(entity))
  const clock = options.clock ?? (() => new Date())
  const plan = (entity: string): EntityPlan => {
    const p = plans.get(entity)
    if (!p) throw kernelErrors.create('KERNEL_UNKNOWN_ENTITY', `unknown entity '${entity}'`, { target: entity })
    return p
  }

  const afterCommit = async (events: readonly EntityEvent[], ops: EntityOperations): Promise<void> => {
    for (const event of events) {
      for (const handler of bus.handlersFor(event.entity, 'afterCommit')) {
        try {
          await handler(event, ops)
        } catch (error) {
          options.onHandlerError?.(error, event)
        }
      }
    }
  }

  /** Operations in one open transaction. */
  const inTransaction = (session: StoreSession, principal: Principal, events: EntityEvent[]): EntityOperations => {
    const scope: OperationScope = {
      session,
      principal,
      plans,
      index: store.index,
      now: () => clock().toISOString(),
      async emit(event) {
        events.push(event)
        for (const handler of bus.handlersFor(event.entity, 'beforeCommit')) await handler(event, scope.ops)
      },
      listens,
      plan,
      ops: undefined as unknown as EntityOperations,
    }
    const ops: EntityOperations = {
      principal,
      ...readOperations(scope),
      ...writeOperations(scope),
      publish: (entry) => session.appendOutbox([entry]),
      markReceived: (consumer, id) => session.recordInbox(consumer, id),
      transaction: (fn) => fn(ops),
    }
    ;(scope as { ops: EntityOperations }).ops = ops
    return ops
  }

  const transaction = async <T>(principal: Principal, fn: (tx: EntityOperations) => Promise<T>): Promise<T> => {
    const events: EntityEvent[] = []
    const result = await store.transaction(async (session) => {
      const out = await fn(inTransaction(session, principal, events))
      // The change log is written last, in the same transaction: it commits exactly with the writes.
      if (events.length > 0 && changes.tracked.size > 0) await session.recordChanges(changeRecords(events, changes.tracked), clock().toISOString())
      return out
    })
    if (events.length > 0) await afterCommit(events, as(principal))
    return result
  }

  // Principals are immutable and reused (identity caches them), so their operations are too.
  const byPrincipal = new WeakMap<Principal, EntityOperations>()
  const as = (principal: Principal): EntityOperations => {
    let ops = byPrincipal.get(principal)
    if (!ops) {
      ops = operationsOf(principal)
      byPrincipal.set(principal, ops)
    }
    return ops
  }

  /**
   * Whether creating this one object is a single INSERT: nothing to number, no reference set
   * to write, no reference to look up, nobody listening to its events. Such a create needs
   * no BEGIN and COMMIT around it (the statement is atomic on its own): two round trips
   * fewer on a network database.
   */
  const singleStatementCreate = (entity: string, values: Readonly<Row>): boolean => {
    const p = plans.get(entity)
    if (!p || p.autoNumbers.length > 0 || p.referenceSets.size > 0 || listens(entity)) return false
    for (const name of p.references.keys()) if (values[name] !== undefined && values[name] !== null) return false
    return true
  }

  const operationsOf = (principal: Principal): EntityOperations => {
    const reads = inTransaction(store, principal, [])
    const write = <A extends unknown[], R>(op: (tx: EntityOperations, ...args: A) => Promise<R>) =>
      (...args: A): Promise<R> => transaction(principal, (tx) => op(tx, ...args))
    const createInTransaction = write((tx, entity: string, values: Readonly<Row>) => tx.create(entity, values))
    return {
      principal,
      read: reads.read,
      find: reads.find,
      findByUnique: reads.findByUnique,
      findByKey: reads.findByKey,
      query: reads.query,
      crossJoin: reads.crossJoin,
      readable: reads.readable,
      create: (entity, values) => (singleStatementCreate(entity, values) ? reads.create(entity, values) : createInTransaction(entity, values)),
      createMany: write((tx, entity: string, values: readonly Readonly<Row>[]) => tx.createMany(entity, values)),
      update: write((tx, entity: string, id: number, changes: Readonly<Row>, o?: WriteOptions) => tx.update(entity, id, changes, o)),
      replace: write((tx, entity: string, id: number, values: Readonly<Row>, o?: WriteOptions) => tx.replace(entity, id, values, o)),
      delete: write((tx, entity: string, id: number, o?: WriteOptions) => tx.delete(entity, id, o)),
      upsert: write((tx, entity: string, key: Readonly<Record<string, unknown>>, values: Readonly<Row>, o?: { whenMissing?: WhenMissing }) =>
        tx.upsert(entity, key, values, o),
      ),
      upsertMany: write((tx, entity: string, key: readonly string[], rows: readonly Readonly<Row>[], o?: UpsertManyOptions) => tx.upsertMany(entity, key, rows, o)),
      publish: write((tx, entry: OutboxEntry) => tx.publish(entry)),
      markReceived: write((tx, consumer: string, id: string) => tx.markReceived(consumer, id)),
      transaction: (fn) => transaction(principal, fn),
    }
  }

  return {
    index: store.index,
    as,
    on: (entity, phase, handler) => bus.on(entity, phase, handler),
    changes,
    ping: () => store.driver.ping(),
  }
}
