import { qualify, type ExtensionModel, type ModelValue } from '../model/index.js'
import type { WhenMissing } from './import-record.js'

/**
 * A mapping declaration read from its YAML body into typed, readonly data. The checker rules
 * and the compiler both read declarations through here, so they agree on defaults. Every
 * part keeps `at`, its path inside the declaration, for `ctx.at(extension, at)`.
 */

export type MappingKind = 'json' | 'xml' | 'csv'
export type MappingDirection = 'import' | 'export' | 'both'
export type CsvMatch = 'exact' | 'subset' | 'superset'
export type DeclarationPath = readonly (string | number)[]

/** How a wire value is read and written (all optional; absent keys keep the default forms). */
export interface ConvertDeclaration {
  /** Date/DateTime pattern: yyyy, yy, MM, M, dd, d, HH, H, mm, ss, SSS, XXX, XX, 'literal'. */
  readonly pattern?: string
  /** IANA zone of a date-time written without an offset (default UTC). */
  readonly timeZone?: string
  /** Decimal separator of numbers (default `.`). */
  readonly decimal?: string
  /** Grouping (thousands) separator of numbers (default none). */
  readonly grouping?: string
  /** Words read as true / false (compared without case); the first one is written. */
  readonly trueWords?: readonly string[]
  readonly falseWords?: readonly string[]
  /** Enumeration values on the wire by `name` (default) or `caption`. */
  readonly enumBy?: 'name' | 'caption'
}

export interface FieldDeclaration {
  /** JSON/XML path, CSV column name, or 1-based CSV position. */
  readonly location: string | number
  readonly member: string
  /** The field's own `convert`. */
  readonly convert?: ConvertDeclaration
  /** The mapping's `convert`: each field takes the keys that apply to its member's type. */
  readonly inherited?: ConvertDeclaration
  readonly default?: ModelValue
  readonly required: boolean
  /** A reference given by the target's key member. */
  readonly lookup?: { readonly key: string }
  /** Nested object or collection: its own key, whenMissing and fields. */
  readonly key?: readonly string[]
  readonly whenMissing?: WhenMissing
  readonly fields?: readonly FieldDeclaration[]
  readonly at: DeclarationPath
}

export interface CsvOptions {
  readonly header: boolean
  readonly delimiter: string
  readonly quote: string
  readonly escape: string
  readonly encoding: string
  readonly match: CsvMatch
}

export interface XmlOptions {
  /** Absolute path of the record element(s), `/o:Orders/o:Order`. */
  readonly record: string
  readonly namespaces: Readonly<Record<string, string>>
  /** Namespace of unprefixed element steps (none when absent). */
  readonly namespace?: string
}

export interface JsonOptions {
  /** Export as JSON Lines (one object a line) instead of one array. */
  readonly lines: boolean
}

export interface MappingDeclaration {
  readonly name: string
  readonly module: string
  readonly kind: MappingKind
  readonly direction: MappingDirection
  /** Qualified root entity. */
  readonly entity: string
  readonly key?: readonly string[]
  readonly whenMissing: WhenMissing
  /** Conversions every field inherits where they apply. */
  readonly convert?: ConvertDeclaration
  readonly schema?: string
  readonly sample?: string
  readonly fields: readonly FieldDeclaration[]
  readonly csv: CsvOptions
  readonly xml: XmlOptions
  readonly json: JsonOptions
  readonly extension: ExtensionModel
}

type Json = Readonly<Record<string, unknown>>

/** Reads one `mappings:` declaration; the schema has already checked its shape. */
export function readMappingDeclaration(extension: ExtensionModel): MappingDeclaration {
  const body = extension.body
  const inherited = readConvert(body.convert)
  return {
    name: extension.name,
    module: extension.module,
    kind: (body.kind as MappingKind | undefined) ?? 'json',
    direction: (body.direction as MappingDirection | undefined) ?? 'both',
    entity: qualify(String(body.entity ?? ''), extension.module),
    ...(Array.isArray(body.key) ? { key: body.key.map(String) } : {}),
    whenMissing: (body.whenMissing as WhenMissing | undefined) ?? 'create',
    ...(inherited ? { convert: inherited } : {}),
    ...optional(body, 'schema'),
    ...optional(body, 'sample'),
    fields: readFields(body.fields, ['fields'], inherited),
    csv: readCsvOptions(body),
    xml: readXmlOptions(body),
    json: { lines: body.lines === true },
    extension,
  }
}

function readFields(raw: unknown, at: DeclarationPath, inherited: ConvertDeclaration | undefined): FieldDeclaration[] {
  if (!Array.isArray(raw)) return []
  return raw.map((item: Json, i) => readField(item ?? {}, [...at, i], inherited))
}

function readField(item: Json, at: DeclarationPath, inherited: ConvertDeclaration | undefined): FieldDeclaration {
  const convert = readConvert(item.convert)
  const lookup = item.lookup as Json | undefined
  return {
    location: (item.path ?? item.column ?? '') as string | number,
    member: String(item.member ?? ''),
    ...(convert ? { convert } : {}),
    ...(inherited ? { inherited } : {}),
    ...('default' in item ? { default: item.default as ModelValue } : {}),
    required: item.required === true,
    ...(lookup && typeof lookup.key === 'string' ? { lookup: { key: lookup.key } } : {}),
    ...(Array.isArray(item.key) ? { key: item.key.map(String) } : {}),
    ...(typeof item.whenMissing === 'string' ? { whenMissing: item.whenMissing as WhenMissing } : {}),
    ...(Array.isArray(item.fields) ? { fields: readFields(item.fields, [...at, 'fields'], inherited) } : {}),
    at,
  }
}

function readConvert(raw: unknown): ConvertDeclaration | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const c = raw as Json
  const words = (v: unknown): readonly string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined)
  return {
    ...optional(c, 'pattern'),
    ...optional(c, 'timeZone'),
    ...optional(c, 'decimal'),
    ...optional(c, 'grouping'),
    ...(words(c.true) ? { trueWords: words(c.true) } : {}),
    ...(words(c.false) ? { falseWords: words(c.false) } : {}),
    ...(c.enum === 'caption' || c.enum === 'name' ? { enumBy: c.enum } : {}),
  }
}

function readCsvOptions(body: Json): CsvOptions {
  return {
    header: body.header !== false,
    delimiter: typeof body.delimiter === 'string' ? body.delimiter : ',',
    quote: typeof body.quote === 'string' ? body.quote : '"',
    escape: typeof body.escape === 'string' ? body.escape : typeof body.quote === 'string' ? body.quote : '"',
    encoding: typeof body.encoding === 'string' ? body.encoding : 'utf-8',
    match: (body.match as CsvMatch | undefined) ?? 'exact',
  }
}

function readXmlOptions(body: Json): XmlOptions {
  return {
    record: typeof body.record === 'string' ? body.record : '',
    namespaces: (body.namespaces as Record<string, string> | undefined) ?? {},
    ...optional(body, 'namespace'),
  }
}

function optional(body: Json, key: string): Record<string, string> {
  return typeof body[key] === 'string' ? { [key]: body[key] as string } : {}
}
