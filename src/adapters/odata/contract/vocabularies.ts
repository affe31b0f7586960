/**
 * The parts of the OASIS vocabularies (Core, Capabilities, Aggregation) that Portico's
 * metadata uses, served by every service under `$vocabularies/`. Clients that resolve
 * `edmx:Reference`s (Apache Olingo requires them on the service's own host) can so read the
 * metadata without reaching the internet. Term names and types follow the OASIS
 * vocabularies; only the terms Portico writes are declared.
 */
export interface VocabularyTerm {
  readonly name: string
  readonly type: string
}

export interface Vocabulary {
  readonly alias: string
  readonly namespace: string
  readonly enums: readonly { readonly name: string; readonly members: readonly string[]; readonly flags?: boolean }[]
  readonly complexTypes: readonly { readonly name: string; readonly properties: readonly VocabularyTerm[] }[]
  readonly terms: readonly VocabularyTerm[]
}

const restriction = (name: string, property: string, more: readonly VocabularyTerm[] = []) => ({ name, properties: [{ name: property, type: 'Edm.Boolean' }, ...more] })

export const VOCABULARY_DOCUMENTS: readonly Vocabulary[] = [
  {
    alias: 'Core',
    namespace: 'Org.OData.Core.V1',
    enums: [{ name: 'Permission', members: ['None', 'Read', 'Write', 'ReadWrite', 'Invoke'], flags: true }],
    complexTypes: [],
    terms: [
      { name: 'Description', type: 'Edm.String' },
      { name: 'ODataVersions', type: 'Edm.String' },
      { name: 'Computed', type: 'Edm.Boolean' },
      { name: 'Permissions', type: 'Core.Permission' },
    ],
  },
  {
    alias: 'Capabilities',
    namespace: 'Org.OData.Capabilities.V1',
    enums: [{ name: 'ConformanceLevelType', members: ['Minimal', 'Intermediate', 'Advanced'] }],
    complexTypes: [
      restriction('InsertRestrictionsType', 'Insertable'),
      restriction('UpdateRestrictionsType', 'Updatable'),
      restriction('DeleteRestrictionsType', 'Deletable'),
      restriction('FilterRestrictionsType', 'Filterable'),
      restriction('SortRestrictionsType', 'Sortable'),
      restriction('CountRestrictionsType', 'Countable'),
      restriction('ExpandRestrictionsType', 'Expandable', [{ name: 'NonExpandableProperties', type: 'Collection(Edm.NavigationPropertyPath)' }]),
      restriction('SearchRestrictionsType', 'Searchable'),
      restriction('ChangeTrackingType', 'Supported'),
    ],
    terms: [
      { name: 'ConformanceLevel', type: 'Capabilities.ConformanceLevelType' },
      { name: 'BatchSupported', type: 'Edm.Boolean' },
      { name: 'BatchContinueOnErrorSupported', type: 'Edm.Boolean' },
      { name: 'AsynchronousRequestsSupported', type: 'Edm.Boolean' },
      { name: 'CrossJoinSupported', type: 'Edm.Boolean' },
      { name: 'SupportedFormats', type: 'Collection(Edm.String)' },
      { name: 'FilterFunctions', type: 'Collection(Edm.String)' },
      ...['Insert', 'Update', 'Delete', 'Filter', 'Sort', 'Count', 'Expand', 'Search'].map((k) => ({ name: `${k}Restrictions`, type: `Capabilities.${k}RestrictionsType` })),
      { name: 'TopSupported', type: 'Edm.Boolean' },
      { name: 'SkipSupported', type: 'Edm.Boolean' },
      { name: 'ChangeTracking', type: 'Capabilities.ChangeTrackingType' },
    ],
  },
  {
    alias: 'Aggregation',
    namespace: 'Org.OData.Aggregation.V1',
    enums: [],
    complexTypes: [{ name: 'ApplySupportedType', properties: [{ name: 'Transformations', type: 'Collection(Edm.String)' }] }],
    terms: [{ name: 'ApplySupported', type: 'Aggregation.ApplySupportedType' }],
  },
]

/** The vocabulary as a CSDL XML document. */
export function vocabularyXml(v: Vocabulary): string {
  const qualify = (t: string) => t.replace(`${v.alias}.`, `${v.namespace}.`)
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${v.namespace}" Alias="${v.alias}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...v.enums.map((e) => `      <EnumType Name="${e.name}"${e.flags ? ' IsFlags="true"' : ''}>${e.members.map((m, i) => `<Member Name="${m}" Value="${e.flags ? (i === 0 ? 0 : 2 ** (i - 1)) : i}"/>`).join('')}</EnumType>`),
    ...v.complexTypes.map((c) => `      <ComplexType Name="${c.name}">${c.properties.map((p) => `<Property Name="${p.name}" Type="${qualify(p.type)}"/>`).join('')}</ComplexType>`),
    ...v.terms.map((t) => `      <Term Name="${t.name}" Type="${qualify(t.type)}"/>`),
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n')
}

/** The vocabulary as a CSDL JSON document. */
export function vocabularyJson(v: Vocabulary): Record<string, unknown> {
  const typed = (t: string) => {
    const m = /^Collection\((.*)\)$/.exec(t)
    const inner = (m?.[1] ?? t).replace(`${v.alias}.`, `${v.namespace}.`)
    return { ...(inner === 'Edm.String' ? {} : { $Type: inner }), ...(m ? { $Collection: true } : {}), $Nullable: true }
  }
  const schema: Record<string, unknown> = { $Alias: v.alias }
  for (const e of v.enums) schema[e.name] = { $Kind: 'EnumType', ...(e.flags ? { $IsFlags: true } : {}), ...Object.fromEntries(e.members.map((m, i) => [m, e.flags ? (i === 0 ? 0 : 2 ** (i - 1)) : i])) }
  for (const c of v.complexTypes) schema[c.name] = { $Kind: 'ComplexType', ...Object.fromEntries(c.properties.map((p) => [p.name, typed(p.type)])) }
  for (const t of v.terms) schema[t.name] = { $Kind: 'Term', ...typed(t.type) }
  return { $Version: '4.0', [v.namespace]: schema }
}
