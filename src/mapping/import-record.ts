/**
 * What an import produces: pure data, one record at a time. The flows and kernel layers
 * turn an `ImportedObject` into upserts; the mapping layer never touches a store.
 */

/** How an import treats a key that finds no object. */
export type WhenMissing = 'create' | 'ignore' | 'error'

/** Where a record sits in its input, for reports a person can act on. */
export interface RecordPosition {
  /** 1-based line where the record starts (CSV, JSON Lines, JSON arrays, XML). */
  readonly line?: number
  /** The record's wire path: `$[12]` (JSON), `/o:Orders/o:Order[3]` (XML). */
  readonly path?: string
  /** 1-based ordinal of the record in the input. */
  readonly record: number
}

/** One bad value: where it is on the wire, what it was, and which rule it broke. */
export interface ImportError {
  /** Wire path of the value: `$[3].lines[1].quantity`, `/o:Order[1]/@number`, `Price` (a CSV column). */
  readonly path: string
  /** The value as read (strings longer than 200 characters are cut). */
  readonly value: unknown
  /** `required`, `type`, `format`, `enum`, `repeated`, `columns`, `syntax`, `key`, `limit`. */
  readonly rule: string
  readonly message: string
}

/** A reference given by the target's key, for the caller to resolve to an id. */
export interface ImportedLookup {
  readonly member: string
  /** Qualified target entity. */
  readonly entity: string
  /** Key member → value, kernel encoding. */
  readonly key: Readonly<Record<string, unknown>>
}

/** Objects read for one association of their parent. */
export interface ImportedChildren {
  /** The navigation name on the parent (`lines`, `customer`). */
  readonly association: string
  readonly objects: readonly ImportedObject[]
}

/**
 * One object read from the wire. `values` holds only what the input set (members it did not
 * mention are absent, so an update leaves them alone); defaults of the mapping are applied.
 */
export interface ImportedObject {
  /** Qualified entity. */
  readonly entity: string
  /** Member → value in the kernel encoding (references by id). */
  readonly values: Readonly<Record<string, unknown>>
  /** Find-or-create key: member → value. Absent when the mapping declares no key. */
  readonly key?: Readonly<Record<string, unknown>>
  readonly whenMissing: WhenMissing
  readonly lookups: readonly ImportedLookup[]
  readonly children: readonly ImportedChildren[]
}

export type ImportRecord =
  | { readonly ok: true; readonly position: RecordPosition; readonly object: ImportedObject }
  | { readonly ok: false; readonly position: RecordPosition; readonly errors: readonly ImportError[] }

/** A row as the kernel returns it: member → value; expanded associations as rows or row lists. */
export type Row = Readonly<Record<string, unknown>>
