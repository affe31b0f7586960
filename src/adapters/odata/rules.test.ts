import { defaultPlatform } from '../../cli/adapters.js'
import { describeRuleCases, type RuleCase } from '../../../test/support/model-fixture.js'

const DOMAIN = `entities:
  Item:
    attributes:
      code: { type: String(10), required: true, unique: true }
      name: { type: String(50), required: true }
    associations:
      owner: { target: Owner, inverse: items }
    access:
      - { roles: [Admin], allow: [create, read, update, delete] }
  Owner:
    attributes:
      name: { type: String(50), required: true }
    access:
      - { roles: [Admin], allow: [read] }
  Draft:
    persistent: false
    attributes:
      text: String(20)
`

const APP_FILE = 'app: shop\nversion: 1.0.0\nmodules: [Shop]\nroles: { Admin: {}, Clerk: {} }\n'

/** An app with the domain above and one OData services file. */
function app(services: string): Record<string, string> {
  return { 'portico.yaml': APP_FILE, 'Shop/domain.yaml': DOMAIN, 'Shop/odata.yaml': services }
}

const VALID = app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item }
`)

const FLOWS = `flows:
  ItemsOf:
    trigger: { kind: operation }
    parameters: { owner: String }
    steps:
      - query: { entity: Item, where: owner/name = $owner, as: items }
      - return: $items
  Rename:
    trigger: { kind: operation }
    parameters: { code: String, name: String }
    steps:
      - query: { entity: Item, where: code = $code, as: found }
      - update: { entity: Item, id: first($found), values: { name: $name }, as: item }
      - return: $item
  Nightly:
    trigger: { kind: manual }
    steps:
      - return: 1
  Archive:
    trigger: { kind: operation }
    input: { entity: Item }
    steps:
      - update: { entity: Item, id: $input, values: { name: "'archived'" }, as: item }
      - return: $item
  Namesakes:
    trigger: { kind: operation }
    input: { entity: Item }
    steps:
      - query: { entity: Item, where: name = $input/name, as: items }
      - return: $items
`

/** An app whose OData service declares operations (`operations` is YAML at the service's indentation). */
function withOperations(operations: string): Record<string, string> {
  return {
    ...app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item }
${operations}`),
    'Shop/flows.yaml': FLOWS,
  }
}

/** An app whose Items set declares bound operations (`bound` is YAML at the set's member indentation). */
function withBound(bound: string): Record<string, string> {
  return {
    ...app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items:
        entity: Item
${bound}`),
    'Shop/flows.yaml': FLOWS,
  }
}

const VALID_BOUND = withBound(`        actions:
          Archive: { flow: Archive, returns: { entitySet: Items } }
        functions:
          Namesakes: { flow: Namesakes, returns: { entitySet: Items, collection: true } }
          All: { flow: ItemsOf, binding: collection, returns: { entitySet: Items, collection: true } }
`)

const VALID_OPERATIONS = withOperations(`    actions:
      Rename: { flow: Rename, returns: { entitySet: Items } }
    functions:
      ItemsOf: { flow: ItemsOf, returns: { entitySet: Items, collection: true } }
`)

const cases: RuleCase[] = [
  { code: 'PO501', severity: 'error', what: 'an entity set of an unknown entity', fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Itme }
`), at: [['Shop/odata.yaml', 8, 24]], valid: VALID },
  { code: 'PO502', severity: 'error', what: 'a property naming no member', fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items:
        entity: Item
        members:
          code: {}
          title: { member: titel }
`), at: [['Shop/odata.yaml', 12, 28]], valid: VALID },
  { code: 'PO503', severity: 'error', what: 'a navigation to a set of another entity', fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items:
        entity: Item
        navigation:
          Owner: { member: owner, target: Owners }
      Owners: { entity: Item, typeName: OtherItem }
`), at: [['Shop/odata.yaml', 11, 43]], valid: VALID },
  { code: 'PO504', severity: 'error', what: 'a key that does not identify one object', fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item, key: [name] }
`), at: [['Shop/odata.yaml', 8, 35]], valid: VALID },
  { code: 'PO505', severity: 'error', what: 'a set of a non-persistent entity', fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Drafts: { entity: Draft, capabilities: { insertable: false } }
`), at: [['Shop/odata.yaml', 8, 46]], valid: VALID },
  { code: 'PO506', severity: 'error', what: 'two sets with one entity type', fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item }
      MoreItems: { entity: Item }
`), at: [['Shop/odata.yaml', 9, 7]], valid: VALID },
  { code: 'PO507', severity: 'error', what: 'a version that is not semver', fixture: app(`services:
  - kind: odata
    name: shop
    version: '1.0'
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item }
`), at: [['Shop/odata.yaml', 4, 14]], valid: VALID },
  { code: 'PO508', severity: 'error', what: 'two services on one path', fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item }
  - kind: odata
    name: store
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Owners: { entity: Owner }
`), at: [['Shop/odata.yaml', 5, 11], ['Shop/odata.yaml', 12, 11]], valid: VALID },
  { code: 'PO509', severity: 'error', what: 'an undeclared anonymous role', fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey, none]
    anonymousRoles: [Guest]
    entitySets:
      Items: { entity: Item }
`), at: [['Shop/odata.yaml', 7, 22]], valid: VALID },
  { code: 'PO510', severity: 'error', what: 'a path without the major version', fixture: app(`services:
  - kind: odata
    name: shop
    version: 2.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item }
`), at: [['Shop/odata.yaml', 5, 11]], valid: VALID },
  { code: 'PO511', severity: 'error', what: 'an action bound to a flow not triggered by operations', fixture: withOperations(`    actions:
      RunNightly: { flow: Nightly }
`), at: [['Shop/odata.yaml', 10, 27]], message: 'runs flow Shop.Nightly, whose trigger is manual', valid: VALID_OPERATIONS },
  { code: 'PO512', severity: 'error', what: 'a function returning an unknown entity set', fixture: withOperations(`    functions:
      ItemsOf: { flow: ItemsOf, returns: { entitySet: Things, collection: true } }
`), at: [['Shop/odata.yaml', 10, 55]], message: "returns entity set 'Things', which OData service shop does not have", valid: VALID_OPERATIONS },
  { code: 'PO513', severity: 'error', what: 'a function whose flow changes data', fixture: withOperations(`    functions:
      Rename: { flow: Rename, returns: { entitySet: Items } }
`), at: [['Shop/odata.yaml', 10, 23]], message: 'whose update step changes data; declare it under actions', valid: VALID_OPERATIONS },
  { code: 'PO514', severity: 'error', what: 'an action named like an entity set', fixture: withOperations(`    actions:
      Items: { flow: Rename }
`), at: [['Shop/odata.yaml', 10, 7]], message: "'Items' is already an entity set, action or function", valid: VALID_OPERATIONS },
  { code: 'PO511', severity: 'error', what: 'a bound action running an unknown flow', fixture: withBound(`        actions:
          Archive: { flow: Nope }
`), at: [['Shop/odata.yaml', 11, 28]], message: "action Archive of entity set Items runs flow 'Nope', which the model does not declare", valid: VALID_BOUND },
  { code: 'PO513', severity: 'error', what: 'a bound function whose flow changes data', fixture: withBound(`        functions:
          Archive: { flow: Archive }
`), at: [['Shop/odata.yaml', 11, 28]], message: 'whose update step changes data', valid: VALID_BOUND },
  { code: 'PO515', severity: 'error', what: 'an entity-bound action whose flow does not take the entity as input', fixture: withBound(`        actions:
          Rename: { flow: Rename }
`), at: [['Shop/odata.yaml', 11, 27]], message: 'declare input: { entity: Item } in the flow', valid: VALID_BOUND },
  { code: 'PO515', severity: 'error', what: 'a collection-bound function whose flow takes an input', fixture: withBound(`        functions:
          Namesakes: { flow: Namesakes, binding: collection }
`), at: [['Shop/odata.yaml', 11, 30]], message: 'is bound to the entity set Items as a whole', valid: VALID_BOUND },
  { code: 'PO516', severity: 'error', what: 'a bound action named like a property of its set', fixture: withBound(`        actions:
          name: { flow: Archive }
`), at: [['Shop/odata.yaml', 11, 11]], message: "'name' is already a property or navigation of entity set Items", valid: VALID_BOUND },
  {
    code: 'PO517',
    severity: 'error',
    what: 'change tracking on a set keyed by a unique attribute',
    fixture: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item, key: [code], capabilities: { changeTracking: true } }
`),
    at: [['Shop/odata.yaml', 8, 75]],
    message: 'entity set Items tracks changes but is keyed by (code); change tracking needs the key [id]',
    valid: app(`services:
  - kind: odata
    name: shop
    version: 1.0.0
    path: /odata/shop/v1
    authentication: [apiKey]
    entitySets:
      Items: { entity: Item, capabilities: { changeTracking: true } }
`),
  },
]

describeRuleCases('OData service rules', cases, defaultPlatform())
