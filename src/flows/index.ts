/**
 * Flows: declared integration logic — a trigger and steps with an error policy — run
 * through the kernel. The runtime builds one engine per model; adapters run flows bound to
 * their operations through it; the CLI runs them by hand and works on dead letters.
 */
export { createFlowEngine, type FlowEngine, type FlowEngineOptions, type FlowSummary, type RunOptions } from './engine/create-flow-engine.js'
export type { FlowResult, ImportCounts, SkippedRecord, TriggerInfo } from './engine/flow-result.js'
export type { DeadLetter, DeadLetterStatus, FlowStorePort, PendingRetry } from './engine/flow-port.js'
export type { DeadLetterOperations } from './engine/dead-letters.js'
export { fileInput, type FileInput } from './engine/flow-input.js'
export { parameterFromText } from './engine/flow-parameters.js'
export { mappingLookup, type MappingLookup } from './analysis/flow-scope.js'
export { backoffDelay } from './engine/error-policy.js'
export { defineAction, type ActionContext, type ActionDefinition, type ActionInput, type ActionLogger, type ActionParams, type ParamType } from './action.js'
export { loadActions, listActions } from './load-actions.js'
export { flowErrors, type FlowErrorCode } from './errors.js'
export { flowSection } from './flow-section.js'
export { createFlowRules, type FlowRuleOptions, type ReadModelFile } from './rules.js'
export { readFlowDeclaration, flowExtensions, FLOW_PARAMETER_TYPES, type FlowDeclaration, type FlowParameter, type FlowParameterType, type Trigger, type Step, type ErrorPolicy, type RetryPolicy } from './flow-declaration.js'
export { parseExpression } from './expression/parse-expression.js'
export { checkExpression, type CheckedExpression, type ExpressionScope } from './expression/check-expression.js'
export { compileExpression, type CompiledExpression, type EvaluationEnv } from './expression/compile-expression.js'
export { FUNCTIONS } from './expression/expression-functions.js'
