import { defineCatalogue } from '../errors/index.js'

/**
 * Errors of the mapping layer. A bad value inside one record is not an error here: it is
 * an `ImportRecord` with `ok: false`, and the caller's policy skips it or fails the import.
 * These are the failures after which the input cannot be read on (or a defect).
 */
export const mappingErrors = defineCatalogue('mapping', {
  MAPPING_UNKNOWN: { category: 'not-found', description: 'No mapping of that name is declared in the model.' },
  MAPPING_WRONG_DIRECTION: {
    category: 'invalid',
    description: 'An import was asked of an export-only mapping, or an export of an import-only one.',
  },
  MAPPING_MALFORMED_INPUT: {
    category: 'invalid',
    description:
      'The input is not a well-formed document of the mapping’s kind (a broken JSON structure, XML that is not well-formed, a CSV quote never closed), so nothing after that point can be read; the message gives the line and path.',
  },
  MAPPING_UNSAFE_XML: {
    category: 'invalid',
    description: 'An XML input has a DOCTYPE (and so possibly entity definitions or external entities); Portico refuses it before reading any entity.',
  },
  MAPPING_LIMIT_EXCEEDED: {
    category: 'too-large',
    description: 'An input exceeds a limit of the mapping layer: nesting depth, the size of one record, one text, attribute or name, or the number of attributes of an element.',
  },
  MAPPING_HEADER_MISMATCH: {
    category: 'invalid',
    description: 'A CSV header does not match the mapping’s columns under its match mode (exact, subset, superset); the message lists what is missing, unknown or moved.',
  },
  MAPPING_ENCODING: { category: 'invalid', description: 'The input bytes are not valid text in the mapping’s encoding.' },
  MAPPING_NOT_ONE_RECORD: { category: 'invalid', description: '`importOne` was given a body with no record or with more than one.' },
  MAPPING_EXPORT_VALUE: {
    category: 'internal',
    description:
      'A row given to an export has a value the mapping cannot write: a value of the wrong type, a lookup whose target was not expanded, or a character the output encoding cannot hold.',
  },
  MAPPING_NOT_COMPILABLE: {
    category: 'internal',
    description: 'A mapping declaration cannot be compiled; the model was not checked (run `portico check`).',
  },
})
export type MappingErrorCode = keyof typeof mappingErrors.entries
