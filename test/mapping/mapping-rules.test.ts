import { createPlatform } from '../../src/runtime/platform.js'
import { describeRuleCases, yaml, type RuleCase } from '../support/model-fixture.js'

/** Rule tests run as `portico check` does: mapping sections and rules registered. */
const PLATFORM = createPlatform([])
const FILE = 'M/mappings.yaml'

const DOMAIN = yaml`
  enums:
    Status: [Open, Closed]
  entities:
    Customer:
      attributes:
        email: { type: String(254), required: true, unique: true }
        name: String(100)
    Order:
      attributes:
        number: { type: String(20), required: true, unique: true }
        orderedAt: { type: DateTime, required: true }
        quantity: Integer
        status: { type: Enum(Status), required: true, default: Open }
        paid: Boolean
      associations:
        customer: { target: Customer, required: true }
    Line:
      attributes:
        lineNo: { type: Integer, required: true }
        qty: { type: Integer, required: true }
      associations:
        order: { target: Order, required: true, onDelete: cascade, inverse: lines }
    Notice:
      persistent: false
      attributes:
        sku: String(20)
`

/** Orders of Order elements: Qty, then Email or Phone (a choice), and a number attribute. */
const ORDER_XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:o" elementFormDefault="qualified">
  <xs:element name="Orders"><xs:complexType><xs:sequence><xs:element name="Order" maxOccurs="unbounded"><xs:complexType>
    <xs:sequence><xs:element name="Qty" type="xs:int"/><xs:choice><xs:element name="Email" type="xs:string"/><xs:element name="Phone" type="xs:string"/></xs:choice></xs:sequence>
    <xs:attribute name="number" type="xs:string"/></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element></xs:schema>`

/** An XML export of Order with the given record path and fields, checked against ORDER_XSD. */
const xmlExport = (name: string, record: string, fields: string) => `  ${name}:
    kind: xml
    direction: export
    entity: Order
    schema: order.xsd
    namespaces: { o: 'urn:o' }
    record: ${record}
    fields:
${fields}
`

/** A CSV export whose second column is `column`, checked against a sample header `Number,Quantity`. */
const csvWithSample = (column: string) =>
  app(
    yaml`
      mappings:
        Csv:
          kind: csv
          direction: export
          entity: Order
          sample: orders.csv
          fields:
            - { column: Number, member: number }
            - { column: ${column}, member: quantity }
    `,
    { 'M/orders.csv': 'Number,Quantity\nA,1\n' },
  )

/** A fixture: the domain above, a mappings file, and optional extra files. */
function app(mappings: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'M/domain.yaml': DOMAIN, [FILE]: mappings, ...extra }
}

const exportJson = (fields: string, extra = '') => yaml`
  mappings:
    Out:
      kind: json
      direction: export
      entity: Order${extra}
      fields:
${fields}
`

const cases: RuleCase[] = [
  {
    code: 'PM301',
    severity: 'error',
    what: 'an unknown root entity at the entity',
    fixture: app(exportJson('        - { path: number, member: number }').replace('entity: Order', 'entity: Ordr')),
    at: [[FILE, 5, 13]],
    message: 'no entity M.Ordr',
    valid: app(exportJson('        - { path: number, member: number }')),
  },
  {
    code: 'PM302',
    severity: 'error',
    what: 'an unknown member, also in a nested level',
    fixture: app(exportJson('        - { path: nr, member: numbr }\n        - path: lines[]\n          member: lines\n          fields: [{ path: n, member: lineNumber }]')),
    at: [[FILE, 7, 29], [FILE, 10, 37]],
    valid: app(exportJson('        - { path: nr, member: number }\n        - path: lines[]\n          member: lines\n          fields: [{ path: n, member: lineNo }]')),
  },
  {
    code: 'PM303',
    severity: 'error',
    what: 'a collection without nested fields and a lookup key the target lacks',
    fixture: app(exportJson('        - { path: lines, member: lines }\n        - { path: c, member: customer, lookup: { key: mail } }')),
    at: [[FILE, 7, 32], [FILE, 8, 53]],
    message: 'map it with nested fields',
    valid: app(exportJson('        - { path: c, member: customer, lookup: { key: email } }')),
  },
  {
    code: 'PM304',
    severity: 'error',
    what: 'a JSON string for an Integer and an object for an attribute, from a sample',
    fixture: app(exportJson('        - { path: qty, member: quantity }\n        - { path: customer, member: number }', '\n      sample: order.json'), {
      'M/order.json': '{ "qty": "3", "customer": { "email": "a@b.c" } }',
    }),
    at: [[FILE, 8, 17], [FILE, 9, 17]],
    message: 'add a convert',
    valid: app(exportJson('        - { path: qty, member: quantity, convert: {} }\n        - { path: customer.email, member: customer, lookup: { key: email } }', '\n      sample: order.json'), {
      'M/order.json': '{ "qty": "3", "customer": { "email": "a@b.c" } }',
    }),
  },
  {
    code: 'PM304',
    severity: 'error',
    what: 'types from a JSON Schema: a number for a Boolean, a date for a DateTime',
    fixture: app(exportJson('        - { path: paid, member: paid }\n        - { path: at, member: orderedAt }', '\n      schema: order.schema.json'), {
      'M/order.schema.json': JSON.stringify({ type: 'object', properties: { paid: { type: 'integer' }, at: { $ref: '#/$defs/day' } }, $defs: { day: { type: 'string', format: 'date' } } }),
    }),
    at: [[FILE, 8, 17], [FILE, 9, 17]],
    valid: app(exportJson('        - { path: paid, member: quantity }', '\n      schema: order.schema.json'), {
      'M/order.schema.json': JSON.stringify({ type: 'object', properties: { paid: { type: 'integer' } } }),
    }),
  },
  {
    code: 'PM305',
    severity: 'error',
    what: 'required members a creating import never sets, at the root and in a nested level',
    fixture: app(yaml`
      mappings:
        In:
          kind: json
          direction: import
          entity: Order
          fields:
            - { path: number, member: number }
            - path: lines[]
              member: lines
              fields: [{ path: n, member: lineNo }]
    `),
    at: [[FILE, 5, 13], [FILE, 9, 17]],
    message: 'requires orderedAt, customer',
    valid: app(yaml`
      mappings:
        In:
          kind: json
          direction: import
          entity: Order
          key: [number]
          whenMissing: ignore
          fields:
            - { path: number, member: number }
            - path: lines[]
              member: lines
              fields: [{ path: n, member: lineNo }, { path: q, member: qty, default: 1 }]
    `),
  },
  {
    code: 'PM306',
    severity: 'error',
    what: 'paths missing from an XSD: the record path, a field, one alternative of a choice',
    fixture: app(
      'mappings:\n' +
        xmlExport('Xml', '/o:Orders/o:Order', "      - { path: '@number', member: number }\n      - { path: o:Quantity, member: quantity }\n      - { path: o:Mail|o:Email, member: customer, lookup: { key: email } }") +
        xmlExport('Xml2', '/o:Order', "      - { path: '@number', member: number }"),
      { 'M/order.xsd': ORDER_XSD },
    ),
    at: [[FILE, 11, 17], [FILE, 12, 17], [FILE, 19, 13]],
    message: "'o:Quantity' is not in the structure",
    valid: app(
      'mappings:\n' + xmlExport('Xml', '/o:Orders/o:Order', "      - { path: '@number', member: number }\n      - { path: o:Qty, member: quantity }\n      - { path: o:Phone|o:Email, member: customer, lookup: { key: email } }"),
      { 'M/order.xsd': ORDER_XSD },
    ),
  },
  {
    code: 'PM306',
    severity: 'error',
    what: 'a CSV column the sample header lacks',
    fixture: csvWithSample('Qty'),
    at: [[FILE, 9, 19]],
    valid: csvWithSample('Quantity'),
  },
  {
    code: 'PM307',
    severity: 'error',
    what: 'a missing file, a file outside the app, a broken sample',
    fixture: app(exportJson('        - { path: number, member: number }', '\n      schema: nowhere.json').replace('Out:', 'Out:') + yaml`
      |  Out2:
      |    kind: json
      |    direction: export
      |    entity: Order
      |    sample: ../../etc/passwd
      |    fields: [{ path: number, member: number }]
      |  Out3:
      |    kind: xml
      |    direction: export
      |    entity: Order
      |    record: /Order
      |    sample: bad.xml
      |    fields: [{ path: '@number', member: number }]
    `.replace(/^\|/gm, ''), { 'M/bad.xml': '<!DOCTYPE x><Order/>' }),
    at: [[FILE, 6, 13], [FILE, 13, 13], [FILE, 20, 13]],
    valid: app(exportJson('        - { path: number, member: number }')),
  },
  {
    code: 'PM308',
    severity: 'error',
    what: 'a conversion for another type, an unknown time zone, a default of the wrong type',
    fixture: app(exportJson("        - { path: q, member: quantity, convert: { pattern: 'yyyy' } }\n        - { path: at, member: orderedAt, convert: { timeZone: Mars/Olympus } }\n        - { path: s, member: status, default: Shut }")),
    at: [[FILE, 7, 47], [FILE, 8, 49], [FILE, 9, 45]],
    valid: app(exportJson("        - { path: q, member: quantity, convert: { decimal: ',' } }\n        - { path: at, member: orderedAt, convert: { timeZone: Europe/Paris } }\n        - { path: s, member: status, default: Closed }")),
  },
  {
    code: 'PM309',
    severity: 'error',
    what: 'a collection path without [], [] on one value, a bad XML record path',
    fixture: app(exportJson("        - { path: 'number[]', member: number }\n        - path: lines\n          member: lines\n          fields: [{ path: n, member: lineNo }]") + yaml`
      |  X:
      |    kind: xml
      |    direction: export
      |    entity: Order
      |    record: /p:Order
      |    fields: [{ path: '@n', member: number }]
    `.replace(/^\|/gm, '')),
    at: [[FILE, 7, 17], [FILE, 8, 15], [FILE, 15, 13]],
    valid: app(exportJson('        - { path: number, member: number }\n        - path: lines[]\n          member: lines\n          fields: [{ path: n, member: lineNo }]')),
  },
  {
    code: 'PM310',
    severity: 'error',
    what: 'positions with a by-name match mode',
    fixture: app(yaml`
      mappings:
        Csv:
          kind: csv
          direction: export
          entity: Order
          match: superset
          fields:
            - { column: 1, member: number }
    `),
    at: [[FILE, 8, 19]],
    valid: app(yaml`
      mappings:
        Csv:
          kind: csv
          direction: export
          entity: Order
          match: superset
          fields:
            - { column: Number, member: number }
    `),
  },
  {
    code: 'PM311',
    severity: 'error',
    what: 'a mapping name taken in another file of the module',
    fixture: app(exportJson('        - { path: number, member: number }'), { 'M/more.yaml': exportJson('        - { path: n, member: number }') }),
    at: [['M/more.yaml', 2, 3]],
    valid: app(exportJson('        - { path: number, member: number }'), { 'M/more.yaml': exportJson('        - { path: n, member: number }').replace('Out:', 'Out2:') }),
  },
  {
    code: 'PM312',
    severity: 'error',
    what: 'a key on a non-persistent entity',
    fixture: app(yaml`
      mappings:
        N:
          kind: json
          entity: Notice
          key: [sku]
          fields: [{ path: sku, member: sku }]
    `),
    at: [[FILE, 5, 10]],
    valid: app(yaml`
      mappings:
        N:
          kind: json
          entity: Notice
          fields: [{ path: sku, member: sku }]
    `),
  },
  {
    code: 'PM313',
    severity: 'warning',
    what: 'a root key that is not unique',
    fixture: app(yaml`
      mappings:
        In:
          kind: json
          direction: import
          entity: Customer
          key: [name]
          fields: [{ path: email, member: email }, { path: name, member: name }]
    `),
    at: [[FILE, 6, 10]],
    valid: app(yaml`
      mappings:
        In:
          kind: json
          direction: import
          entity: Customer
          key: [email]
          fields: [{ path: email, member: email }, { path: name, member: name }]
    `),
  },
  {
    code: 'PM314',
    severity: 'error',
    what: 'one member set by two fields',
    fixture: app(exportJson('        - { path: number, member: number }\n        - { path: no, member: number }')),
    at: [[FILE, 8, 29]],
    valid: app(exportJson('        - { path: number, member: number }')),
  },
  {
    code: 'PM315',
    severity: 'error',
    what: 'a key member no field sets',
    fixture: app(yaml`
      mappings:
        In:
          kind: json
          direction: import
          entity: Customer
          key: [email]
          whenMissing: error
          fields: [{ path: name, member: name }]
    `),
    at: [[FILE, 6, 11]],
    valid: app(yaml`
      mappings:
        In:
          kind: json
          direction: import
          entity: Customer
          key: [email]
          whenMissing: error
          fields: [{ path: name, member: name }, { path: email, member: email }]
    `),
  },
]

describeRuleCases('mapping rules', cases, PLATFORM)
