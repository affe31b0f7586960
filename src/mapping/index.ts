/**
 * Mappings: declared import and export mappings between wire payloads (JSON, XML, CSV) and
 * entity objects, compiled once and shared by every protocol adapter and flow.
 */
export { compileMappings, mappingDeclarations, type MappingRegistry } from './compile-mappings.js'
export type { CompiledMapping } from './compiled-mapping.js'
export type { ImportError, ImportRecord, ImportedChildren, ImportedLookup, ImportedObject, RecordPosition, Row, WhenMissing } from './import-record.js'
export { DEFAULT_LIMITS, type ExportOptions, type ImportOptions, type MappingLimits } from './import-options.js'
export type { MappingInput } from './text-input.js'
export { mappingErrors, type MappingErrorCode } from './errors.js'
export { mappingSection } from './mapping-section.js'
export { readMappingDeclaration, type MappingDeclaration, type FieldDeclaration, type ConvertDeclaration, type MappingKind, type MappingDirection } from './mapping-declaration.js'
export { escapeFormula } from './csv-export.js'
export { createMappingRules, type MappingRuleOptions, type ReadModelFile } from './rules.js'
export { resolveFields, type ResolvedField } from './resolve-field.js'
export { effectiveConvert } from './field-converter.js'
export { parseJsonPath } from './json-wire-reader.js'
