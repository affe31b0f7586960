import { defineCatalogue } from '../errors/index.js'

/** Errors of entity operations. Adapters map the categories to statuses and faults. */
export const kernelErrors = defineCatalogue('kernel', {
  KERNEL_VALIDATION: {
    category: 'invalid',
    description: 'One or more values break the domain model (type, required, length, range, pattern, enumeration); details list each.',
  },
  KERNEL_UNKNOWN_ENTITY: { category: 'invalid', description: 'The operation names an entity the model does not have.' },
  KERNEL_NOT_PERSISTENT: { category: 'invalid', description: 'The entity is not persistent, so it cannot be stored or queried.' },
  KERNEL_NOT_FOUND: { category: 'not-found', description: 'No object of the entity has that id or key.' },
  KERNEL_VERSION_CONFLICT: {
    category: 'precondition',
    description: 'The object changed since the version the caller read (optimistic concurrency).',
  },
  KERNEL_UNIQUE_VIOLATION: { category: 'conflict', description: 'A unique attribute or index already has the value.' },
  KERNEL_REFERENCE_NOT_FOUND: { category: 'invalid', description: 'A reference points to an object that does not exist.' },
  KERNEL_DELETE_PREVENTED: {
    category: 'conflict',
    description: "The object is still referred to by an association whose delete behaviour is 'prevent'.",
  },
  KERNEL_FORBIDDEN: { category: 'forbidden', description: "The caller's roles do not allow the operation or member." },
  KERNEL_KEY_NOT_UNIQUE: {
    category: 'conflict',
    description: 'An upsert or lookup by key found more than one object; the key members are not unique.',
  },
})
export type KernelErrorCode = keyof typeof kernelErrors.entries
