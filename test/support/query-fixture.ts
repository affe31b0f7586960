/**
 * A database with the example app's schema and a dataset inserted through the store, plus
 * the same data in the reference evaluator's shape, for the query engine's tests.
 */
import type { ModelIndex } from '../../src/model/index.js'
import type { DataRow, Dataset } from '../../src/query/index.js'
import { buildPhysicalSchema, createStore, type SqlExecutor, type SqlResult, type Store } from '../../src/store/index.js'
import { createSchemaStatements } from '../../src/store/schema-sync/create-schema.js'
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js'

/** Entities in an order where every reference points at an earlier one. */
export const INSERT_ORDER = ['Catalog.Category', 'Catalog.Tag', 'Catalog.Product', 'Sales.Customer', 'Sales.Order', 'Sales.OrderLine'] as const

/** Rows by entity, each with its expected `id` (1, 2, … in order) and reference sets as id arrays. */
export type SeedData = ReadonlyMap<string, readonly DataRow[]>

export interface QueryFixture {
  readonly kind: DatabaseKind
  readonly db: TestDatabase
  readonly store: Store
  readonly index: ModelIndex
  dispose(): Promise<void>
}

export async function openQueryFixture(kind: DatabaseKind, index: ModelIndex): Promise<QueryFixture> {
  const db = await openTestDatabase(kind)
  for (const statement of createSchemaStatements(buildPhysicalSchema(index), kind)) await db.driver.execute(statement)
  const store = createStore(db.driver, index)
  return { kind, db, store, index, dispose: () => db.dispose() }
}

const SYSTEM = { createdAt: '2024-01-01T00:00:00.000Z', changedAt: '2024-01-01T00:00:00.000Z', version: 1 }

/** Completes a row with the system members and nulls for members left out. */
export function completeRow(store: Store, entity: string, row: DataRow): DataRow {
  const out: Record<string, unknown> = { ...row }
  for (const member of store.statements(entity).insertMembers) {
    if (out[member] === undefined) out[member] = (SYSTEM as Record<string, unknown>)[member] ?? null
  }
  return out
}

/** Inserts the rows (ids must come out as given) and reference sets; returns the data as inserted. */
export async function insertSeed(store: Store, data: SeedData): Promise<Dataset> {
  const out = new Map<string, DataRow[]>()
  for (const entity of INSERT_ORDER) {
    const rows = (data.get(entity) ?? []).map((r) => completeRow(store, entity, r))
    const junctions = store.statements(entity).table.junctions
    const plain = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !junctions.some((j) => j.association.name === k))))
    const ids = rows.length ? await store.insert(entity, plain) : []
    rows.forEach((r, i) => {
      if (r.id !== undefined && r.id !== ids[i]) throw new Error(`${entity} row ${i} got id ${ids[i]}, expected ${String(r.id)}`)
    })
    const inserted: DataRow[] = rows.map((r, i) => ({ ...r, id: ids[i] }))
    for (const r of inserted) {
      for (const j of junctions) {
        const targets = (r[j.association.name] as number[] | undefined) ?? []
        if (targets.length) await store.writeReferenceSet(entity, j.association.name, r.id as number, targets)
      }
    }
    out.set(entity, inserted)
  }
  return out
}

/** An executor that records every statement, to prove that nothing reached the database. */
export function recordingExecutor(inner: SqlExecutor): SqlExecutor & { readonly statements: string[] } {
  const statements: string[] = []
  return {
    dialect: inner.dialect,
    statements,
    execute(sql: string, params?: readonly unknown[]): Promise<SqlResult> {
      statements.push(sql)
      return inner.execute(sql, params)
    },
    executeMany(sql: string, lists: readonly (readonly unknown[])[]): Promise<SqlResult[]> {
      statements.push(sql)
      return inner.executeMany(sql, lists)
    },
  }
}

const rows = (list: readonly Record<string, unknown>[]): DataRow[] => list.map((r, i) => ({ id: i + 1, ...r }))

/**
 * A small catalogue and order book with nulls, mixed case, `%`, `_`, quotes, backslashes,
 * a non-ASCII name, an order without lines and a product without category or tags.
 */
export function standardSeed(): SeedData {
  return new Map<string, DataRow[]>([
    ['Catalog.Category', rows([
      { code: 'BOOKS', name: 'Books', description: 'Paper and ink', parent: null },
      { code: 'GAMES', name: 'Games', description: null, parent: null },
      { code: 'BOARD', name: 'Board games', description: 'Cardboard', parent: 2 },
    ])],
    ['Catalog.Tag', rows([{ label: 'new' }, { label: 'Sale' }, { label: 'gift_idea' }, { label: '100%' }])],
    ['Catalog.Product', rows([
      { sku: 'BK-1', name: 'The Hobbit', description: 'A fantasy novel', price: 12.5, stock: 10, status: 'Active', releasedOn: '1937-09-21', weightKg: 0.5, category: 1, tags: [1, 3] },
      { sku: 'BK-2', name: 'dune', description: null, price: 9.75, stock: 0, status: 'Retired', releasedOn: null, weightKg: null, category: 1, tags: [] },
      { sku: 'GM-1', name: 'Chess', description: 'Classic board game; 32 pieces', price: 25, stock: 3, status: 'Active', releasedOn: '2020-01-15', weightKg: 1.25, category: 3, tags: [2] },
      { sku: 'GM-2', name: 'Go', description: "Ancient game 'weiqi'", price: 40.25, stock: 7, status: 'Draft', releasedOn: '2021-06-30', weightKg: 2, category: 3, tags: [2, 3, 4] },
      { sku: 'GM-3', name: 'Zeta 100%', description: 'under_score \\ back', price: 0, stock: 100, status: 'Active', releasedOn: '2022-12-31', weightKg: null, category: null, tags: [] },
      { sku: 'MISC-1', name: 'ümlaut', description: '  padded  ', price: 5.5, stock: 1, status: 'Draft', releasedOn: '2024-02-29', weightKg: 0.125, category: 2, tags: [1] },
    ])],
    ['Sales.Customer', rows([
      { customerNumber: 1, email: 'ann@example.com', name: 'Ann', country: 'DE', vip: true },
      { customerNumber: 2, email: 'bob@example.com', name: 'Bob', country: null, vip: false },
      { customerNumber: 3, email: 'cy@example.com', name: 'Cy', country: 'FR', vip: false },
    ])],
    ['Sales.Order', rows([
      { number: 'SO-1', status: 'Paid', orderedAt: '2024-03-01T10:15:30.250Z', total: 50, note: 'rush', customer: 1 },
      { number: 'SO-2', status: 'Open', orderedAt: '2024-03-02T23:59:59.999Z', total: 25, note: null, customer: 2 },
      { number: 'SO-3', status: 'Shipped', orderedAt: '2023-12-31T00:00:00.000Z', total: 0, note: null, customer: 1 },
      { number: 'SO-4', status: 'Cancelled', orderedAt: '2024-07-04T12:00:00.000Z', total: 80.5, note: 'gift', customer: 3 },
    ])],
    ['Sales.OrderLine', rows([
      { order: 1, lineNo: 1, quantity: 2, unitPrice: 12.5, product: 1 },
      { order: 1, lineNo: 2, quantity: 1, unitPrice: 25, product: 3 },
      { order: 2, lineNo: 1, quantity: 1, unitPrice: 25, product: 3 },
      { order: 4, lineNo: 1, quantity: 2, unitPrice: 40.25, product: 4 },
      { order: 4, lineNo: 2, quantity: 5, unitPrice: 0, product: 5 },
    ])],
  ])
}
