import type { ErrorDetail } from '../../errors/index.js'
import { flowErrors } from '../errors.js'
import type { FlowDeclaration, FlowParameterType } from '../flow-declaration.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
const INT32 = 2 ** 31

/** Why a value is not of a parameter type; undefined when it is. */
export function parameterProblem(type: FlowParameterType, value: unknown): string | undefined {
  switch (type) {
    case 'String':
      return typeof value === 'string' ? undefined : 'must be text'
    case 'Integer':
      return Number.isInteger(value) && Math.abs(value as number) < INT32 ? undefined : 'must be an integer between -2147483648 and 2147483647'
    case 'Long':
      return Number.isSafeInteger(value) ? undefined : 'must be an integer (at most 2^53 - 1 in magnitude)'
    case 'Decimal':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number'
    case 'Boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false'
    case 'Date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be a date YYYY-MM-DD'
    case 'DateTime':
      return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be a date and time with an offset (2026-05-01T10:00:00Z)'
  }
}

/**
 * A parameter's value from text (a path, query or header parameter, `flow run --param`):
 * numbers and booleans parsed strictly.
 */
export function parameterFromText(type: FlowParameterType, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let value: unknown = text
  if (type === 'Integer' || type === 'Long' || type === 'Decimal') value = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN
  if (type === 'Boolean') value = text === 'true' ? true : text === 'false' ? false : text
  const problem = parameterProblem(type, value)
  if (problem) return { ok: false, message: `${problem}; got '${text.length > 100 ? `${text.slice(0, 100)}…` : text}'` }
  return { ok: true, value }
}

/**
 * The parameters a run gets: each declared one checked against its type (an optional one
 * absent is null, a DateTime normalised to UTC), no undeclared one. Refused with
 * FLOW_PARAMETER_INVALID, one detail each.
 */
export function checkParameters(flow: FlowDeclaration, given: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  const details: ErrorDetail[] = []
  const declared = new Set(flow.parameters.map((p) => p.name))
  for (const name of Object.keys(given ?? {})) {
    if (!declared.has(name)) details.push({ code: 'FLOW_PARAMETER_INVALID', path: name, rule: 'unknown', message: `'${name}' is not a parameter of flow ${flow.name}; parameters: ${[...declared].join(', ') || 'none'}` })
  }
  for (const p of flow.parameters) {
    const value = given && Object.hasOwn(given, p.name) ? given[p.name] : undefined
    if (value === undefined || value === null) {
      if (p.required) details.push({ code: 'FLOW_PARAMETER_INVALID', path: p.name, rule: 'required', message: `parameter '${p.name}' (${p.type}) is required` })
      values[p.name] = null
      continue
    }
    const problem = parameterProblem(p.type, value)
    if (problem) details.push({ code: 'FLOW_PARAMETER_INVALID', path: p.name, rule: 'type', message: `parameter '${p.name}' ${problem}` })
    else values[p.name] = p.type === 'DateTime' ? new Date(value as string).toISOString() : value
  }
  if (details.length > 0) {
    throw flowErrors.create('FLOW_PARAMETER_INVALID', `flow ${flow.name}: ${details.map((d) => d.message).join('; ')}`, { details, target: details[0]?.path ?? flow.name })
  }
  return values
}
