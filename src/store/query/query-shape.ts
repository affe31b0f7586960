import { inferLiteralType, type CrossJoinQuery, type LiteralExpr, type LiteralType, type Query } from '../../query/index.js'
import type { RootSlots } from './compile-select.js'

/** What a slot holds, which decides how its value is re-read when a cached plan is reused. */
export type SlotKind = 'literal' | 'after' | 'search' | 'top' | 'skip'

/**
 * A query with its values taken out: `key` is equal for two queries exactly when they
 * compile to the same SQL text, and `values` are what goes into the slots. Everything that
 * changes the SQL stays in the key: names, paths, operators, the class of each literal
 * (null, true/false, integer/long/decimal and zero or not, text, its declared type), the
 * number of search terms and cursor values and which cursor values are null.
 */
export interface QueryShape {
  readonly key: string
  readonly values: readonly unknown[]
  readonly kinds: readonly SlotKind[]
  /** Slot of each numbered literal node, by identity. */
  readonly literals: ReadonlyMap<object, number>
  /** Declared literal types (other than text) by slot, re-checked on reuse even where the value is not bound. */
  readonly declared: ReadonlyMap<number, LiteralType>
  readonly root: RootSlots
}

interface Writer {
  key: string
  readonly values: unknown[]
  readonly kinds: SlotKind[]
  readonly literals: Map<object, number>
  readonly declared: Map<number, LiteralType>
}

function slot(w: Writer, value: unknown, kind: SlotKind): number {
  w.values.push(value)
  w.kinds.push(kind)
  return w.values.length - 1
}

/** The class of a literal value: what about it can change the SQL. */
function literalClass(value: unknown): string {
  if (value === null) return 'n'
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'string') return 's'
  if (typeof value === 'number') return `${inferLiteralType(value)}${value === 0 ? '0' : ''}`
  return `?${JSON.stringify(value)}`
}

function writeLiteral(w: Writer, node: LiteralExpr): void {
  const cls = literalClass(node.value)
  const bound = cls !== 'n' && cls !== 't' && cls !== 'f'
  let n = w.literals.get(node)
  if (bound && n === undefined) {
    n = slot(w, node.value, 'literal')
    w.literals.set(node, n)
    if (node.type !== undefined && node.type !== 'String' && node.type !== 'Enum') w.declared.set(n, node.type)
  }
  w.key += `L${cls}${node.type ?? ''}${n === undefined ? '' : `#${n}`};`
}

/** Primitives as unambiguous text: strings carry their length, so no escaping is needed. */
function writePrimitive(w: Writer, value: unknown): void {
  if (typeof value === 'string') w.key += `${value.length}'${value}`
  else w.key += `${typeof value === 'number' ? 'N' : ''}${String(value)};`
}

function write(w: Writer, node: unknown): void {
  if (typeof node !== 'object' || node === null) return writePrimitive(w, node)
  if (Array.isArray(node)) {
    w.key += '['
    for (const item of node) write(w, item)
    w.key += ']'
    return
  }
  if ((node as { kind?: unknown }).kind === 'literal') return writeLiteral(w, node as LiteralExpr)
  w.key += '{'
  for (const key in node) {
    w.key += `${key}:`
    write(w, (node as Record<string, unknown>)[key])
  }
  w.key += '}'
}

function writeRoot(w: Writer, key: string, value: unknown): keyof RootSlots | undefined {
  if (key === 'top' && typeof value === 'number') {
    w.key += `T#${slot(w, value, 'top')};`
    return 'top'
  }
  if (key === 'skip' && typeof value === 'number') {
    if (value === 0) return void (w.key += 'K0;')
    w.key += `K#${slot(w, value, 'skip')};`
    return 'skip'
  }
  if (key === 'search' && typeof value === 'string') {
    const terms = value.split(/\s+/).filter(Boolean)
    w.key += `S${terms.length};`
    for (const t of terms) slot(w, t, 'search')
    return terms.length ? 'search' : undefined
  }
  if (key === 'after' && Array.isArray(value)) {
    w.key += `A${value.map((v) => (v === null ? 'n' : typeof v)).join(',')};`
    for (const v of value) slot(w, v, 'after')
    return 'after'
  }
  w.key += `${key}:`
  write(w, value)
  return undefined
}

/** Takes the values out of a query; see `QueryShape`. */
export function queryShape(query: Query | CrossJoinQuery): QueryShape {
  const w: Writer = { key: '', values: [], kinds: [], literals: new Map(), declared: new Map() }
  const root: { -readonly [K in keyof RootSlots]: number } = {}
  for (const key in query) {
    const first = w.values.length
    const numbered = writeRoot(w, key, (query as unknown as Record<string, unknown>)[key])
    if (numbered) root[numbered] = first
  }
  return { key: w.key, values: w.values, kinds: w.kinds, literals: w.literals, declared: w.declared, root }
}
