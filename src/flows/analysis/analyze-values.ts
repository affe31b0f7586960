import type { EntityModel, ModelIndex } from '../../model/index.js'
import type { CheckedExpression } from '../expression/check-expression.js'
import { ANY, assignable, attributeFlowType, describeType, listOf, objectOf, type FlowType } from '../expression/flow-types.js'
import { isDate, normalizeDateTime } from '../../kernel/index.js'
import type { DeclarationPath, ValueEntry } from '../flow-declaration.js'
import type { ExpressionChecker } from './analyze-expression.js'
import type { Finding } from './finding.js'

/** The type a member takes when written: attributes by their type, references by object (or id). */
export function memberType(entity: EntityModel, member: string, index: ModelIndex): FlowType | { readonly problem: string; readonly readOnly?: boolean } {
  const attribute = index.attribute(entity, member)
  if (attribute) {
    if (attribute.system || attribute.type.kind === 'AutoNumber') return { problem: `${member} is set by the runtime and cannot be written`, readOnly: true }
    return attributeFlowType(attribute.type)
  }
  const association = entity.associations.find((a) => a.name === member)
  if (association) return association.kind === 'referenceSet' ? listOf(objectOf(association.target)) : objectOf(association.target)
  const members = [...entity.attributes.filter((a) => !a.system).map((a) => a.name), ...entity.associations.map((a) => a.name)]
  return { problem: `${entity.qualifiedName} has no member '${member}'; members: ${members.join(', ')}` }
}

/** Checks `values:` of a write step: members exist and are writable (PF302), values fit (PF303). */
export function checkValues(entity: EntityModel, values: readonly ValueEntry[], exprs: ExpressionChecker, variables: ReadonlyMap<string, FlowType>, index: ModelIndex, findings: Finding[]): void {
  for (const entry of values) {
    const expected = memberType(entity, entry.member, index)
    const given = exprs.template(entry.value, variables)
    if ('problem' in expected) {
      findings.push({ code: 'PF302', at: entry.at, key: true, message: expected.problem })
      continue
    }
    const checked = entry.value.kind === 'expr' ? exprs.checked.get(entry.value.source) : undefined
    const problem = fitProblem(given, expected, literalOf(checked, entry.value.kind === 'const' ? entry.value.value : undefined), index)
    if (problem) findings.push({ code: 'PF303', at: entry.at, message: `${entry.member}: ${problem}` })
  }
}

/** Why a value of type `given` cannot be written where `expected` is, if it cannot. */
function fitProblem(given: FlowType, expected: FlowType, literal: unknown, index: ModelIndex): string | undefined {
  if (typeof literal === 'string' && expected.kind === 'scalar') {
    if (expected.name === 'Enum') {
      const values = index.enumeration(expected.enumeration ?? '')?.values.map((v) => v.name) ?? []
      return values.includes(literal) ? undefined : `'${literal}' is not a value of ${expected.enumeration ?? 'the enumeration'}; values: ${values.join(', ')}`
    }
    if (expected.name === 'Date' && !isDate(literal)) return `'${literal}' is not a date (YYYY-MM-DD)`
    if (expected.name === 'DateTime' && normalizeDateTime(literal) === undefined) return `'${literal}' is not a date-time with a zone`
    if (['Date', 'DateTime', 'UUID'].includes(expected.name)) return undefined
  }
  if (expected.kind === 'object' && given.kind === 'scalar' && (given.name === 'Integer' || given.name === 'Long')) return undefined
  if (expected.kind === 'list' && given.kind === 'list' && given.element.kind === 'any') return undefined
  if (expected.kind === 'scalar' && expected.name === 'Enum' && given.kind === 'scalar' && given.name === 'String') return undefined
  if (assignable(given, expected) || given === ANY) return undefined
  const hint = expected.kind === 'scalar' && (expected.name === 'Integer' || expected.name === 'Long') && given.kind === 'scalar' && given.name === 'Decimal' ? ' (use round())' : ''
  return `a value of type ${describeType(given)} cannot be stored in ${describeType(expected)}${hint}`
}

/** Members a create must set: required, no default, not set by the runtime (PF304). */
export function checkRequired(entity: EntityModel, values: readonly ValueEntry[], at: DeclarationPath, findings: Finding[]): void {
  const given = new Set(values.map((v) => v.member))
  const missing = [
    ...entity.attributes.filter((a) => a.required && !a.system && a.type.kind !== 'AutoNumber' && (a.default === undefined || a.default === null)).map((a) => a.name),
    ...entity.associations.filter((a) => a.required && a.kind !== 'referenceSet').map((a) => a.name),
  ].filter((m) => !given.has(m))
  if (missing.length > 0) {
    findings.push({ code: 'PF304', at, key: true, message: `${entity.qualifiedName} requires ${missing.join(', ')}, which this step never sets; a create would always fail` })
  }
}

function literalOf(checked: CheckedExpression | undefined, constant: unknown): unknown {
  return checked?.node.kind === 'literal' ? checked.node.value : constant
}
