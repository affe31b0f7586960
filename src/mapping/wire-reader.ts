import type { ImportError } from './import-record.js'

/** Nothing usable was read; the accessor has pushed the reason. */
export const UNREADABLE: unique symbol = Symbol('unreadable')

/** A scalar location of one wire kind, compiled once. */
export interface ScalarAccess<N> {
  /** undefined when absent, null when explicitly null; text wires give strings. */
  get(node: N, base: string, errors: ImportError[]): unknown
  /** The wire path of the value below `base`, for errors (built only on failure). */
  path(base: string): string
}

/** A location of nested nodes: a JSON array or object, repeated or single XML elements. */
export interface NodesAccess<N> {
  /** undefined when absent. */
  get(node: N, base: string, errors: ImportError[]): readonly N[] | undefined | typeof UNREADABLE
  /** The wire path of the `i`-th node (0-based), or of the location when `i` is undefined. */
  path(base: string, i?: number): string
}

/**
 * How one wire kind (JSON value, XML element, CSV row) reads field locations. The object
 * reader is written once over this interface; each kind compiles its own locations.
 */
export interface WireReader<N> {
  /** Values are text to parse (CSV, XML) rather than typed JSON. */
  readonly text: boolean
  scalar(location: string | number): ScalarAccess<N>
  nodes(location: string | number, many: boolean): NodesAccess<N>
}
