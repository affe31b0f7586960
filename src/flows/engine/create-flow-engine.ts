import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import type { Kernel, Principal } from '../../kernel/index.js'
import type { MappingRegistry } from '../../mapping/index.js'
import type { AppModel, ModelIndex } from '../../model/index.js'
import type { ActionDefinition } from '../action.js'
import { analyzeFlow } from '../analysis/analyze-flow.js'
import { mappingLookup } from '../analysis/flow-scope.js'
import { flowErrors } from '../errors.js'
import { flowExtensions, readFlowDeclaration, type FlowParameter, type Trigger } from '../flow-declaration.js'
import { compileFlow, type CompiledFlow } from './compiled-flow.js'
import { deadLetterOperations, type DeadLetterOperations } from './dead-letters.js'
import type { FlowStorePort } from './flow-port.js'
import type { FlowResult, TriggerInfo } from './flow-result.js'
import { checkActionSteps } from './check-action-steps.js'
import { FlowRuns } from './flow-runs.js'
import { startTriggers } from './triggers.js'

export interface FlowEngineOptions {
  readonly model: AppModel
  readonly index: ModelIndex
  readonly kernel: Kernel
  readonly mappings: MappingRegistry
  /** Custom actions by name (`loadActions(appDir)`). */
  readonly actions?: ReadonlyMap<string, ActionDefinition>
  /** Ticks, retries and dead letters in the database (the store's `flows`). */
  readonly store: FlowStorePort
  readonly log: Logger
  readonly clock?: () => Date
  /** For the jitter of retries; injectable for tests. */
  readonly random?: () => number
  /** This runtime instance's name in tick and retry claims. */
  readonly instance?: string
  /** How often the retry poller looks for due retries (default 1 s). */
  readonly pollIntervalMs?: number
  /** How long a claimed retry stays with its instance before another may take it (default 10 min). */
  readonly leaseMs?: number
}

export interface RunOptions {
  /** Who runs it; the runtime itself (every access rule passes) when absent. */
  readonly principal?: Principal
  readonly trigger?: TriggerInfo
  /** Values of the flow's declared parameters (`$name`); checked against their types before the run. */
  readonly parameters?: Readonly<Record<string, unknown>>
  readonly signal?: AbortSignal
}

/** A declared flow, as listed by `portico flow list` and the console. */
export interface FlowSummary {
  readonly name: string
  readonly trigger: Trigger
  readonly parameters: readonly FlowParameter[]
  readonly description?: string
}

export interface FlowEngine {
  readonly flows: readonly FlowSummary[]
  /**
   * Runs a flow now and applies its error policy: a failed run is retried later (with
   * backoff) or kept as a dead letter. An `operation` trigger (a request) gets its failure
   * back instead, for the adapter to answer with.
   */
  run(name: string, input?: unknown, options?: RunOptions): Promise<FlowResult>
  /** Starts schedules, entity-event triggers and the retry poller; stops with the signal or `stop()`. */
  start(signal?: AbortSignal): Promise<void>
  stop(): Promise<void>
  /** Resolves when no run started by a trigger or the poller is in progress. */
  idle(): Promise<void>
  /** Runs the retries due now (what the poller does every interval); resolves with how many ran. */
  pollRetries(): Promise<number>
  readonly deadLetters: DeadLetterOperations
}

/**
 * Compiles every flow of a checked model (expressions become closures once) and returns
 * the engine that runs them. No I/O until `run` or `start`.
 */
export function createFlowEngine(options: FlowEngineOptions): FlowEngine {
  const actions = options.actions ?? new Map<string, ActionDefinition>()
  const lookup = mappingLookup(options.model)
  const compiled = new Map<string, CompiledFlow>()
  for (const extension of flowExtensions(options.model.modules)) {
    const analysis = analyzeFlow(readFlowDeclaration(extension), { index: options.index, mappings: lookup, actions: new Set(actions.keys()) })
    const errors = analysis.findings.filter((f) => !['PF305', 'PF311'].includes(f.code))
    if (errors.length > 0) throw flowErrors.create('FLOW_NOT_COMPILABLE', `flow ${analysis.flow.name}: ${errors[0]?.message ?? ''} (run portico check)`)
    checkActionSteps(analysis.flow, actions)
    compiled.set(analysis.flow.name, compileFlow(analysis))
  }
  const runs = new FlowRuns({
    ...options,
    actions,
    flows: compiled,
    clock: options.clock ?? (() => new Date()),
    random: options.random ?? Math.random,
    instance: options.instance ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  })
  let stopTriggers: (() => Promise<void>) | undefined
  return {
    flows: [...compiled.values()].map((f) => ({ name: f.name, trigger: f.declaration.trigger, parameters: f.declaration.parameters, ...(f.declaration.description ? { description: f.declaration.description } : {}) })),
    run: async (name, input, runOptions = {}) => runs.run(runs.find(name), input, runOptions),
    async start(signal) {
      if (stopTriggers) return
      stopTriggers = startTriggers(runs, { kernel: options.kernel, pollIntervalMs: options.pollIntervalMs ?? 1000, ...(signal ? { signal } : {}) })
    },
    async stop() {
      const stopping = stopTriggers
      stopTriggers = undefined
      await stopping?.()
      await runs.idle()
    },
    idle: () => runs.idle(),
    pollRetries: () => runs.pollRetries(),
    deadLetters: deadLetterOperations(runs),
  }
}
