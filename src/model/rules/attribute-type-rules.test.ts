import { describeRuleCases, yaml } from '../../../test/support/model-fixture.js'

describeRuleCases('attribute type rules', [
  {
    code: 'PD110',
    severity: 'error',
    what: 'an unknown type, listing the allowed ones',
    fixture: yaml`
      entities:
        A:
          attributes:
            x: Strin(20)
            y: { type: 'Decimal(10,2,1)', required: true }
    `,
    at: [
      [4, 10],
      [5, 18],
    ],
    message: "attribute 'x' of M.A has unknown type 'Strin(20)'; allowed: String(n), Text, Integer",
    valid: yaml`
      entities:
        A:
          attributes:
            x: String(20)
            y: { type: 'Decimal(10,2)', required: true }
    `,
  },
  {
    code: 'PD111',
    severity: 'error',
    what: 'a String length of 0 or above the varchar limit',
    fixture: yaml`
      entities:
        A:
          attributes:
            x: String(0)
            y: { type: String(10485761) }
    `,
    at: [
      [4, 10],
      [5, 18],
    ],
    message: 'a String holds 1 to 10485760 characters: use Text for longer values',
    valid: yaml`
      entities:
        A:
          attributes:
            x: String(1)
            y: { type: String(10485760) }
    `,
  },
  {
    code: 'PD112',
    severity: 'error',
    what: 'a Decimal precision above 38 or a scale above the precision',
    fixture: yaml`
      entities:
        A:
          attributes:
            x: 'Decimal(40,2)'
            y: 'Decimal(4,6)'
            z: Decimal(0)
    `,
    at: [
      [4, 10],
      [5, 10],
      [6, 10],
    ],
    message: 'has type Decimal(40,2); Decimal(p,s) needs precision 1 to 38 and scale 0 to the precision',
    valid: yaml`
      entities:
        A:
          attributes:
            x: 'Decimal(15,2)'
            y: 'Decimal(6,6)'
            z: Decimal(1)
    `,
  },
  {
    code: 'PD113',
    severity: 'warning',
    what: 'a Decimal precision beyond the 15 digits of a JSON number',
    fixture: yaml`
      entities:
        A:
          attributes:
            x: 'Decimal(20,4)'
            y: 'Decimal(16,2)'
    `,
    at: [
      [4, 10],
      [5, 10],
    ],
    message: 'values travel as JSON numbers that keep only 15 significant digits; use a precision of at most 15, e.g. Decimal(15,4)',
    valid: yaml`
      entities:
        A:
          attributes:
            x: 'Decimal(15,4)'
            y: Decimal
    `,
  },
  {
    code: 'PD114',
    severity: 'error',
    what: 'an Enum of an unknown enumeration, suggesting the closest name',
    fixture: yaml`
      enums:
        OrderStatus: [Open, Paid]
      entities:
        Order:
          attributes:
            status: Enum(OrderStatu)
            kind: { type: Enum(Other.Kind) }
    `,
    at: [
      [6, 15],
      [7, 21],
    ],
    message: "has type Enum(M.OrderStatu), but enumeration M.OrderStatu does not exist; did you mean 'M.OrderStatus'?",
    valid: yaml`
      enums:
        OrderStatus: [Open, Paid]
        Kind: [A, B]
      entities:
        Order:
          attributes:
            status: Enum(OrderStatus)
            kind: { type: Enum(Kind) }
    `,
  },
])
