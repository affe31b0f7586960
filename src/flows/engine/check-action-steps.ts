import type { ActionDefinition } from '../action.js'
import { flowErrors } from '../errors.js'
import type { FlowDeclaration, Step } from '../flow-declaration.js'

function* actionSteps(steps: readonly Step[]): Generator<Extract<Step, { kind: 'action' }>> {
  for (const step of steps) {
    if (step.kind === 'action') yield step
    if (step.kind === 'if') {
      yield* actionSteps(step.then)
      yield* actionSteps(step.else)
    }
    if (step.kind === 'forEach') yield* actionSteps(step.steps)
  }
}

/**
 * At start, each `action` step must name a loaded action, and an input written as a map
 * must give exactly its declared parameters (every required one, no unknown one): a typo
 * stops the runtime, not the first run that reaches the step.
 */
export function checkActionSteps(flow: FlowDeclaration, actions: ReadonlyMap<string, ActionDefinition>): void {
  for (const step of actionSteps(flow.steps)) {
    const action = actions.get(step.name)
    if (!action) throw flowErrors.create('FLOW_ACTION_UNKNOWN', `flow ${flow.name}: no custom action '${step.name}' (actions/${step.name}.ts)`, { target: step.name })
    if (!action.input || step.input?.kind !== 'object') continue
    const given = new Set(step.input.entries.map(([k]) => k))
    const unknown = [...given].filter((k) => !Object.hasOwn(action.input ?? {}, k))
    const missing = Object.entries(action.input).filter(([k, t]) => !t.endsWith('?') && !given.has(k)).map(([k]) => k)
    if (unknown.length > 0 || missing.length > 0) {
      const why = [...unknown.map((k) => `'${k}' is not a parameter`), ...missing.map((k) => `'${k}' is required`)].join('; ')
      throw flowErrors.create('FLOW_ACTION_INPUT', `flow ${flow.name}: action ${step.name}: ${why}; parameters: ${Object.keys(action.input).join(', ')}`, { target: step.name })
    }
  }
}
