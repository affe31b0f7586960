import type { FastifyReply } from 'fastify'
import { isPorticoError, type ErrorDetail, type PorticoError } from '../../errors/index.js'
import { statusOf } from './status.js'

/** One field's problem in a request, by JSON pointer into the body or by parameter name. */
export interface FieldProblem {
  readonly path: string
  readonly code: string
  readonly message: string
}

/** An RFC 9457 problem document, with Portico's code and per-field problems. */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly code: string
  readonly instance?: string
  readonly errors?: readonly FieldProblem[]
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json'

export function problem(status: number, code: string, detail: string, errors?: readonly FieldProblem[]): Problem {
  return {
    type: `https://portico.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  }
}

/** The problem for an error from any layer; internal failures never leak their message. */
export function problemOf(error: unknown): Problem {
  if (!isPorticoError(error)) return problem(500, 'INTERNAL', 'an unexpected error occurred; it has been logged')
  const status = statusOf(error.category, error.code)
  if (status >= 500 && error.category === 'internal') return problem(500, error.code, 'an unexpected error occurred; it has been logged')
  return problem(status, error.code, error.message, fieldProblems(error))
}

function fieldProblems(error: PorticoError): FieldProblem[] {
  return error.details.map((d: ErrorDetail) => ({ path: d.path, code: d.code, message: d.message }))
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type(PROBLEM_MEDIA_TYPE).send(p)
}
