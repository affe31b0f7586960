import type { Expr, LiteralExpr, PropertyExpr } from '../../../query/index.js'
import { odataSyntaxErrors } from './odata-syntax-errors.js'
import type { CountSearch, OdataLiteralExpr } from './parse-expression.js'
import type { SearchExpr } from './parse-search.js'

// Binding strength, loosest first; mirrors the precedence in odata.peggy.
const BINARY_LEVEL: Readonly<Record<string, number>> = Object.freeze({
  or: 1,
  and: 2,
  eq: 3,
  ne: 3,
  gt: 4,
  ge: 4,
  lt: 4,
  le: 4,
  add: 5,
  sub: 5,
  mul: 6,
  div: 6,
  divby: 6,
  mod: 6,
})
const UNARY = 7
const POSTFIX = 8
const ATOM = 9

// First path segments that would read as a literal or an operator; printed after `$it/`.
const RESERVED_HEADS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'not', 'inf', 'nan'])

/**
 * Prints a query expression as OData `$filter` text that `parseFilter` reads back to the same
 * expression, with only the parentheses precedence needs. The text is not percent-encoded;
 * encode it (spaces as %20) before putting it into a URL. A property whose first segment
 * collides with an enclosing lambda variable or a keyword is printed as `$it/...`; an enum
 * literal without `enumType` is printed as a plain string (the 4.01 form).
 *
 * @throws PorticoError `ODATA_NOT_SUPPORTED` for a number that is not finite
 */
export function formatFilter(expr: Expr): string {
  return format(expr, [])
}

function format(expr: Expr, scope: readonly string[]): string {
  switch (expr.kind) {
    case 'literal':
      return formatLiteral(expr)
    case 'property':
      return memberPath(expr, scope)
    case 'compare':
    case 'arith': {
      const level = levelOf(expr)
      return `${operand(expr.left, level, scope, 'left')} ${expr.op} ${operand(expr.right, level, scope, 'right')}`
    }
    case 'and':
    case 'or': {
      if (expr.operands.length === 0) return expr.kind === 'and' ? 'true' : 'false'
      if (expr.operands.length === 1) return format(expr.operands[0] as Expr, scope)
      const level = levelOf(expr)
      return expr.operands.map((item) => operand(item, level, scope, 'right')).join(` ${expr.kind} `)
    }
    case 'not':
      return `not ${operand(expr.operand, UNARY, scope, 'left')}`
    case 'negate': {
      const text = operand(expr.operand, UNARY, scope, 'left')
      return /^[0-9]/.test(text) ? `-(${text})` : `-${text}`
    }
    case 'in':
      return `${operand(expr.operand, POSTFIX, scope, 'left')} in (${expr.values.map((v) => format(v, scope)).join(', ')})`
    case 'call':
      return `${expr.name}(${expr.args.map((arg) => format(arg, scope)).join(', ')})`
    case 'any':
    case 'all': {
      const prefix = memberPath(expr, scope)
      if (expr.predicate === undefined) return `${prefix}/${expr.kind}()`
      return `${prefix}/${expr.kind}(${expr.as}: ${format(expr.predicate, [...scope, expr.as])})`
    }
    case 'count': {
      const search = (expr as CountSearch).search
      const options = [...(expr.filter === undefined ? [] : [`$filter=${format(expr.filter, scope)}`]), ...(search === undefined ? [] : [`$search=${formatSearch(search)}`])]
      return `${memberPath(expr, scope)}/$count${options.length ? `(${options.join(';')})` : ''}`
    }
  }
}

/** A `$search` expression as text; groups are parenthesised. */
function formatSearch(search: SearchExpr): string {
  switch (search.kind) {
    case 'term':
      return search.value
    case 'phrase':
      return `"${search.value}"`
    case 'not':
      return `NOT ${searchOperand(search.operand)}`
    case 'and':
    case 'or':
      return search.operands.map(searchOperand).join(search.kind === 'and' ? ' AND ' : ' OR ')
  }
}

const searchOperand = (search: SearchExpr): string => (search.kind === 'and' || search.kind === 'or' ? `(${formatSearch(search)})` : formatSearch(search))

function levelOf(expr: Expr): number {
  switch (expr.kind) {
    case 'compare':
    case 'arith':
      return BINARY_LEVEL[expr.op] ?? ATOM
    case 'and':
    case 'or':
      if (expr.operands.length === 1) return levelOf(expr.operands[0] as Expr)
      return expr.operands.length === 0 ? ATOM : (BINARY_LEVEL[expr.kind] ?? ATOM)
    case 'not':
    case 'negate':
      return UNARY
    case 'in':
      return POSTFIX
    default:
      return ATOM
  }
}

/**
 * Operators associate to the left: a right operand of the same level keeps its parentheses,
 * and so does every operand of an and/or chain, which the parser would otherwise merge.
 */
function operand(expr: Expr, parentLevel: number, scope: readonly string[], side: 'left' | 'right'): string {
  const level = levelOf(expr)
  const text = format(expr, scope)
  return level < parentLevel || (side === 'right' && level === parentLevel) ? `(${text})` : text
}

function memberPath(expr: Pick<PropertyExpr, 'path' | 'variable'>, scope: readonly string[]): string {
  const [head] = expr.path
  if (expr.variable !== undefined) return [expr.variable, ...expr.path].join('/')
  const rooted = head === undefined || scope.includes(head) || RESERVED_HEADS.has(head.toLowerCase())
  return (rooted ? ['$it', ...expr.path] : expr.path).join('/')
}

/** Prints a literal in its OData URL form (`'it''s'`, `2024-01-02`, `Ns.Color'Red'`, `1.0`). */
export function formatLiteral(literal: LiteralExpr): string {
  const { value } = literal
  if (value === null) return 'null'
  const type = literal.type ?? inferType(value)
  switch (type) {
    case 'String':
      return quote(String(value))
    case 'Duration':
      return `duration${quote(String(value))}`
    case 'Enum': {
      const enumType = (literal as OdataLiteralExpr).enumType
      return enumType === undefined ? quote(String(value)) : `${enumType}${quote(String(value))}`
    }
    case 'Decimal':
      return typeof value === 'number' ? formatNumber(value, true) : String(value)
    case 'Integer':
      return typeof value === 'number' ? formatNumber(value, false) : String(value)
    default:
      return String(value)
  }
}

function inferType(value: string | number | boolean): string {
  if (typeof value === 'string') return 'String'
  if (typeof value === 'boolean') return 'Boolean'
  return Number.isInteger(value) ? 'Integer' : 'Decimal'
}

function formatNumber(value: number, decimal: boolean): string {
  if (!Number.isFinite(value)) {
    throw odataSyntaxErrors.create('ODATA_NOT_SUPPORTED', `${value} cannot be written as an OData literal`)
  }
  const text = String(value)
  return decimal && /^-?[0-9]+$/.test(text) ? `${text}.0` : text
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
