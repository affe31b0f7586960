import { readDuration, type CallExpr, type Expr, type LiteralExpr, type LiteralType, type PropertyExpr } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ODataEntitySet, ODataProperty } from '../service/service-model.js'
import type { NameScope } from './translate-expr.js'

const NUMERIC = ['Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double', 'Edm.Single', 'Edm.Int16', 'Edm.Byte', 'Edm.SByte']
const LITERAL_TYPE: Readonly<Record<string, LiteralType>> = {
  'Edm.String': 'String',
  'Edm.Boolean': 'Boolean',
  'Edm.Date': 'Date',
  'Edm.DateTimeOffset': 'DateTime',
  'Edm.TimeOfDay': 'TimeOfDay',
  'Edm.Duration': 'Duration',
  'Edm.Guid': 'UUID',
  'Edm.Int32': 'Integer',
  'Edm.Int64': 'Integer',
  'Edm.Decimal': 'Decimal',
  'Edm.Double': 'Decimal',
}

/**
 * `cast` and `isof` where the types decide them statically, since every property has one
 * declared type (OData URL conventions 5.1.1.10): a literal is read as the target type (a
 * string that is no value of it becomes null, as the spec says for failed casts); a property
 * cast to its own type or a wider number is the property; `isof` is true for the set's own
 * entity type and for a property of that type (when not null). Anything else is refused,
 * naming the cast.
 */
export function translateTypeFunction(expr: CallExpr, scope: NameScope, translate: (e: Expr) => Expr, propertyOf: (e: PropertyExpr) => ODataProperty | undefined): Expr {
  const [first, second] = expr.args
  const typeName = typeArgument(second ?? first, scope)
  if (second === undefined) return entityCheck(expr, typeName, scope)
  const operand = first as Expr
  const own = operand.kind === 'property' ? propertyOf(operand)?.type.name : undefined
  if (expr.name === ('isof' as string)) {
    if (operand.kind === 'literal') return bool(literalIs(operand, typeName))
    if (own === undefined) throw unsupported(expr, scope)
    return own === typeName || (NUMERIC.includes(own) && widens(own, typeName)) ? { kind: 'compare', op: 'ne', left: translate(operand), right: { kind: 'literal', value: null } } : bool(false)
  }
  if (operand.kind === 'literal') return castLiteral(operand, typeName)
  if (own !== undefined && (own === typeName || widens(own, typeName))) return translate(operand)
  throw unsupported(expr, scope)
}

function typeArgument(arg: Expr | undefined, scope: NameScope): string {
  if (arg?.kind === 'property' && arg.variable === undefined && arg.path.length === 1 && (arg.path[0] as string).includes('.')) return arg.path[0] as string
  throw odataErrors.create('ODATA_BAD_LITERAL', `${scope.option}: cast and isof need a qualified type name such as Edm.Int32 as their last argument`, { target: 'cast' })
}

function entityCheck(expr: CallExpr, typeName: string, scope: NameScope): Expr {
  const type = (set: ODataEntitySet) => `${scope.service.namespace}.${set.typeName}`
  if (expr.name === ('isof' as string) && scope.service.sets.some((s) => type(s) === typeName)) return bool(type(scope.root) === typeName)
  throw unsupported(expr, scope)
}

function widens(from: string, to: string): boolean {
  const order = ['Edm.Byte', 'Edm.SByte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Single', 'Edm.Double']
  return NUMERIC.includes(from) && NUMERIC.includes(to) && order.indexOf(from) <= order.indexOf(to)
}

function literalIs(literal: LiteralExpr, typeName: string): boolean {
  return castLiteral(literal, typeName).value !== null
}

function castLiteral(literal: LiteralExpr, typeName: string): LiteralExpr {
  const type = LITERAL_TYPE[typeName]
  const value = literal.value
  if (type === undefined || value === null) return { kind: 'literal', value: null }
  if (type === 'String') return { kind: 'literal', value: String(value), type }
  if (type === 'Boolean') return typeof value === 'boolean' ? literal : value === 'true' || value === 'false' ? { kind: 'literal', value: value === 'true', type } : { kind: 'literal', value: null }
  if (type === 'Integer' || type === 'Decimal') {
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
    const ok = Number.isFinite(n) && (type === 'Decimal' || Number.isSafeInteger(n)) && (typeName !== 'Edm.Int32' || Math.abs(n) < 2 ** 31)
    return ok ? { kind: 'literal', value: n, type } : { kind: 'literal', value: null }
  }
  if (type === 'Duration' && typeof value === 'string' && 'problem' in readDuration(value)) return { kind: 'literal', value: null }
  return typeof value === 'string' ? { kind: 'literal', value, type } : { kind: 'literal', value: null }
}

const bool = (value: boolean): Expr => ({ kind: 'literal', value, type: 'Boolean' })

function unsupported(expr: CallExpr, scope: NameScope) {
  return odataErrors.create('ODATA_NOT_IMPLEMENTED', `${scope.option}: ${expr.name}() is supported only where the declared types decide it (a literal, a property cast to its own or a wider numeric type, the set's own entity type)`, { target: expr.name })
}
