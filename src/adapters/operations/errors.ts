import { defineCatalogue } from '../../errors/index.js'

/**
 * Errors of operations bound to flows (REST custom operations, OData actions and
 * functions). Errors of the flow itself keep their own codes (FLOW_*, KERNEL_*).
 */
export const operationErrors = defineCatalogue('operations', {
  OPERATION_PARAMETER_INVALID: {
    category: 'invalid',
    description: 'A path, query or header parameter is missing or does not parse as its type (the flow parameter’s); details name each one.',
  },
  OPERATION_BODY_MISSING: { category: 'invalid', description: 'The operation reads a request body and none was sent.' },
  OPERATION_BODY_MALFORMED: { category: 'invalid', description: 'The request body is not well-formed JSON (or XML); the message says where.' },
  OPERATION_BODY_INVALID: {
    category: 'invalid',
    description:
      'The request body is well-formed but its values do not fit the request mapping (a wrong type, a missing required value, an unknown enumeration value, a key that finds no object); answered 422 with one detail per value.',
  },
  OPERATION_RESULT_INVALID: {
    category: 'internal',
    description: 'The flow returned something the response mapping cannot write (nothing, a list for an object, a value that is not an object); a defect of the flow.',
  },
  OPERATION_NOT_BOUND: { category: 'internal', description: 'An operation names a flow the model does not have; the model was not checked (run `portico check`).' },
  OPERATION_FAILED: { category: 'internal', description: 'The bound flow failed without saying why.' },
})
export type OperationErrorCode = keyof typeof operationErrors.entries
