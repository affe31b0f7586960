import type { AttributeModel } from '../../model/index.js'
import type { CompareOp, Expr, Literal, SortItem } from '../../query/index.js'
import type { ExposedMember } from '../exposure.js'
import type { FieldProblem } from '../http/problem.js'
import type { CompiledResource, CompiledService } from './rest-service.js'

/** Filter operators of list parameters: `price.gte=10`, `status.in=Active,Draft`, `name.contains=x`. */
export const FILTER_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'startsWith', 'null'] as const
export type FilterOperator = (typeof FILTER_OPERATORS)[number]

const RESERVED = new Set(['limit', 'offset', 'cursor', 'sort', 'fields', 'count'])
const ORDERED = new Set(['Integer', 'Long', 'AutoNumber', 'Decimal', 'Date', 'DateTime', 'String', 'Text'])
const COMPARE: Partial<Record<FilterOperator, CompareOp>> = { eq: 'eq', ne: 'ne', gt: 'gt', gte: 'ge', lt: 'lt', lte: 'le' }

/** A list request turned into query parts, or the problems with its parameters. */
export interface ListRequest {
  readonly filter?: Expr
  readonly orderBy: readonly SortItem[]
  /** Sort keys as member names, for building the next cursor. */
  readonly sortMembers: readonly string[]
  readonly limit: number
  readonly offset?: number
  readonly after?: readonly Literal[]
  readonly fields?: readonly ExposedMember[]
  readonly count: boolean
  /** Identifies the sort order inside a cursor, so a cursor is refused with another sort. */
  readonly sortSignature: string
}

/** Which operators a member accepts, by its type. */
export function operatorsFor(m: ExposedMember): FilterOperator[] {
  const type = m.kind === 'attribute' ? m.attribute.type.kind : 'Long'
  const ops: FilterOperator[] = ['eq', 'ne', 'in']
  if (ORDERED.has(type)) ops.push('gt', 'gte', 'lt', 'lte')
  if (type === 'String' || type === 'Text') ops.push('contains', 'startsWith')
  if (m.kind === 'navigation' ? !m.navigation.association.required : !m.attribute.required) ops.push('null')
  return ops
}

/**
 * Reads list parameters. Inputs are closed: an unknown parameter, a member that is not
 * filterable, or a value of the wrong type is a problem naming the parameter.
 */
export function parseListRequest(query: Readonly<Record<string, unknown>>, resource: CompiledResource, service: CompiledService): ListRequest | FieldProblem[] {
  const problems: FieldProblem[] = []
  const conditions: Expr[] = []
  for (const [name, raw] of Object.entries(query)) {
    if (RESERVED.has(name)) continue
    if (Array.isArray(raw)) {
      problems.push({ path: name, code: 'REPEATED', message: `'${name}' is given more than once; use '${name.split('.')[0]}.in=a,b' for several values` })
      continue
    }
    const condition = filterCondition(name, String(raw), resource, problems)
    if (condition) conditions.push(condition)
  }
  const sort = parseSort(single(query.sort), resource, problems)
  const limit = integerParam(query, 'limit', 1, service.pageSize.max, problems) ?? service.pageSize.default
  const offset = integerParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER, problems)
  const signature = sort.items.map((item, i) => `${sort.members[i]}${item.direction === 'desc' ? '-' : '+'}`).join(',')
  const after = query.cursor === undefined ? undefined : parseCursor(single(query.cursor), signature, problems)
  if (after && offset !== undefined) problems.push({ path: 'cursor', code: 'CONFLICT', message: 'give either cursor or offset, not both' })
  const fields = query.fields === undefined ? undefined : parseFields(single(query.fields), resource, problems)
  const count = query.count === undefined ? false : booleanParam(single(query.count), 'count', problems)
  if (problems.length > 0) return problems
  return {
    ...(conditions.length === 0 ? {} : { filter: conditions.length === 1 ? (conditions[0] as Expr) : { kind: 'and', operands: conditions } }),
    orderBy: sort.items,
    sortMembers: sort.members,
    limit,
    ...(offset === undefined ? {} : { offset }),
    ...(after ? { after } : {}),
    ...(fields ? { fields } : {}),
    count,
    sortSignature: signature,
  }
}

function filterCondition(name: string, raw: string, resource: CompiledResource, problems: FieldProblem[]): Expr | undefined {
  const dot = name.lastIndexOf('.')
  const [external, op] = dot > 0 && (FILTER_OPERATORS as readonly string[]).includes(name.slice(dot + 1)) ? [name.slice(0, dot), name.slice(dot + 1) as FilterOperator] : [name, 'eq' as FilterOperator]
  const member = resource.filterable.get(external)
  if (!member) {
    const allowed = [...resource.filterable.keys(), 'limit', 'offset', 'cursor', 'sort', 'fields', 'count'].join(', ')
    problems.push({ path: name, code: 'UNKNOWN_PARAMETER', message: `'${name}' is not a parameter of ${resource.name}; allowed: ${allowed} (filters take .${FILTER_OPERATORS.join('/.')})` })
    return undefined
  }
  if (!operatorsFor(member).includes(op)) {
    problems.push({ path: name, code: 'BAD_OPERATOR', message: `'${external}' does not support '.${op}'; it supports ${operatorsFor(member).map((o) => '.' + o).join(', ')}` })
    return undefined
  }
  const property: Expr = { kind: 'property', path: [member.member] }
  if (op === 'null') {
    const isNull = booleanParam(raw, name, problems)
    return { kind: 'compare', op: isNull ? 'eq' : 'ne', left: property, right: { kind: 'literal', value: null } }
  }
  const values = op === 'in' ? raw.split(',') : [raw]
  const literals = values.map((v) => literal(v, member, name, problems))
  if (literals.some((l) => l === undefined)) return undefined
  const lits = literals as Expr[]
  if (op === 'in') return { kind: 'in', operand: property, values: lits }
  if (op === 'contains' || op === 'startsWith') return { kind: 'call', name: op === 'contains' ? 'contains' : 'startswith', args: [property, lits[0] as Expr] }
  return { kind: 'compare', op: COMPARE[op] as CompareOp, left: property, right: lits[0] as Expr }
}

/** A parameter value read as the member's type; dates and enums are checked by the query layer. */
function literal(text: string, m: ExposedMember, param: string, problems: FieldProblem[]): Expr | undefined {
  const type = m.kind === 'attribute' ? (m.attribute as AttributeModel).type.kind : 'Long'
  const bad = (expected: string): undefined => {
    problems.push({ path: param, code: 'BAD_VALUE', message: `'${param}' must be ${expected}, got '${text}'` })
    return undefined
  }
  switch (type) {
    case 'Integer':
    case 'Long':
    case 'AutoNumber':
      return /^-?\d{1,16}$/.test(text) ? { kind: 'literal', value: Number(text) } : bad('an integer')
    case 'Decimal':
      return /^-?\d+(\.\d+)?$/.test(text) ? { kind: 'literal', value: Number(text), type: 'Decimal' } : bad('a decimal number')
    case 'Boolean':
      return text === 'true' || text === 'false' ? { kind: 'literal', value: text === 'true' } : bad('true or false')
    case 'Date':
      return { kind: 'literal', value: text, type: 'Date' }
    case 'DateTime':
      return { kind: 'literal', value: text, type: 'DateTime' }
    case 'UUID':
      return { kind: 'literal', value: text, type: 'UUID' }
    case 'Enum':
      return { kind: 'literal', value: text, type: 'Enum' }
    default:
      return { kind: 'literal', value: text }
  }
}

function parseSort(raw: string | undefined, resource: CompiledResource, problems: FieldProblem[]): { items: SortItem[]; members: string[] } {
  const items: SortItem[] = []
  const members: string[] = []
  for (const part of raw ? raw.split(',') : []) {
    const desc = part.startsWith('-')
    const external = desc ? part.slice(1) : part
    const m = resource.sortable.get(external)
    if (!m) {
      problems.push({ path: 'sort', code: 'BAD_SORT', message: `cannot sort ${resource.name} by '${external}'; sortable: ${[...resource.sortable.keys()].join(', ')}` })
      continue
    }
    items.push({ expr: { kind: 'property', path: [m.member] }, direction: desc ? 'desc' : 'asc' })
    members.push(m.member)
  }
  return { items, members }
}

function parseFields(raw: string | undefined, resource: CompiledResource, problems: FieldProblem[]): ExposedMember[] {
  const out: ExposedMember[] = []
  for (const name of (raw ?? '').split(',').filter(Boolean)) {
    const m = resource.exposure.byExternal.get(name)
    if (m) out.push(m)
    else problems.push({ path: 'fields', code: 'UNKNOWN_FIELD', message: `${resource.name} has no field '${name}'; fields: ${[...resource.exposure.byExternal.keys()].join(', ')}` })
  }
  return out
}

/** Cursors are opaque to clients: base64url JSON of the sort signature and the last row's keys. */
export function encodeCursor(signature: string, values: readonly Literal[]): string {
  return Buffer.from(JSON.stringify([signature, ...values])).toString('base64url')
}

function parseCursor(raw: string | undefined, signature: string, problems: FieldProblem[]): Literal[] | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(raw ?? '', 'base64url').toString('utf8'))
    if (Array.isArray(decoded) && decoded[0] === signature) return decoded.slice(1) as Literal[]
  } catch {
    // reported below
  }
  problems.push({ path: 'cursor', code: 'BAD_CURSOR', message: 'the cursor is not one this list gave out with the same sort; start again without it' })
  return undefined
}

function integerParam(query: Readonly<Record<string, unknown>>, name: string, min: number, max: number, problems: FieldProblem[]): number | undefined {
  const raw = single(query[name])
  if (raw === undefined) return undefined
  const n = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n
  problems.push({ path: name, code: 'BAD_VALUE', message: `'${name}' must be an integer from ${min} to ${max}, got '${raw}'` })
  return undefined
}

function booleanParam(raw: string | undefined, name: string, problems: FieldProblem[]): boolean {
  if (raw === 'true' || raw === 'false') return raw === 'true'
  problems.push({ path: name, code: 'BAD_VALUE', message: `'${name}' must be true or false, got '${raw ?? ''}'` })
  return false
}

function single(value: unknown): string | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? String(value[value.length - 1]) : String(value)
}
