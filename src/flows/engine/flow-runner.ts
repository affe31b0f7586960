import { isPorticoError } from '../../errors/index.js'
import { SYSTEM_PRINCIPAL, type Kernel, type Principal } from '../../kernel/index.js'
import type { CompiledFlow } from './compiled-flow.js'
import type { FlowResult, TriggerInfo } from './flow-result.js'
import { RunReport } from './run-report.js'
import type { EngineServices, RunContext } from './run-context.js'
import { runSteps } from './run-steps.js'

/** One attempt's outcome, before the error policy decides what follows a failure. */
export type Attempt =
  | { readonly ok: true; readonly output: unknown; readonly report: RunReport; readonly durationMs: number }
  | { readonly ok: false; readonly error: FlowResult['error'] & object; readonly report: RunReport; readonly durationMs: number }

export interface AttemptOptions {
  readonly trigger: TriggerInfo
  readonly principal?: Principal
  readonly signal: AbortSignal
  readonly now: Date
}

/**
 * Runs a flow once. With `transaction: flow` the whole run is one kernel transaction, so
 * a failure anywhere rolls back everything and outbox messages commit with the data; with
 * `transaction: record` each step (and each import chunk) commits on its own.
 */
export async function attemptFlow(kernel: Kernel, services: EngineServices, flow: CompiledFlow, input: unknown, options: AttemptOptions): Promise<Attempt> {
  const started = performance.now()
  const report = new RunReport()
  const ops = kernel.as(options.principal ?? SYSTEM_PRINCIPAL)
  const variables = initialValues(input, options.trigger, flow)
  try {
    const execute = (txOps: typeof ops) => {
      const ctx: RunContext = { flow, ops: txOps, variables, now: options.now, signal: options.signal, report, services }
      return runSteps(ctx, flow.declaration.steps)
    }
    const outcome = flow.declaration.transaction === 'flow' ? await ops.transaction(execute) : await execute(ops)
    return { ok: true, output: outcome.returned ? outcome.value : undefined, report, durationMs: performance.now() - started }
  } catch (error) {
    return { ok: false, error: describeError(error), report, durationMs: performance.now() - started }
  }
}

function initialValues(input: unknown, trigger: TriggerInfo, flow: CompiledFlow): Map<string, unknown> {
  const vars = new Map<string, unknown>([['input', input ?? null]])
  const original = trigger.kind === 'dead-letter' ? trigger.original : trigger
  // Checked by the run that started this attempt (FlowRuns.run); absent optional ones are empty.
  const given = original.kind === 'manual' || original.kind === 'operation' ? original.parameters : undefined
  for (const p of flow.declaration.parameters) vars.set(p.name, given?.[p.name] ?? null)
  if (original.kind === 'entity') {
    vars.set('event', original.event)
    vars.set('previous', original.previous ?? null)
  }
  if (original.kind === 'schedule') vars.set('tick', original.tick)
  return vars
}

/** An error as a result carries it: code, category, message and details. */
export function describeError(error: unknown): NonNullable<FlowResult['error']> {
  if (isPorticoError(error)) {
    return { code: error.code, category: error.category, message: error.message, ...(error.details.length > 0 ? { details: error.details } : {}) }
  }
  const e = error as { name?: string; message?: string }
  if (e?.name === 'AbortError') return { code: 'FLOW_ABORTED', category: 'unavailable', message: 'the run was stopped' }
  return { code: 'FLOW_UNEXPECTED', category: 'internal', message: e?.message ?? String(error) }
}

/** The result of an attempt, with how the error policy settled a failure. */
export function resultOf(flow: string, attempt: number, a: Attempt, settled: Partial<FlowResult> & { status: FlowResult['status'] }): FlowResult {
  return {
    flow,
    attempt,
    skipped: a.report.skipped,
    durationMs: Math.round(a.durationMs),
    ...(a.report.records ? { records: a.report.records } : {}),
    ...(a.ok && a.output !== undefined ? { output: a.output } : {}),
    ...(a.ok ? {} : { error: a.error }),
    ...settled,
  }
}
