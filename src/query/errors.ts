import { defineCatalogue } from '../errors/index.js'

/**
 * Errors the query layer raises while checking a query against the model and the limits.
 * All are raised before any SQL runs; `target` names the offending member, function,
 * alias or option so an adapter can point at it.
 */
export const queryErrors = defineCatalogue('query', {
  QUERY_UNKNOWN_ENTITY: { category: 'invalid', description: 'The query names an entity that is not a persistent entity of the model.' },
  QUERY_UNKNOWN_PROPERTY: { category: 'invalid', description: 'A path names a member or navigation the entity does not have.' },
  QUERY_BAD_PATH: {
    category: 'invalid',
    description: 'A path goes through an attribute or a collection, or ends at a navigation where a value is needed.',
  },
  QUERY_NOT_A_COLLECTION: { category: 'invalid', description: '`count`, `any` or `all` is applied to a path that is not a to-many navigation.' },
  QUERY_UNKNOWN_VARIABLE: { category: 'invalid', description: 'A path starts at a lambda variable that is not in scope.' },
  QUERY_TYPE_MISMATCH: { category: 'invalid', description: 'An operator or option is applied to values of types it does not accept.' },
  QUERY_UNKNOWN_FUNCTION: { category: 'invalid', description: 'A call names a function the query language does not have.' },
  QUERY_UNSUPPORTED_FUNCTION: {
    category: 'invalid',
    description: 'A call names a function of the language that the runtime cannot evaluate identically on every database.',
  },
  QUERY_BAD_ARGUMENTS: { category: 'invalid', description: 'A function or option gets the wrong number or kind of arguments.' },
  QUERY_BAD_LITERAL: {
    category: 'invalid',
    description: 'A literal cannot be read as the type it is compared with (a date, a UUID, an enumeration value, a number).',
  },
  QUERY_BAD_ALIAS: { category: 'invalid', description: 'A compute or aggregate alias is not a plain name, is used twice, or hides a member.' },
  QUERY_BAD_AGGREGATION: {
    category: 'invalid',
    description: 'An aggregation groups by something other than a to-one path to a value, or mixes options that do not apply to groups.',
  },
  QUERY_BAD_CURSOR: { category: 'invalid', description: 'A keyset `after` cursor does not match the sort keys (count or types).' },
  QUERY_LIMIT_EXCEEDED: {
    category: 'too-large',
    description: 'The query exceeds a configured limit (top, expand depth, filter size, lambda nesting, `in` list size).',
  },
})

export type QueryErrorCode = keyof typeof queryErrors.entries
