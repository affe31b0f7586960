import type { ModelIndex } from '../model/index.js'
import type { CrossJoinQuery, Query } from '../query/index.js'
import type { SqlDriver, SqlExecutor, TransactionOptions } from './driver/driver.js'
import { createChangeLogStore, recordChanges, type ChangeLogStore, type ChangeRecord } from './change-log.js'
import { arrayLiteral } from './driver/postgres-array.js'
import { quoteIdent } from './ddl.js'
import { buildEntityStatements, insertManySql, placeholder, type EntityStatements, type Row } from './entity-statements.js'
import { createFlowStore, type FlowStore } from './flow-store.js'
import { createIdentityStore, type IdentityStore } from './identity-store.js'
import { findByKeysSql, idsInOrder, insertNewSql, upsertSql } from './upsert-statements.js'
import { buildPhysicalSchema, type PhysicalSchema } from './physical-schema.js'
import { createQueryEngine, type QueryEngine, type QueryResult } from './query/index.js'

/** One message the outbox keeps until a relay has delivered it. */
export interface OutboxEntry {
  readonly channel: string
  readonly key?: string
  readonly payload: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** Data operations, bound to the database or to one transaction. */
export interface StoreSession {
  findById(entity: string, id: number): Promise<Row | undefined>
  findByIds(entity: string, ids: readonly number[]): Promise<Row[]>
  /** The object whose unique member has the value (the first, if the member is not unique). */
  findByUnique(entity: string, member: string, value: unknown): Promise<Row | undefined>
  /** Which of the ids exist. */
  existingIds(entity: string, ids: readonly number[]): Promise<Set<number>>
  /** Inserts complete rows (kernel encoding, no id); returns the new ids in order. */
  insert(entity: string, rows: readonly Row[]): Promise<number[]>
  /** The rows whose `members` equal one of `keys` (each key: the values in member order). */
  findByKeys(entity: string, members: readonly string[], keys: readonly (readonly unknown[])[]): Promise<Row[]>
  /**
   * Inserts complete rows (no id), or updates the existing row with the same `key` members
   * when its version is the row's version − 1 (INSERT … ON CONFLICT … DO UPDATE). Returns
   * each row's id in order; undefined where the existing row changed concurrently. The keys
   * must be distinct and a unique attribute or unique index.
   */
  upsertMany(entity: string, key: readonly string[], rows: readonly Row[]): Promise<(number | undefined)[]>
  /**
   * Inserts complete rows (no id) whose `key` no row has yet, and leaves the others alone
   * (INSERT … ON CONFLICT … DO NOTHING). Returns each row's new id in order; undefined
   * where a row with that key exists (or an earlier row of the list took the key).
   */
  insertNew(entity: string, key: readonly string[], rows: readonly Row[]): Promise<(number | undefined)[]>
  /** Updates the given members; false when no row has that id (and version, when given). */
  update(entity: string, id: number, changes: Row, expectedVersion?: number): Promise<boolean>
  delete(entity: string, id: number, expectedVersion?: number): Promise<boolean>
  /** Runs a query or a cross join (whose rows hold one object per member, see CrossJoinQuery). */
  query(query: Query | CrossJoinQuery): Promise<QueryResult>
  /** Ids of `owner` objects whose reference `association` points at `targetId`. */
  referencingIds(owner: string, association: string, targetId: number): Promise<number[]>
  /** Target ids of a reference set, per owner id. */
  readReferenceSet(owner: string, association: string, ownerIds: readonly number[]): Promise<Map<number, number[]>>
  /** Replaces the targets of a reference set for one owner. */
  writeReferenceSet(owner: string, association: string, ownerId: number, targetIds: readonly number[]): Promise<void>
  /** Owner ids whose reference set contains `targetId`. */
  referenceSetOwners(owner: string, association: string, targetId: number): Promise<number[]>
  /** Reserves `count` (default 1) values of a named counter (AutoNumber); returns the first. */
  nextSequenceValue(name: string, count?: number): Promise<number>
  appendOutbox(entries: readonly OutboxEntry[]): Promise<void>
  /** Records a message id for a consumer; false when it was already recorded (a duplicate). */
  recordInbox(consumer: string, messageId: string): Promise<boolean>
  /** Appends writes of tracked entities to the change log (in the writing transaction). */
  recordChanges(records: readonly ChangeRecord[], at: string): Promise<void>
}

export interface Store extends StoreSession {
  readonly driver: SqlDriver
  readonly index: ModelIndex
  readonly physical: PhysicalSchema
  readonly queries: QueryEngine
  /** App users and API keys. */
  readonly identity: IdentityStore
  /** Schedule ticks, retries and dead letters of flows. */
  readonly flows: FlowStore
  /** Horizons, deltas and pruning of the change log. */
  readonly changes: ChangeLogStore
  statements(entity: string): EntityStatements
  transaction<T>(fn: (session: StoreSession) => Promise<T>, options?: TransactionOptions): Promise<T>
  close(): Promise<void>
}

/** The store of one model on one database. No I/O until a method is called. */
export function createStore(driver: SqlDriver, index: ModelIndex, options: { queries?: QueryEngine } = {}): Store {
  const physical = buildPhysicalSchema(index)
  const statements = new Map(physical.tables.map((t) => [t.entity.qualifiedName, buildEntityStatements(t, driver.dialect)]))
  const queries = options.queries ?? createQueryEngine({ index, physical, dialect: driver.dialect })
  const statementsOf = (entity: string): EntityStatements => {
    const s = statements.get(entity)
    if (!s) throw new Error(`entity ${entity} is not persistent or not in the model`)
    return s
  }
  const base = createSession(driver, statementsOf, queries)
  return {
    ...base,
    driver,
    index,
    physical,
    queries,
    identity: createIdentityStore(driver),
    flows: createFlowStore(driver),
    changes: createChangeLogStore(driver),
    statements: statementsOf,
    transaction: (fn, txOptions) => driver.transaction((tx) => fn(createSession(tx, statementsOf, queries)), txOptions),
    close: () => driver.close(),
  }
}

const PG_PARAMETER_LIMIT = 65535

function createSession(
  executor: SqlExecutor,
  statementsOf: (entity: string) => EntityStatements,
  queries: QueryEngine,
): StoreSession {
  const dialect = executor.dialect
  const p = placeholder(dialect)
  const decode = (s: EntityStatements, row: Row): Row => {
    for (const m of s.booleanMembers) {
      const v = row[m]
      if (v !== null && v !== undefined) row[m] = v === 1 || v === true
    }
    return row
  }
  /** Runs an INSERT … ON CONFLICT (key) statement over the rows; each row's id, undefined where none came back. */
  const insertKeyed = async (s: EntityStatements, key: readonly string[], rows: readonly Row[], sqlOf: typeof upsertSql): Promise<(number | undefined)[]> => {
    if (rows.length === 0) return []
    const sql = sqlOf(s, key, dialect)
    const columns = s.insertMembers
    if (dialect === 'sqlite') {
      const results = await executor.executeMany(sql, rows.map((row) => columns.map((m) => row[m] ?? null)))
      return results.map((r) => (r.rows[0] === undefined ? undefined : Number(r.rows[0].id)))
    }
    const { rows: returned } = await executor.execute(sql, columns.map((m) => arrayLiteral(rows, m)))
    return idsInOrder(key, rows, returned)
  }
  const junctionOf = (owner: string, association: string) => {
    const j = statementsOf(owner).table.junction.get(association)
    if (!j) throw new Error(`${owner}.${association} is not a reference set`)
    return j
  }

  return {
    async findById(entity, id) {
      const s = statementsOf(entity)
      const { rows } = await executor.execute(s.selectById, [id])
      const row = rows[0]
      return row === undefined ? undefined : decode(s, row)
    },
    async findByUnique(entity, member, value) {
      const s = statementsOf(entity)
      const { rows } = await executor.execute(s.selectBy(member), [value])
      const row = rows[0]
      return row === undefined ? undefined : decode(s, row)
    },
    async findByIds(entity, ids) {
      if (ids.length === 0) return []
      const s = statementsOf(entity)
      const { rows } = await executor.execute(`${s.selectAll} WHERE "id" IN (${ids.map((_, i) => p(i + 1)).join(', ')})`, ids)
      return rows.map((r) => decode(s, r))
    },
    async existingIds(entity, ids) {
      const found = new Set<number>()
      const unique = [...new Set(ids)]
      const s = statementsOf(entity)
      for (let start = 0; start < unique.length; start += 500) {
        const chunk = unique.slice(start, start + 500)
        const { rows } = await executor.execute(
          `SELECT "id" FROM ${quoteIdent(s.table.table)} WHERE "id" IN (${chunk.map((_, i) => p(i + 1)).join(', ')})`,
          chunk,
        )
        for (const r of rows) found.add(Number(r.id))
      }
      return found
    },
    async insert(entity, rows) {
      const s = statementsOf(entity)
      const columns = s.insertMembers
      if (dialect === 'sqlite' || rows.length === 1) {
        const results = await executor.executeMany(s.insertOne, rows.map((row) => columns.map((m) => row[m] ?? null)))
        return results.map((r) => Number(r.rows[0]?.id))
      }
      const perStatement = Math.max(1, Math.min(1000, Math.floor(PG_PARAMETER_LIMIT / Math.max(1, columns.length))))
      const ids: number[] = []
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement)
        const params: unknown[] = []
        for (const row of chunk) for (const m of columns) params.push(row[m] ?? null)
        const { rows: out } = await executor.execute(insertManySql(s.table.table, s.insertColumns, chunk.length), params)
        for (const r of out) ids.push(Number(r.id))
      }
      return ids
    },
    async findByKeys(entity, members, keys) {
      const s = statementsOf(entity)
      const out: Row[] = []
      const chunk = members.length === 1 ? 10_000 : 500
      for (let start = 0; start < keys.length; start += chunk) {
        const { sql, params } = findByKeysSql(s, members, keys.slice(start, start + chunk), dialect)
        for (const row of (await executor.execute(sql, params, { reusePlan: false })).rows) out.push(decode(s, row))
      }
      return out
    },
    upsertMany: (entity, key, rows) => insertKeyed(statementsOf(entity), key, rows, upsertSql),
    insertNew: (entity, key, rows) => insertKeyed(statementsOf(entity), key, rows, insertNewSql),
    async update(entity, id, changes, expectedVersion) {
      const s = statementsOf(entity)
      const members = Object.keys(changes)
      if (members.length === 0) return (await this.findById(entity, id)) !== undefined
      const checkVersion = expectedVersion !== undefined
      const params = members.map((m) => changes[m] ?? null)
      params.push(id)
      if (checkVersion) params.push(expectedVersion)
      const { changes: n } = await executor.execute(s.updateSql(members, { checkVersion }), params)
      return n > 0
    },
    async delete(entity, id, expectedVersion) {
      const s = statementsOf(entity)
      const { changes } =
        expectedVersion === undefined
          ? await executor.execute(s.deleteById, [id])
          : await executor.execute(s.deleteByIdAndVersion, [id, expectedVersion])
      return changes > 0
    },
    query: (query) => queries.execute(executor, query),
    async referencingIds(owner, association, targetId) {
      const s = statementsOf(owner)
      const r = s.table.reference.get(association)
      if (!r) throw new Error(`${owner}.${association} is not a reference`)
      const { rows } = await executor.execute(
        `SELECT "id" FROM ${quoteIdent(s.table.table)} WHERE ${quoteIdent(r.column)} = ${p(1)} ORDER BY "id"`,
        [targetId],
      )
      return rows.map((row) => Number(row.id))
    },
    async readReferenceSet(owner, association, ownerIds) {
      const out = new Map<number, number[]>(ownerIds.map((id) => [id, []]))
      if (ownerIds.length === 0) return out
      const j = junctionOf(owner, association)
      const { rows } = await executor.execute(
        `SELECT ${quoteIdent(j.ownerColumn)} AS "o", ${quoteIdent(j.targetColumn)} AS "t" FROM ${quoteIdent(j.table)} WHERE ${quoteIdent(j.ownerColumn)} IN (${ownerIds.map((_, i) => p(i + 1)).join(', ')}) ORDER BY 1, 2`,
        ownerIds,
      )
      for (const row of rows) out.get(Number(row.o))?.push(Number(row.t))
      return out
    },
    async writeReferenceSet(owner, association, ownerId, targetIds) {
      const j = junctionOf(owner, association)
      await executor.execute(`DELETE FROM ${quoteIdent(j.table)} WHERE ${quoteIdent(j.ownerColumn)} = ${p(1)}`, [ownerId])
      const unique = [...new Set(targetIds)]
      if (unique.length === 0) return
      const values = unique.map((_, i) => `(${p(2 * i + 1)}, ${p(2 * i + 2)})`).join(', ')
      await executor.execute(
        `INSERT INTO ${quoteIdent(j.table)} (${quoteIdent(j.ownerColumn)}, ${quoteIdent(j.targetColumn)}) VALUES ${values}`,
        unique.flatMap((target) => [ownerId, target]),
      )
    },
    async referenceSetOwners(owner, association, targetId) {
      const j = junctionOf(owner, association)
      const { rows } = await executor.execute(
        `SELECT ${quoteIdent(j.ownerColumn)} AS "o" FROM ${quoteIdent(j.table)} WHERE ${quoteIdent(j.targetColumn)} = ${p(1)} ORDER BY 1`,
        [targetId],
      )
      return rows.map((row) => Number(row.o))
    },
    async nextSequenceValue(name, count = 1) {
      const { rows } = await executor.execute(
        `INSERT INTO "portico_sequence" ("name", "value") VALUES (${p(1)}, ${p(2)}) ON CONFLICT ("name") DO UPDATE SET "value" = "portico_sequence"."value" + ${p(3)} RETURNING "value"`,
        [name, count, count],
      )
      return Number(rows[0]?.value) - count + 1
    },
    async appendOutbox(entries) {
      const now = new Date().toISOString()
      for (const e of entries) {
        await executor.execute(
          `INSERT INTO "portico_outbox" ("channel", "message_key", "payload", "headers", "created_at") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`,
          [e.channel, e.key ?? null, JSON.stringify(e.payload), JSON.stringify(e.headers ?? {}), now],
        )
      }
    },
    async recordInbox(consumer, messageId) {
      const { changes } = await executor.execute(
        `INSERT INTO "portico_inbox" ("consumer", "message_id", "processed_at") VALUES (${p(1)}, ${p(2)}, ${p(3)}) ON CONFLICT DO NOTHING`,
        [consumer, messageId, new Date().toISOString()],
      )
      return changes > 0
    },
    recordChanges: (records, at) => recordChanges(executor, records, at),
  }
}
