import type { ComputeItem, Expr, SortItem } from '../../../query/index.js'
import { freezeTree } from './freeze-tree.js'
import { expandResolver, noNesting } from './nested-aliases.js'
import { odataSyntaxErrors } from './odata-syntax-errors.js'
import type { ApplyStep } from './parse-apply.js'
import type { SearchExpr } from './parse-search.js'
import type { ExpandOption, SelectItem } from './parse-select-expand.js'
import type { StartRule } from './odata-grammar.generated.js'
import type { AliasValue, ParserLimits } from './parser-options.js'
import { resolveFrom, runGrammar } from './run-grammar.js'

/** All query options of one request, parsed; aliases are already substituted. */
export interface QueryOptions {
  readonly filter?: Expr
  readonly orderBy?: readonly SortItem[]
  readonly select?: readonly SelectItem[]
  readonly expand?: readonly ExpandOption[]
  readonly search?: SearchExpr
  readonly apply?: readonly ApplyStep[]
  readonly compute?: readonly ComputeItem[]
  readonly top?: number
  readonly skip?: number
  readonly count?: boolean
  /** `$format` as given (`json`, `application/json;metadata=none`); the adapter checks it. */
  readonly format?: string
  /** `$skiptoken` as given; opaque, issued by the service in next links. */
  readonly skipToken?: string
  /** `$deltatoken` as given; opaque, issued by the service in delta links. */
  readonly deltaToken?: string
  /** `$id` as given: an entity URL (`DELETE …/tags/$ref?$id=Tags(2)`); the adapter resolves it. */
  readonly id?: string
  /** Parameter aliases (`@p=...`) by name without `@`. */
  readonly aliases: Readonly<Record<string, AliasValue>>
  /** Custom query options (names without `$` or `@`), decoded, by name. */
  readonly custom: Readonly<Record<string, string>>
}

const SYSTEM_OPTIONS: ReadonlySet<string> = new Set([
  '$filter',
  '$orderby',
  '$select',
  '$expand',
  '$search',
  '$apply',
  '$compute',
  '$top',
  '$skip',
  '$count',
  '$format',
  '$skiptoken',
  '$deltatoken',
  '$id',
  '$index',
])
const UNSUPPORTED_OPTIONS: ReadonlySet<string> = new Set(['$schemaversion'])
const ALIAS_NAME = /^@[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*$/u

interface Option {
  readonly name: string
  readonly value: string
}

/**
 * Parses all query options of a request. Give the raw query string (with or without `?`):
 * it is split on `&` and percent-decoded here, and `+` stays a plus (OData does not use form
 * encoding). A `URLSearchParams` is taken as already decoded — note that it turns `+` into a
 * space. System option names are matched case-insensitively and need the `$`; names without
 * `$` or `@` are custom options. Parameter aliases are parsed first and substituted wherever
 * they are referenced; `$index` is ignored.
 *
 * @throws PorticoError `ODATA_SYNTAX` for unknown or repeated options and malformed values,
 *   `ODATA_NOT_SUPPORTED`, `ODATA_TOO_COMPLEX`
 */
export function parseQueryOptions(query: URLSearchParams | string, limits?: Partial<ParserLimits>): QueryOptions {
  const options = typeof query === 'string' ? splitQuery(query) : [...query.entries()].map(([name, value]) => ({ name, value }))
  const system = new Map<string, Option>()
  const aliasTexts = new Map<string, Option>()
  const custom = new Map<string, string>()
  for (const option of options) {
    if (option.name.startsWith('$')) addSystemOption(system, option)
    else if (option.name.startsWith('@')) addAlias(aliasTexts, option)
    else if (custom.has(option.name)) throw syntax(option.name, 'given more than once')
    else custom.set(option.name, option.value)
  }
  const aliases = parseAliases(aliasTexts, limits)
  const resolveAlias = resolveFrom(aliases)
  const parse = (rule: StartRule, name: string): unknown => {
    const option = system.get(name)
    if (option === undefined) return undefined
    const resolver = rule === 'expand' ? expandResolver(option.name, option.value, limits, resolveAlias) : resolveAlias
    return runGrammar({ rule, option: option.name, text: option.value, limits, resolveAlias: resolver })
  }
  return freezeTree({
    ...defined('filter', parse('filter', '$filter') as Expr | undefined),
    ...defined('orderBy', parse('orderby', '$orderby') as readonly SortItem[] | undefined),
    ...defined('select', parse('select', '$select') as readonly SelectItem[] | undefined),
    ...defined('expand', parse('expand', '$expand') as readonly ExpandOption[] | undefined),
    ...defined('search', parse('search', '$search') as SearchExpr | undefined),
    ...defined('apply', parse('apply', '$apply') as readonly ApplyStep[] | undefined),
    ...defined('compute', parse('compute', '$compute') as readonly ComputeItem[] | undefined),
    ...defined('top', integerOption(system.get('$top'))),
    ...defined('skip', integerOption(system.get('$skip'))),
    ...defined('count', booleanOption(system.get('$count'))),
    ...defined('format', textOption(system.get('$format'))),
    ...defined('skipToken', textOption(system.get('$skiptoken'))),
    ...defined('deltaToken', textOption(system.get('$deltatoken'))),
    ...defined('id', textOption(system.get('$id'))),
    aliases: nullPrototype(aliases),
    custom: nullPrototype(custom),
  })
}

function splitQuery(query: string): Option[] {
  const text = query.startsWith('?') ? query.slice(1) : query
  return text
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=')
      const name = decode(equals < 0 ? part : part.slice(0, equals), part)
      return { name, value: equals < 0 ? '' : decode(part.slice(equals + 1), name) }
    })
}

function decode(text: string, option: string): string {
  try {
    return decodeURIComponent(text)
  } catch (error) {
    throw odataSyntaxErrors.create('ODATA_SYNTAX', `${option}: malformed percent-encoding`, { target: option, cause: error })
  }
}

function addSystemOption(system: Map<string, Option>, option: Option): void {
  const key = option.name.toLowerCase()
  if (UNSUPPORTED_OPTIONS.has(key)) {
    throw odataSyntaxErrors.create('ODATA_NOT_SUPPORTED', `${option.name}: this system query option is not supported`, {
      target: option.name,
    })
  }
  if (!SYSTEM_OPTIONS.has(key)) throw syntax(option.name, 'unknown system query option')
  if (system.has(key)) throw syntax(option.name, `${key} is given more than once`)
  if (key !== '$index') system.set(key, option)
}

function addAlias(aliases: Map<string, Option>, option: Option): void {
  if (!ALIAS_NAME.test(option.name)) throw syntax(option.name, 'not a valid parameter alias name')
  const name = option.name.slice(1)
  if (aliases.has(name)) throw syntax(option.name, 'given more than once')
  aliases.set(name, option)
}

/** Alias values are expressions or JSON arrays; they cannot refer to other aliases. */
function parseAliases(texts: ReadonlyMap<string, Option>, limits: Partial<ParserLimits> | undefined): Map<string, AliasValue> {
  const aliases = new Map<string, AliasValue>()
  for (const [name, option] of texts) {
    const value = runGrammar({ rule: 'aliasValue', option: option.name, text: option.value, limits, resolveAlias: noNesting })
    aliases.set(name, value as AliasValue)
  }
  return aliases
}

/**
 * The value of a custom query option read as a parameter alias value: 4.01 lets a function's
 * parameters be given as query options named after them (`Fn?p=1` is `Fn(p=@p)?@p=1`).
 */
export function parseAliasValue(name: string, text: string, limits?: Partial<ParserLimits>): AliasValue {
  return freezeTree(runGrammar({ rule: 'aliasValue', option: name, text, limits, resolveAlias: noNesting })) as AliasValue
}

function integerOption(option: Option | undefined): number | undefined {
  if (option === undefined) return undefined
  const value = Number(option.value)
  if (!/^[0-9]+$/.test(option.value) || !Number.isSafeInteger(value)) {
    throw syntax(option.name, `must be a non-negative integer, not ${JSON.stringify(option.value)}`)
  }
  return value
}

function booleanOption(option: Option | undefined): boolean | undefined {
  if (option === undefined) return undefined
  const value = option.value.toLowerCase()
  if (value !== 'true' && value !== 'false') {
    throw syntax(option.name, `must be true or false, not ${JSON.stringify(option.value)}`)
  }
  return value === 'true'
}

function textOption(option: Option | undefined): string | undefined {
  if (option === undefined) return undefined
  if (option.value === '') throw syntax(option.name, 'must not be empty')
  return option.value
}

function syntax(option: string, message: string): Error {
  return odataSyntaxErrors.create('ODATA_SYNTAX', `${option}: ${message}`, { target: option })
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

/** A record without a prototype, so user-chosen names such as `__proto__` or `toString` are plain keys. */
function nullPrototype<V>(entries: ReadonlyMap<string, V>): Readonly<Record<string, V>> {
  return Object.assign(Object.create(null) as Record<string, V>, Object.fromEntries(entries))
}
