import type { ArithmeticExpr, ArithmeticOp } from './ast.js'
import { adaptLiteral, describe } from './check-expr.js'
import { queryErrors } from './errors.js'
import type { CheckEnv } from './resolve-path.js'
import type { TemporalArith, TypedExpr, ValueInfo, ValueType } from './typed-query.js'
import { isNumeric } from './value-types.js'

/**
 * Arithmetic with dates, date-times and durations, as OData URL conventions 5.1.1.2 lists it:
 * DateTime ± Duration, Date ± Duration, DateTime − DateTime, Date − Date, Duration ± Duration,
 * Duration × number, number × Duration and Duration ÷ number. Anything else with one of these
 * types is a type error naming the allowed forms.
 */

type Operand = ValueType | 'number'

/** [operator, left, right, form, result type] */
const FORMS: readonly (readonly [ArithmeticOp, Operand, Operand, TemporalArith, ValueType])[] = [
  ['add', 'DateTime', 'Duration', 'shiftDateTime', 'DateTime'],
  ['add', 'Date', 'Duration', 'shiftDate', 'Date'],
  ['add', 'Duration', 'Duration', 'durations', 'Duration'],
  ['sub', 'DateTime', 'Duration', 'shiftDateTime', 'DateTime'],
  ['sub', 'DateTime', 'DateTime', 'dateTimeDiff', 'Duration'],
  ['sub', 'Date', 'Duration', 'shiftDate', 'Date'],
  ['sub', 'Date', 'Date', 'dateDiff', 'Duration'],
  ['sub', 'Duration', 'Duration', 'durations', 'Duration'],
  ['mul', 'Duration', 'number', 'scale', 'Duration'],
  ['mul', 'number', 'Duration', 'scale', 'Duration'],
  ['div', 'Duration', 'number', 'scale', 'Duration'],
  ['divby', 'Duration', 'number', 'scale', 'Duration'],
]

const TEMPORAL: ReadonlySet<ValueType> = new Set(['Date', 'DateTime', 'Duration'])
const DURATION: ValueInfo = Object.freeze({ type: 'Duration', nullable: false })

const fits = (type: ValueType, operand: Operand): boolean => type === 'Null' || type === operand || (operand === 'number' && isNumeric(type))

/** The checked temporal arithmetic, or undefined when neither operand is a date, date-time or duration. */
export function checkTemporalArith(expr: ArithmeticExpr, left0: TypedExpr, right0: TypedExpr, env: CheckEnv): TypedExpr | undefined {
  if (!TEMPORAL.has(left0.info.type) && !TEMPORAL.has(right0.info.type)) return undefined
  // 4.01: a plain string added to or subtracted from a date, date-time or duration is a duration.
  const additive = expr.op === 'add' || expr.op === 'sub'
  const left = additive && TEMPORAL.has(right0.info.type) ? adaptLiteral(expr.left, left0, DURATION, env) : left0
  const right = additive && TEMPORAL.has(left0.info.type) ? adaptLiteral(expr.right, right0, DURATION, env) : right0
  const form = FORMS.find(([op, l, r]) => op === expr.op && fits(left.info.type, l) && fits(right.info.type, r))
  if (!form) {
    const allowed = FORMS.map(([op, l, r]) => `${l} ${op} ${r}`).join(', ')
    const message = `${expr.op} cannot combine ${describe(expr.left)} (${left.info.type}) with ${describe(expr.right)} (${right.info.type}); with dates, date-times and durations it takes ${allowed}`
    throw queryErrors.create('QUERY_TYPE_MISMATCH', message, { target: describe(expr.left) })
  }
  const divides = expr.op === 'div' || expr.op === 'divby'
  const safeDivisor = right.kind === 'literal' && typeof right.value === 'number' && right.value !== 0
  const nullable = left.info.nullable || right.info.nullable || (divides && !safeDivisor)
  return { kind: 'arith', op: expr.op, left, right, integral: false, temporal: form[3], info: { type: form[4], nullable } }
}
