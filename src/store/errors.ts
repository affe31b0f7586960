import { defineCatalogue } from '../errors/index.js'

/** Errors the store raises; drivers translate database errors into these. */
export const storeErrors = defineCatalogue('store', {
  STORE_UNIQUE_VIOLATION: { category: 'conflict', description: 'A value that must be unique is already taken.' },
  STORE_REFERENCE_VIOLATION: {
    category: 'conflict',
    description: 'A reference points to an object that does not exist, or an object is still referred to.',
  },
  STORE_NOT_NULL_VIOLATION: { category: 'invalid', description: 'A required column was left empty.' },
  STORE_DATA_EXCEPTION: {
    category: 'invalid',
    description: 'The database refused a value or computation (out of range, division by zero, bad format).',
  },
  STORE_UNAVAILABLE: { category: 'unavailable', description: 'The database cannot be reached.' },
  STORE_SERIALIZATION_FAILURE: {
    category: 'conflict',
    description: 'The database aborted the transaction because of a concurrent one; retrying it may succeed.',
  },
  STORE_BAD_URL: { category: 'invalid', description: 'The database URL is not one Portico can open.' },
  STORE_FAILURE: { category: 'internal', description: 'The database failed unexpectedly.' },
  STORE_SCHEMA_NOT_SYNCED: {
    category: 'unavailable',
    description: 'The database schema does not match the model; run `portico db sync`.',
  },
  STORE_DATA_LOSS_REFUSED: {
    category: 'conflict',
    description: 'A schema change would drop or narrow existing data and was not confirmed with --accept-data-loss.',
  },
  STORE_SYNC_FAILED: { category: 'internal', description: 'Applying the schema change failed; nothing was changed.' },
  STORE_SYNC_BLOCKED: {
    category: 'conflict',
    description:
      'A schema change cannot be applied to the data as it is (e.g. a new required attribute without a default on a table with rows); change the model as the message says.',
  },
})
export type StoreErrorCode = keyof typeof storeErrors.entries
