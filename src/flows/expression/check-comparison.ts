import type { ModelIndex } from '../../model/index.js'
import { normalizeDateTime, isDate } from '../../kernel/index.js'
import type { ExprNode } from './expression-ast.js'
import { comparable, describeType, type FlowType } from './flow-types.js'

type Report = (at: { start: number; end: number }, message: string) => void

/**
 * A comparison's two sides must be comparable. A text literal compared with an
 * enumeration must name one of its values, and one compared with a date or date-time
 * must be one, so `status = 'Activ'` is caught when the model loads.
 */
export function checkComparison(n: Extract<ExprNode, { kind: 'binary' }>, left: FlowType, right: FlowType, index: ModelIndex, report: Report): void {
  const ordered = n.op !== '=' && n.op !== '!='
  const literalFor = (side: ExprNode, other: FlowType): boolean => {
    if (side.kind !== 'literal' || typeof side.value !== 'string' || other.kind !== 'scalar') return false
    return checkTextLiteral(side, other, index, report)
  }
  if (literalFor(n.right, left) || literalFor(n.left, right)) return
  if (!comparable(left, right, ordered)) {
    const why = ordered && (left.kind === 'null' || right.kind === 'null') ? ' (use = empty or != empty to test for empty)' : ''
    report(n, `cannot compare ${describeType(left)} with ${describeType(right)} using ${n.op}${why}`)
  }
}

/** True when the literal was read as the other side's type (and reported if it is not one). */
function checkTextLiteral(literal: Extract<ExprNode, { kind: 'literal' }>, other: Extract<FlowType, { kind: 'scalar' }>, index: ModelIndex, report: Report): boolean {
  const text = literal.value as string
  if (other.name === 'Enum') {
    const values = index.enumeration(other.enumeration ?? '')?.values.map((v) => v.name) ?? []
    if (!values.includes(text)) report(literal, `'${text}' is not a value of ${other.enumeration ?? 'the enumeration'}; values: ${values.join(', ')}`)
    return true
  }
  if (other.name === 'Date') {
    if (!isDate(text)) report(literal, `'${text}' is not a date (YYYY-MM-DD)`)
    return true
  }
  if (other.name === 'DateTime') {
    if (normalizeDateTime(text) === undefined) report(literal, `'${text}' is not a date-time with a zone (2024-05-01T10:00:00Z)`)
    return true
  }
  return other.name === 'UUID'
}
