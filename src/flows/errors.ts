import { defineCatalogue } from '../errors/index.js'

/**
 * Errors of running flows. A failed run is retried and dead-lettered by the flow's error
 * policy; these codes say why it failed. Kernel and mapping errors pass through unchanged.
 */
export const flowErrors = defineCatalogue('flows', {
  FLOW_UNKNOWN: { category: 'not-found', description: 'No flow of that name is declared in the model.' },
  FLOW_NOT_COMPILABLE: {
    category: 'internal',
    description: 'A flow declaration cannot be compiled; the model was not checked (run `portico check`).',
  },
  FLOW_EXPRESSION_FAILED: {
    category: 'invalid',
    description: 'An expression could not be evaluated: a bad date pattern or time zone given at run time, or a value of an unexpected type in an untyped payload.',
  },
  FLOW_VALIDATION_FAILED: { category: 'invalid', description: 'The condition of a `validate` step was not true; the message is the step’s.' },
  FLOW_FAILED: { category: 'invalid', description: 'A `fail` step ended the run with its message.' },
  FLOW_RECORD_INVALID: {
    category: 'invalid',
    description:
      'An input record is malformed or was refused (a bad value, a reference whose key finds nothing, a validation rule) and the flow’s policy is `onRecordError: fail`; nothing of the import is written. Details give the record’s position and reasons.',
  },
  FLOW_PARAMETER_INVALID: {
    category: 'invalid',
    description: 'A run was given a parameter the flow does not declare, missed a required one, or got a value of the wrong type; details name each parameter.',
  },
  FLOW_INPUT_MISSING: { category: 'invalid', description: 'An `import` step has no input: the flow was run without one and the step names no other.' },
  FLOW_ACTION_UNKNOWN: { category: 'internal', description: 'A step calls a custom action that was not loaded (no `actions/<name>.ts` in the app folder).' },
  FLOW_ACTION_INVALID: {
    category: 'invalid',
    description: 'A custom action module does not default-export `defineAction({ name, run })`, or its name differs from its file name.',
  },
  FLOW_ACTION_INPUT: { category: 'invalid', description: 'The input given to a custom action does not fit the parameters it declares.' },
  FLOW_NOT_WIRED: {
    category: 'unavailable',
    description: 'The flow uses a trigger or step whose protocol is not available in this runtime yet (a consumed operation, a file to write, a message channel).',
  },
  FLOW_DEAD_LETTER_UNKNOWN: { category: 'not-found', description: 'No dead letter has that id.' },
  FLOW_ABORTED: { category: 'unavailable', description: 'The run was stopped because the runtime is shutting down; the error policy retries it.' },
  FLOW_UNEXPECTED: { category: 'internal', description: 'A run failed with an error that is not a Portico error (a defect, or a custom action that threw one); the message is the error’s.' },
})
export type FlowErrorCode = keyof typeof flowErrors.entries
