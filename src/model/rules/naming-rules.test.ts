import { describe, expect, it } from 'vitest'
import { checkFixture, describeRuleCases, yaml } from '../../../test/support/model-fixture.js'

describeRuleCases('naming rules', [
  {
    code: 'PD101',
    severity: 'error',
    what: 'an attribute name that is not an identifier',
    fixture: yaml`
      entities:
        Order:
          attributes:
            unit-price: Integer
    `,
    at: [[4, 7]],
    message: "attribute 'unit-price' of M.Order is not an identifier",
    valid: yaml`
      entities:
        Order:
          attributes:
            unitPrice: Integer
    `,
  },
  {
    code: 'PD101',
    severity: 'error',
    what: 'entity, association and inverse names that are not identifiers',
    fixture: yaml`
      entities:
        Order Line:
          associations:
            1st: { target: Order Line, inverse: next-lines }
    `,
    at: [
      [2, 3],
      [4, 7],
      [4, 43],
    ],
    valid: yaml`
      entities:
        OrderLine:
          associations:
            first: { target: OrderLine, inverse: nextLines }
    `,
  },
  {
    code: 'PD102',
    severity: 'warning',
    what: 'an entity name that is not PascalCase',
    fixture: yaml`
      enums:
        order_status: [Open]
      entities:
        order_line:
          attributes:
            status: Enum(order_status)
    `,
    at: [
      [2, 3],
      [4, 3],
    ],
    message: "enumeration 'order_status' of module M is not PascalCase; write 'OrderStatus'",
    valid: yaml`
      enums:
        OrderStatus: [Open]
      entities:
        OrderLine:
          attributes:
            status: Enum(OrderStatus)
    `,
  },
  {
    code: 'PD103',
    severity: 'error',
    what: 'an entity declared in two files of one module',
    fixture: { 'M/a.yaml': 'entities:\n  Order: {}\n', 'M/b.yaml': 'entities:\n  Customer: {}\n  Order: {}\n' },
    at: [['M/b.yaml', 3, 3]],
    message: 'entity M.Order is declared twice, first at M/a.yaml:2:3',
    valid: { 'M/a.yaml': 'entities:\n  Order: {}\n', 'M/b.yaml': 'entities:\n  Customer: {}\n' },
  },
  {
    code: 'PD104',
    severity: 'error',
    what: 'an enumeration declared in two files of one module',
    fixture: { 'M/a.yaml': 'enums:\n  Status: [Open]\n', 'M/b.yaml': 'enums:\n  Status: [Closed]\n' },
    at: [['M/b.yaml', 2, 3]],
    message: 'enumeration M.Status is declared twice, first at M/a.yaml:2:3',
    valid: { 'M/a.yaml': 'enums:\n  Status: [Open, Closed]\n', 'M/b.yaml': 'enums:\n  Priority: [Low, High]\n' },
  },
  {
    code: 'PD105',
    severity: 'error',
    what: 'an entity and an enumeration with one name',
    fixture: yaml`
      enums:
        Status: [Open, Closed]
      entities:
        Status:
          attributes:
            code: String(10)
    `,
    at: [[4, 3]],
    message: 'enumeration M.Status (M/domain.yaml:2:3) and entity M.Status (M/domain.yaml:4:3) share a name',
    valid: yaml`
      enums:
        Status: [Open, Closed]
      entities:
        StatusRecord:
          attributes:
            code: String(10)
    `,
  },
  {
    code: 'PD106',
    severity: 'error',
    what: 'an attribute and an association with one name',
    fixture: yaml`
      entities:
        Customer: {}
        Order:
          attributes:
            customer: String(20)
          associations:
            customer: { target: Customer }
    `,
    at: [[7, 7]],
    message: "association 'customer' of M.Order has the name of an attribute of the same entity",
    valid: yaml`
      entities:
        Customer: {}
        Order:
          attributes:
            customerName: String(20)
          associations:
            customer: { target: Customer }
    `,
  },
  {
    code: 'PD107',
    severity: 'error',
    what: 'system member names and reserved prefixes',
    fixture: yaml`
      entities:
        PorticoLog:
          attributes:
            createdAt: DateTime
            $meta: String(10)
            '@type': String(10)
          associations:
            version: { target: PorticoLog, inverse: id }
    `,
    at: [
      [2, 3],
      [4, 7],
      [5, 7],
      [6, 7],
      [8, 7],
      [8, 47],
    ],
    message: "entity 'PorticoLog' of module M starts with 'portico', which is reserved for the runtime",
    valid: yaml`
      entities:
        AuditLog:
          attributes:
            loggedAt: DateTime
            meta: String(10)
            kind: String(10)
          associations:
            previous: { target: AuditLog, inverse: next }
    `,
  },
  {
    code: 'PD108',
    severity: 'error',
    what: 'members whose column names collide after snake_casing',
    fixture: yaml`
      entities:
        Category: {}
        Product:
          attributes:
            unitPrice: Integer
            unit_price: Integer
            category_id: Long
            created_at: DateTime
          associations:
            category: { target: Category }
    `,
    at: [
      [6, 7],
      [8, 7],
      [10, 7],
    ],
    message: "attribute 'unit_price' of M.Product maps to column 'unit_price', as does attribute 'unitPrice' of M.Product (M/domain.yaml:5:7)",
    valid: yaml`
      entities:
        Category: {}
        Product:
          attributes:
            unitPrice: Integer
            listPrice: Integer
            categoryCode: Long
          associations:
            category: { target: Category }
    `,
  },
  {
    code: 'PD109',
    severity: 'error',
    what: 'entities and junction tables whose table names collide',
    fixture: yaml`
      entities:
        OrderLine: {}
        Order_Line: {}
        Product:
          associations:
            tags: { kind: referenceSet, target: OrderLine }
        ProductTags: {}
    `,
    at: [
      [3, 3],
      [6, 7],
    ],
    message: "entity M.Order_Line maps to table 'm_order_line', as does entity M.OrderLine (M/domain.yaml:2:3)",
    valid: yaml`
      entities:
        OrderLine: {}
        Product:
          associations:
            tags: { kind: referenceSet, target: OrderLine }
        ProductTag: {}
    `,
  },
])

describe('naming rules, details', () => {
  it('reports a name starting with $ once, as reserved (PD107), not also as a non-identifier', () => {
    const { diagnostics } = checkFixture('entities:\n  A:\n    attributes:\n      $x: Integer\n')
    expect(diagnostics.filter((d) => d.code === 'PD101' || d.code === 'PD107').map((d) => d.code)).toEqual(['PD107'])
  })

  it('compares table names as PostgreSQL keeps them, cut to 63 characters', () => {
    const long = 'Archived'.repeat(8)
    const { diagnostics } = checkFixture(`entities:\n  ${long}First: {}\n  ${long}Second: {}\n`)
    const found = diagnostics.filter((d) => d.code === 'PD109')
    expect(found).toEqual([expect.objectContaining({ line: 3, column: 3 })])
    expect(found[0]?.message).toContain('PostgreSQL keeps only the first 63 characters')
  })

  it('does not report a declared system name again as a column collision', () => {
    const { diagnostics } = checkFixture('entities:\n  A:\n    attributes:\n      id: Integer\n')
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['PD107'])
  })
})
