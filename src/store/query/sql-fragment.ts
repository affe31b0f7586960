import type { ValueInfo } from '../../query/index.js'

/**
 * SQL text with its bound values travelling together, so a piece can be reused (a nullable
 * operand appears twice in `(a >= ? OR a IS NULL)`) and pieces can be assembled in any
 * order without losing the order of the parameters. Placeholders are a private marker
 * until `finish` numbers them for the dialect (`?` or `$n`); user values only ever enter
 * through `bind`, never as text.
 */
export interface Sql {
  readonly text: string
  readonly params: readonly unknown[]
}

/** Marks a parameter position inside fragment text; never produced by identifiers or keywords. */
export const PARAM_MARK = '\u0001'

const EMPTY: readonly unknown[] = Object.freeze([])

/** Stands for the parent ids of an expand statement until it runs. */
export const ID_LIST: unique symbol = Symbol('parent ids')

/** Marks a bound value that came from a numbered place of the query (a literal, a cursor value, …). */
export const SLOT: unique symbol = Symbol('slot')

/**
 * A bound value with the number of the place in the query it came from, so statements
 * compiled once can be reused for queries of the same shape with other values. `info` is
 * the type the value was read as (dates and enumeration values are re-read on reuse).
 */
export interface SlotParam {
  readonly [SLOT]: number
  readonly value: unknown
  readonly info?: ValueInfo
}

/** Whether a bound value is a slot (to be replaced by the values of the query being run). */
export function isSlotParam(value: unknown): value is SlotParam {
  return typeof value === 'object' && value !== null && SLOT in value
}

/** Tags the one value `fragment` binds with its slot. */
export function slotted(fragment: Sql, slot: number | undefined, info?: ValueInfo): Sql {
  if (slot === undefined) return fragment
  const param: SlotParam = { [SLOT]: slot, value: fragment.params[0], ...(info ? { info } : {}) }
  return { text: fragment.text, params: [param] }
}

/** Compiler-made text: keywords, operators and quoted identifiers from the physical schema. */
export function raw(text: string): Sql {
  return { text, params: EMPTY }
}

/** One bound value, with the SQL text around its placeholder (a cast, for instance). */
export function bind(value: unknown, before = '', after = ''): Sql {
  return { text: `${before}${PARAM_MARK}${after}`, params: [value] }
}

/** Template tag: `sql\`${a} >= ${b}\`` concatenates text and parameters in order. */
export function sql(strings: TemplateStringsArray, ...parts: readonly (Sql | string)[]): Sql {
  let text = strings[0] ?? ''
  let params: unknown[] | undefined
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Sql | string
    if (typeof part === 'string') {
      text += part
    } else {
      text += part.text
      if (part.params.length) (params ??= []).push(...part.params)
    }
    text += strings[i + 1] ?? ''
  }
  return { text, params: params ?? EMPTY }
}

/** Joins fragments with a separator (`, `, ` AND `). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  if (parts.length === 1) return parts[0] as Sql
  let params: unknown[] | undefined
  for (const p of parts) if (p.params.length) (params ??= []).push(...p.params)
  return { text: parts.map((p) => p.text).join(separator), params: params ?? EMPTY }
}

/** The final statement: markers become `?` (SQLite) or `$1…$n` (PostgreSQL). */
export function finish(fragment: Sql, numbered: boolean): { readonly sql: string; readonly params: readonly unknown[] } {
  if (!numbered) return { sql: fragment.text.replaceAll(PARAM_MARK, '?'), params: fragment.params }
  const pieces = fragment.text.split(PARAM_MARK)
  let text = pieces[0] ?? ''
  for (let i = 1; i < pieces.length; i++) text += `$${i}${pieces[i]}`
  return { sql: text, params: fragment.params }
}
