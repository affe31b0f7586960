import type { Logger } from 'pino'
import type { Kernel } from '../../kernel/index.js'
import type { MappingRegistry } from '../../mapping/index.js'
import type { ModelIndex } from '../../model/index.js'
import type { ActionDefinition } from '../action.js'
import { flowErrors } from '../errors.js'
import type { CompiledFlow } from './compiled-flow.js'
import { backoffDelay } from './error-policy.js'
import { deserializeInput, serializeInput } from './flow-input.js'
import type { FlowStorePort, PendingRetry } from './flow-port.js'
import type { FlowResult, TriggerInfo } from './flow-result.js'
import { attemptFlow, describeError, resultOf, type Attempt } from './flow-runner.js'
import { checkParameters } from './flow-parameters.js'
import { RunReport } from './run-report.js'
import type { EngineServices } from './run-context.js'
import type { RunOptions } from './create-flow-engine.js'

export interface FlowRunsOptions {
  readonly index: ModelIndex
  readonly kernel: Kernel
  readonly mappings: MappingRegistry
  readonly actions: ReadonlyMap<string, ActionDefinition>
  readonly store: FlowStorePort
  readonly log: Logger
  readonly flows: ReadonlyMap<string, CompiledFlow>
  readonly clock: () => Date
  readonly random: () => number
  readonly instance: string
  readonly leaseMs?: number
}

const RETRIES_PER_POLL = 10

/** Runs flows and settles failures by their error policy: a retry later, a dead letter, or the failure itself. */
export class FlowRuns {
  readonly services: EngineServices
  private readonly inFlight = new Set<Promise<unknown>>()

  constructor(readonly options: FlowRunsOptions) {
    this.services = { index: options.index, mappings: options.mappings, actions: options.actions, log: options.log }
  }

  get flows(): ReadonlyMap<string, CompiledFlow> {
    return this.options.flows
  }

  /** A flow by `Module.Name`, or by bare name when one module declares it. */
  find(name: string): CompiledFlow {
    const exact = this.options.flows.get(name)
    if (exact) return exact
    const matches = [...this.options.flows.values()].filter((f) => f.declaration.extension.name === name)
    if (matches.length === 1) return matches[0] as CompiledFlow
    const known = [...this.options.flows.keys()].join(', ') || 'none'
    throw flowErrors.create('FLOW_UNKNOWN', matches.length > 1 ? `'${name}' is declared in several modules; say Module.${name}` : `no flow '${name}'; flows: ${known}`, { target: name })
  }

  attempt(flow: CompiledFlow, input: unknown, trigger: TriggerInfo, options: RunOptions = {}): Promise<Attempt> {
    const signal = options.signal ?? new AbortController().signal
    return attemptFlow(this.options.kernel, this.services, flow, input, { trigger, signal, now: this.options.clock(), ...(options.principal ? { principal: options.principal } : {}) })
  }

  async run(flow: CompiledFlow, input: unknown, options: RunOptions = {}): Promise<FlowResult> {
    let parameters: Record<string, unknown> | undefined
    try {
      if (flow.declaration.parameters.length > 0 || options.parameters) parameters = checkParameters(flow.declaration, options.parameters)
    } catch (error) {
      // Parameters that do not fit fail at once: another attempt would get the same ones.
      return resultOf(flow.name, 1, { ok: false, error: describeError(error), report: new RunReport(), durationMs: 0 }, { status: 'failed' })
    }
    // The checked values travel with the trigger, so a retry or a dead letter runs with them.
    const trigger = withParameters(options.trigger ?? { kind: 'manual' }, parameters)
    const a = await this.attempt(flow, input, trigger, options)
    if (a.ok) return resultOf(flow.name, 1, a, { status: 'succeeded' })
    this.logFailure(flow, a, 1)
    if (trigger.kind === 'operation') return resultOf(flow.name, 1, a, { status: 'failed' })
    return this.settle(flow, input, trigger, a, 1)
  }

  /** A run started by a trigger: not awaited by whoever triggered it, awaited by `idle()`. */
  track(work: Promise<unknown>): void {
    const p = work.catch((error: unknown) => this.options.log.error({ err: error }, 'a flow run failed unexpectedly')).finally(() => this.inFlight.delete(p))
    this.inFlight.add(p)
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  /** Runs a flow once with no retry: a failure becomes a dead letter at once (a dead letter's retry). */
  async runOnce(flow: CompiledFlow, input: unknown, trigger: TriggerInfo): Promise<FlowResult> {
    const a = await this.attempt(flow, input, trigger)
    if (a.ok) return resultOf(flow.name, 1, a, { status: 'succeeded' })
    this.logFailure(flow, a, 1)
    return this.settle(flow, input, trigger, a, 1, { retry: false })
  }

  private async settle(flow: CompiledFlow, input: unknown, trigger: TriggerInfo, a: Attempt & { ok: false }, attempt: number, how: { retryId?: number; retry?: boolean } = {}): Promise<FlowResult> {
    const policy = flow.declaration.errors
    const now = this.options.clock()
    const payload = serializeInput(input)
    const error = `${a.error.code}: ${a.error.message}`
    const retryId = how.retryId
    if (how.retry !== false && attempt < policy.retry.attempts && (payload !== null || input === undefined)) {
      const nextAt = new Date(now.getTime() + backoffDelay(policy.retry, attempt, this.options.random)).toISOString()
      if (retryId === undefined) await this.options.store.addRetry({ flow: flow.name, trigger: JSON.stringify(trigger), payload, attempts: attempt, nextAt, lastError: error, at: now.toISOString() })
      else await this.options.store.rescheduleRetry(retryId, { attempts: attempt, nextAt, lastError: error })
      return resultOf(flow.name, attempt, a, { status: 'retrying', nextAttemptAt: nextAt })
    }
    if (!policy.deadLetter && how.retry !== false) {
      if (retryId !== undefined) await this.options.store.deleteRetry(retryId)
      return resultOf(flow.name, attempt, a, { status: 'failed' })
    }
    const letter = { flow: flow.name, trigger: JSON.stringify(trigger), payload, errorCode: a.error.code, error: a.error.message, attempts: attempt, failedAt: now.toISOString(), retryOf: retryOf(trigger) }
    const deadLetterId = await this.options.store.addDeadLetter(letter, retryId === undefined ? {} : { retryId })
    this.options.log.warn({ flow: flow.name, deadLetter: deadLetterId, attempts: attempt }, 'flow run dead-lettered')
    return resultOf(flow.name, attempt, a, { status: 'dead-lettered', deadLetterId })
  }

  /** Claims the due retries and runs each once more. */
  async pollRetries(): Promise<number> {
    const now = this.options.clock()
    const until = new Date(now.getTime() + (this.options.leaseMs ?? 600_000)).toISOString()
    const due = await this.options.store.claimRetries({ now: now.toISOString(), until, instance: this.options.instance, limit: RETRIES_PER_POLL })
    for (const retry of due) await this.runRetry(retry)
    return due.length
  }

  private async runRetry(retry: PendingRetry): Promise<FlowResult | undefined> {
    const flow = this.options.flows.get(retry.flow)
    if (!flow) {
      this.options.log.warn({ flow: retry.flow, retry: retry.id }, 'a retry names a flow the model no longer has; it is dropped')
      await this.options.store.deleteRetry(retry.id)
      return undefined
    }
    const input = deserializeInput(retry.payload)
    const trigger = JSON.parse(retry.trigger) as TriggerInfo
    const attempt = retry.attempts + 1
    const a = await this.attempt(flow, input, trigger)
    if (a.ok) {
      await this.options.store.deleteRetry(retry.id)
      this.options.log.info({ flow: flow.name, attempt }, 'flow run succeeded on retry')
      return resultOf(flow.name, attempt, a, { status: 'succeeded' })
    }
    this.logFailure(flow, a, attempt)
    return this.settle(flow, input, trigger, a, attempt, { retryId: retry.id })
  }

  private logFailure(flow: CompiledFlow, a: Attempt & { ok: false }, attempt: number): void {
    this.options.log.warn({ flow: flow.name, attempt, code: a.error.code }, `flow run failed: ${a.error.message}`)
  }
}

/** The trigger a run keeps (with its retries and dead letter), holding its checked parameters. */
function withParameters(trigger: TriggerInfo, parameters: RunOptions['parameters']): TriggerInfo {
  if (!parameters || (trigger.kind !== 'manual' && trigger.kind !== 'operation')) return trigger
  return { ...trigger, parameters }
}

function retryOf(trigger: TriggerInfo): number | null {
  return trigger.kind === 'dead-letter' ? trigger.id : null
}
