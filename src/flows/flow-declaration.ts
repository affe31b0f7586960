import type { ExtensionModel } from '../model/index.js'
import { readSteps, type Step } from './read-steps.js'

export type { Step, Source, Template, ValueEntry, MessageText } from './read-steps.js'

/** A path inside a flow declaration (`['steps', 2, 'upsert', 'values', 'price']`), for positions. */
export type DeclarationPath = readonly (string | number)[]

export type EventKind = 'created' | 'updated' | 'deleted'

/** What starts a flow. `message` and `file` are wired by the messaging and SFTP adapters. */
export type Trigger =
  | { readonly kind: 'manual' }
  | { readonly kind: 'operation' }
  | { readonly kind: 'schedule'; readonly cron: string; readonly timezone?: string }
  | { readonly kind: 'entity'; readonly entity: string; readonly on: readonly EventKind[] }
  | { readonly kind: 'message'; readonly channel?: string }
  | { readonly kind: 'file'; readonly path?: string }

/** Retry with exponential backoff and jitter; `attempts` counts the first one. */
export interface RetryPolicy {
  readonly attempts: number
  readonly initialDelayMs: number
  readonly maxDelayMs: number
  /** Up to this fraction of each delay is added at random, so failed runs do not retry in step. */
  readonly jitter: number
}

export interface ErrorPolicy {
  readonly retry: RetryPolicy
  readonly onRecordError: 'skip' | 'fail'
  readonly deadLetter: boolean
}

/** Types a flow parameter may have: scalars, as path, query and header parameters carry them. */
export type FlowParameterType = 'String' | 'Integer' | 'Long' | 'Decimal' | 'Boolean' | 'Date' | 'DateTime'
export const FLOW_PARAMETER_TYPES: readonly FlowParameterType[] = ['String', 'Integer', 'Long', 'Decimal', 'Boolean', 'Date', 'DateTime']

/** A named, typed value a run receives besides its input (`$name` in expressions). */
export interface FlowParameter {
  readonly name: string
  readonly type: FlowParameterType
  /** Declared without `?`: a run without it is refused. */
  readonly required: boolean
}

/** A flow as declared, read once from its extension; the checker verifies every name in it. */
export interface FlowDeclaration {
  /** `Module.Name`. */
  readonly name: string
  readonly module: string
  readonly extension: ExtensionModel
  readonly description?: string
  readonly trigger: Trigger
  readonly input: { readonly mapping?: string; readonly entity?: string }
  readonly parameters: readonly FlowParameter[]
  readonly transaction: 'flow' | 'record'
  readonly commitEvery: number
  readonly errors: ErrorPolicy
  readonly steps: readonly Step[]
}

type Json = Readonly<Record<string, unknown>>

const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 1, initialDelayMs: 1000, maxDelayMs: 300_000, jitter: 0.2 })

/** The flows of every module. */
export function flowExtensions(modules: readonly { readonly extensions: readonly ExtensionModel[] }[]): ExtensionModel[] {
  return modules.flatMap((m) => m.extensions.filter((e) => e.section === 'flows'))
}

/** Reads a declaration the schema has validated; entity names come out qualified. */
export function readFlowDeclaration(extension: ExtensionModel): FlowDeclaration {
  const body = extension.body
  const qualify = (name: string): string => (name.includes('.') ? name : `${extension.module}.${name}`)
  const input = (body.input ?? {}) as Json
  const errors = (body.errors ?? {}) as Json
  return Object.freeze({
    name: `${extension.module}.${extension.name}`,
    module: extension.module,
    extension,
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    trigger: readTrigger((body.trigger ?? { kind: 'manual' }) as Json, qualify),
    input: {
      ...(typeof input.mapping === 'string' ? { mapping: input.mapping } : {}),
      ...(typeof input.entity === 'string' ? { entity: qualify(input.entity) } : {}),
    },
    parameters: readParameters(body.parameters),
    transaction: body.transaction === 'record' ? 'record' : 'flow',
    commitEvery: typeof body.commitEvery === 'number' ? body.commitEvery : 1000,
    errors: readErrorPolicy(errors),
    steps: readSteps(Array.isArray(body.steps) ? body.steps : [], ['steps'], qualify),
  })
}

function readTrigger(t: Json, qualify: (name: string) => string): Trigger {
  switch (t.kind) {
    case 'schedule':
      return { kind: 'schedule', cron: String(t.cron ?? ''), ...(typeof t.timezone === 'string' ? { timezone: t.timezone } : {}) }
    case 'entity':
      return { kind: 'entity', entity: qualify(String(t.entity ?? '')), on: Array.isArray(t.on) ? (t.on as EventKind[]) : ['created', 'updated', 'deleted'] }
    case 'operation':
    case 'message':
    case 'file':
      return { kind: t.kind, ...(typeof t.channel === 'string' ? { channel: t.channel } : {}), ...(typeof t.path === 'string' ? { path: t.path } : {}) } as Trigger
    default:
      return { kind: 'manual' }
  }
}

function readParameters(value: unknown): FlowParameter[] {
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value as Json).map(([name, t]) => {
    const text = String(t)
    return { name, type: text.replace(/\?$/, '') as FlowParameterType, required: !text.endsWith('?') }
  })
}

function readErrorPolicy(errors: Json): ErrorPolicy {
  const retry = (errors.retry ?? {}) as Json
  return {
    retry: {
      attempts: typeof retry.attempts === 'number' ? retry.attempts : DEFAULT_RETRY.attempts,
      initialDelayMs: duration(retry.initialDelay) ?? DEFAULT_RETRY.initialDelayMs,
      maxDelayMs: duration(retry.maxDelay) ?? DEFAULT_RETRY.maxDelayMs,
      jitter: typeof retry.jitter === 'number' ? retry.jitter : DEFAULT_RETRY.jitter,
    },
    onRecordError: errors.onRecordError === 'skip' ? 'skip' : 'fail',
    deadLetter: errors.deadLetter !== false,
  }
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** `500ms`, `10s`, `5m`, `1h` or a number of milliseconds. */
export function duration(value: unknown): number | undefined {
  if (typeof value === 'number') return value
  const m = typeof value === 'string' ? /^(\d+)(ms|s|m|h)$/.exec(value) : null
  return m ? Number(m[1]) * (UNIT_MS[m[2] as string] ?? 1) : undefined
}
