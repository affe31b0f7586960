import { defaultPlatform } from '../../cli/adapters.js'
import { describeRuleCases, yaml, type RuleCase } from '../../../test/support/model-fixture.js'

const DOMAIN = yaml`
  enums:
    Status: [Open, Done]
  entities:
    Item:
      attributes:
        code: { type: String(10), required: true, unique: true }
        name: { type: String(50), required: true }
        note: Text
        status: { type: Enum(Status), required: true, default: Open }
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

/** An app with the domain above and one services file. */
function app(services: string): Record<string, string> {
  return { 'M/domain.yaml': DOMAIN, 'M/services.yaml': services }
}

const at = (line: number, column: number) => ['M/services.yaml', line, column] as const

const valid = app(yaml`
  services:
    - kind: rest
      name: shop
      version: 1.2.0
      path: /rest/shop/v1
      authentication: [apiKey]
      resources:
        items:
          entity: Item
          key: code
          members: { code: {}, name: {}, status: {}, owner: {}, summary: { member: note } }
          filter: [code, status]
          sort: [name]
        owners:
          entity: Owner
          operations: [list, get]
`)

const FLOWS = yaml`
  mappings:
    DraftJson:
      kind: json
      direction: import
      entity: Draft
      fields:
        - { path: text, member: text }
    ItemJson:
      kind: json
      direction: export
      entity: Item
      fields:
        - { path: code, member: code }
  flows:
    Rename:
      trigger: { kind: operation }
      input: { entity: Draft }
      parameters: { code: String }
      steps:
        - query: { entity: Item, where: code = $code, as: found }
        - return: first($found)
    Nightly:
      trigger: { kind: manual }
      steps:
        - return: 1
`

/** An app with a custom operation: `operation` is its YAML (indented for the operations map). */
function withOperation(operation: string): Record<string, string> {
  return {
    ...app(yaml`
      services:
        - kind: rest
          name: shop
          version: 1.0.0
          path: /rest/shop/v1
          authentication: [apiKey]
          resources:
            items: { entity: Item, key: code }
          operations:
            rename:
    `.replace(/\n?$/, '\n') + operation.replace(/^/gm, '        ')),
    'M/flows.yaml': FLOWS,
  }
}

const validOperation = withOperation(yaml`
  method: POST
  path: /items/{code}/rename
  flow: Rename
  parameters: { code: { in: path } }
  request: { mapping: DraftJson }
  response: { mapping: ItemJson }
`)

const cases: RuleCase[] = [
  {
    code: 'PR401',
    severity: 'error',
    what: 'a resource over an entity that does not exist',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: 1.0.0, path: /rest/shop/v1, authentication: [apiKey], resources: { items: { entity: Itme } } }
    `),
    at: [at(2, 124)],
    message: "exposes 'Itme', which is not an entity of the model",
    valid,
  },
  {
    code: 'PR402',
    severity: 'error',
    what: 'an exposed member that the entity does not have',
    fixture: app(yaml`
      services:
        - kind: rest
          name: shop
          version: 1.0.0
          path: /rest/shop/v1
          authentication: [apiKey]
          resources:
            items:
              entity: Item
              members: { code: {}, name: {}, label: { member: title } }
    `),
    at: [at(10, 57)],
    message: "exposes 'title', which is not a member of M.Item",
    valid,
  },
  {
    code: 'PR403',
    severity: 'error',
    what: 'a resource key that is not unique',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: 1.0.0, path: /rest/shop/v1, authentication: [apiKey], resources: { items: { entity: Item, key: name } } }
    `),
    at: [at(2, 135)],
    valid,
  },
  {
    code: 'PR404',
    severity: 'error',
    what: 'two services on one base path',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: 1.0.0, path: /rest/shop/v1, authentication: [apiKey], resources: { items: { entity: Item } } }
        - { kind: rest, name: store, version: 1.0.0, path: /rest/shop/v1, authentication: [apiKey], resources: { items: { entity: Item } } }
    `),
    at: [at(3, 54)],
    valid,
  },
  {
    code: 'PR405',
    severity: 'error',
    what: 'a version that is not semver',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: v1, path: /rest/shop/v1, authentication: [apiKey], resources: { items: { entity: Item } } }
    `),
    at: [at(2, 40)],
    valid,
  },
  {
    code: 'PR406',
    severity: 'error',
    what: 'a path whose major version differs from the version',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: 2.0.0, path: /rest/shop/v1, authentication: [apiKey], resources: { items: { entity: Item } } }
    `),
    at: [at(2, 53)],
    valid,
  },
  {
    code: 'PR407',
    severity: 'warning',
    what: 'a service that accepts requests without credentials',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: 1.0.0, path: /rest/shop/v1, authentication: [none], resources: { items: { entity: Item } } }
    `),
    at: [at(2, 84)],
    valid,
  },
  {
    code: 'PR408',
    severity: 'error',
    what: 'a filter on a member that is not an exposed value',
    fixture: app(yaml`
      services:
        - kind: rest
          name: shop
          version: 1.0.0
          path: /rest/shop/v1
          authentication: [apiKey]
          resources:
            items: { entity: Item, members: { code: {}, name: {} }, filter: [code, note] }
    `),
    at: [at(8, 78)],
    valid,
  },
  {
    code: 'PR409',
    severity: 'error',
    what: 'an embedded association whose target is not a resource of the service',
    fixture: app(yaml`
      services:
        - kind: rest
          name: shop
          version: 1.0.0
          path: /rest/shop/v1
          authentication: [apiKey]
          resources:
            items: { entity: Item, members: { code: {}, name: {}, owner: { as: embed } } }
    `),
    at: [at(8, 74)],
    valid,
  },
  {
    code: 'PR410',
    severity: 'error',
    what: 'a resource over a non-persistent entity',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: 1.0.0, path: /rest/shop/v1, authentication: [apiKey], resources: { drafts: { entity: Draft } } }
    `),
    at: [at(2, 125)],
    valid,
  },
  {
    code: 'PR411',
    severity: 'error',
    what: 'a resource that creates but hides a required member without default',
    fixture: app(yaml`
      services:
        - kind: rest
          name: shop
          version: 1.0.0
          path: /rest/shop/v1
          authentication: [apiKey]
          resources:
            items: { entity: Item, operations: [list, create], members: { code: {}, status: {} } }
    `),
    at: [at(8, 42)],
    message: 'does not let callers send name',
    valid,
  },
  {
    code: 'PR412',
    severity: 'error',
    what: 'an anonymous role that the app does not declare',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: 1.0.0, path: /rest/shop/v1, authentication: [none], anonymousRoles: [Guest], resources: { items: { entity: Item } } }
    `),
    at: [at(2, 109)],
    valid,
  },
  {
    code: 'PR413',
    severity: 'error',
    what: 'one member exposed under two names',
    fixture: app(yaml`
      services:
        - kind: rest
          name: shop
          version: 1.0.0
          path: /rest/shop/v1
          authentication: [apiKey]
          resources:
            items: { entity: Item, members: { code: {}, name: {}, title: { member: name } } }
    `),
    at: [at(8, 61)],
    valid,
  },
  {
    code: 'PR414',
    severity: 'warning',
    what: 'a deprecated service past its sunset date',
    fixture: app(yaml`
      services:
        - { kind: rest, name: shop, version: 1.0.0, path: /rest/shop/v1, authentication: [apiKey], deprecated: { sunset: 2024-06-30 }, resources: { items: { entity: Item } } }
    `),
    at: [at(2, 116)],
    valid,
  },
  {
    code: 'PR415',
    severity: 'error',
    what: 'an operation bound to a flow that does not exist, or to one not triggered by operations',
    fixture: withOperation(yaml`
      method: POST
      path: /items/{code}/rename
      flow: Renam
      parameters: { code: { in: path } }
    `),
    at: [at(13, 15)],
    message: "runs flow 'Renam', which the model does not declare",
    valid: validOperation,
  },
  {
    code: 'PR415',
    severity: 'error',
    what: 'an operation bound to a manual flow',
    fixture: withOperation(yaml`
      method: POST
      path: /nightly
      flow: Nightly
    `),
    at: [at(13, 15)],
    message: 'whose trigger is manual; declare trigger: { kind: operation }',
    valid: validOperation,
  },
  {
    code: 'PR416',
    severity: 'error',
    what: 'a request read by an export-only mapping',
    fixture: withOperation(yaml`
      method: POST
      path: /items/{code}/rename
      flow: Rename
      parameters: { code: { in: path } }
      request: { mapping: ItemJson }
    `),
    at: [at(15, 29)],
    message: 'ItemJson is export-only; the request needs an import mapping',
    valid: validOperation,
  },
  {
    code: 'PR417',
    severity: 'error',
    what: 'a path parameter that is not declared',
    fixture: withOperation(yaml`
      method: POST
      path: /items/{key}/rename
      flow: Rename
      parameters: { code: { in: query } }
    `),
    at: [at(12, 15)],
    message: 'path parameter {key} is not declared',
    valid: validOperation,
  },
  {
    code: 'PR418',
    severity: 'error',
    what: 'an operation parameter the flow does not declare',
    fixture: withOperation(yaml`
      method: POST
      path: /items/{code}/rename
      flow: Rename
      parameters: { code: { in: path }, force: { in: query } }
    `),
    at: [at(14, 43)],
    message: "flow M.Rename has no parameter 'force'; its parameters: code",
    valid: validOperation,
  },
  {
    code: 'PR419',
    severity: 'error',
    what: 'an operation on a method and path a resource serves',
    fixture: withOperation(yaml`
      method: GET
      path: /items/{code}
      flow: Rename
      parameters: { code: { in: path } }
    `),
    at: [at(12, 15)],
    message: "GET /items/{code} is already served by resource 'items'",
    valid: validOperation,
  },
]

describeRuleCases('REST service rules', cases, defaultPlatform())
