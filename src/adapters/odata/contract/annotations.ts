import type { ODataEntitySet, ODataService } from '../service/service-model.js'

/**
 * A vocabulary annotation value, written once and rendered to CSDL XML and CSDL JSON:
 * booleans, strings, integers, enumeration members, property paths, collections and records.
 */
export type AnnotationValue =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'enum'; readonly value: string }
  | { readonly kind: 'paths'; readonly value: readonly string[] }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'record'; readonly value: Readonly<Record<string, AnnotationValue>> }

export interface Annotation {
  /** Qualified with the vocabulary alias: `Capabilities.InsertRestrictions`. */
  readonly term: string
  readonly value: AnnotationValue
}

/** Where a service serves the vocabularies its metadata refers to (see vocabularies.ts). */
export const VOCABULARY_PATH = '$vocabularies'

/** The vocabularies the documents refer to, by alias, at `<root>/$vocabularies/<namespace>.xml|json`. */
export const VOCABULARIES = [
  { alias: 'Core', namespace: 'Org.OData.Core.V1' },
  { alias: 'Capabilities', namespace: 'Org.OData.Capabilities.V1' },
  { alias: 'Aggregation', namespace: 'Org.OData.Aggregation.V1' },
] as const

const bool = (value: boolean): AnnotationValue => ({ kind: 'bool', value })
const record = (value: Record<string, AnnotationValue>): AnnotationValue => ({ kind: 'record', value })

/** Canonical functions a `$filter` may use (Capabilities.FilterFunctions). */
export const FILTER_FUNCTIONS = [
  'contains', 'startswith', 'endswith', 'length', 'indexof', 'substring', 'tolower', 'toupper', 'trim', 'concat', 'matchesPattern',
  'year', 'month', 'day', 'hour', 'minute', 'second', 'fractionalseconds', 'date', 'time', 'totaloffsetminutes',
  'now', 'mindatetime', 'maxdatetime', 'round', 'floor', 'ceiling', 'cast', 'isof',
] as const

/** What the whole service supports: conformance level, $batch, $apply, versions. */
export function containerAnnotations(service: ODataService): Annotation[] {
  return [
    { term: 'Core.ODataVersions', value: { kind: 'string', value: '4.0 4.01' } },
    { term: 'Capabilities.ConformanceLevel', value: { kind: 'enum', value: 'Capabilities.ConformanceLevelType/Advanced' } },
    { term: 'Capabilities.BatchSupported', value: bool(true) },
    { term: 'Capabilities.BatchContinueOnErrorSupported', value: bool(true) },
    { term: 'Capabilities.AsynchronousRequestsSupported', value: bool(true) },
    { term: 'Capabilities.CrossJoinSupported', value: bool(true) },
    { term: 'Capabilities.SupportedFormats', value: { kind: 'strings', value: ['application/json;odata.metadata=full;IEEE754Compatible=true', 'application/json;odata.metadata=minimal', 'application/json;odata.metadata=none'] } },
    { term: 'Capabilities.FilterFunctions', value: { kind: 'strings', value: [...FILTER_FUNCTIONS] } },
    { term: 'Aggregation.ApplySupported', value: record({ Transformations: { kind: 'strings', value: ['aggregate', 'groupby', 'filter', 'search', 'orderby', 'top', 'skip', 'topcount', 'bottomcount', 'identity'] } }) },
    ...(service.description ? [{ term: 'Core.Description', value: { kind: 'string', value: service.description } } as Annotation] : []),
  ]
}

/** What one entity set allows (Capabilities vocabulary), and how its ETag is computed. */
export function setAnnotations(set: ODataEntitySet): Annotation[] {
  const c = set.capabilities
  const nonExpandable = c.expandable ? [] : set.navigations.map((n) => n.name)
  return [
    { term: 'Capabilities.InsertRestrictions', value: record({ Insertable: bool(c.insertable) }) },
    { term: 'Capabilities.UpdateRestrictions', value: record({ Updatable: bool(c.updatable) }) },
    { term: 'Capabilities.DeleteRestrictions', value: record({ Deletable: bool(c.deletable) }) },
    { term: 'Capabilities.FilterRestrictions', value: record({ Filterable: bool(c.filterable) }) },
    { term: 'Capabilities.SortRestrictions', value: record({ Sortable: bool(c.sortable) }) },
    { term: 'Capabilities.CountRestrictions', value: record({ Countable: bool(c.countable) }) },
    { term: 'Capabilities.ExpandRestrictions', value: record({ Expandable: bool(c.expandable), ...(nonExpandable.length ? { NonExpandableProperties: { kind: 'paths', value: nonExpandable } as AnnotationValue } : {}) }) },
    { term: 'Capabilities.SearchRestrictions', value: record({ Searchable: bool(c.searchable) }) },
    { term: 'Capabilities.TopSupported', value: bool(c.topSkip) },
    { term: 'Capabilities.SkipSupported', value: bool(c.topSkip) },
    { term: 'Capabilities.ChangeTracking', value: record({ Supported: bool(c.changeTracking) }) },
    ...(set.description ? [{ term: 'Core.Description', value: { kind: 'string', value: set.description } } as Annotation] : []),
  ]
}
