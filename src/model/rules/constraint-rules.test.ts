import { describeRuleCases, yaml } from '../../../test/support/model-fixture.js'

describeRuleCases('constraint rules', [
  {
    code: 'PD117',
    severity: 'error',
    what: 'min or max on types without an order',
    fixture: yaml`
      entities:
        A:
          attributes:
            flag: { type: Boolean, min: 0 }
            body: { type: Text, max: 10 }
    `,
    at: [
      [4, 35],
      [5, 32],
    ],
    message: "attribute 'flag' of M.A has min, but Boolean values have no order; min and max apply to String, Integer, Long, Decimal, Date, DateTime",
    valid: yaml`
      entities:
        A:
          attributes:
            flag: { type: Boolean }
            body: { type: Text, maxLength: 10 }
    `,
  },
  {
    code: 'PD118',
    severity: 'error',
    what: 'min or max that is not a value of the type',
    fixture: yaml`
      entities:
        A:
          attributes:
            price: { type: 'Decimal(5,2)', min: abc }
            day: { type: Date, max: '2024-13-01' }
            count: { type: Integer, max: 1.5 }
    `,
    at: [
      [4, 43],
      [5, 31],
      [6, 36],
    ],
    message: "min 'abc' of attribute 'price' of M.A is not a Decimal(5,2) value: expected a number, got 'abc'",
    valid: yaml`
      entities:
        A:
          attributes:
            price: { type: 'Decimal(5,2)', min: 0 }
            day: { type: Date, max: '2024-12-01' }
            count: { type: Integer, max: 2 }
    `,
  },
  {
    code: 'PD119',
    severity: 'error',
    what: 'min greater than max',
    fixture: yaml`
      entities:
        A:
          attributes:
            n: { type: Integer, min: 10, max: 5 }
            d: { type: Date, min: '2024-06-01', max: '2024-01-01' }
            t: { type: DateTime, min: '2024-01-01T10:00:00+02:00', max: '2024-01-01T07:30:00Z' }
    `,
    at: [
      [4, 32],
      [5, 29],
      [6, 33],
    ],
    message: "min 10 of attribute 'n' of M.A is greater than its max 5",
    valid: yaml`
      entities:
        A:
          attributes:
            n: { type: Integer, min: 5, max: 10 }
            d: { type: Date, min: '2024-01-01', max: '2024-06-01' }
            t: { type: DateTime, min: '2024-01-01T10:00:00+02:00', max: '2024-01-01T08:00:00Z' }
    `,
  },
  {
    code: 'PD120',
    severity: 'error',
    what: 'minLength or maxLength on a type that is not text',
    fixture: yaml`
      entities:
        A:
          attributes:
            n: { type: Integer, maxLength: 5 }
    `,
    at: [[4, 38]],
    message: "attribute 'n' of M.A has maxLength, but Integer values have no length; minLength and maxLength apply to String and Text; use min and max",
    valid: yaml`
      entities:
        A:
          attributes:
            n: { type: Integer, max: 99999 }
    `,
  },
  {
    code: 'PD121',
    severity: 'error',
    what: 'minLength greater than maxLength',
    fixture: yaml`
      entities:
        A:
          attributes:
            s: { type: String(20), minLength: 10, maxLength: 5 }
    `,
    at: [[4, 41]],
    message: "minLength 10 of attribute 's' of M.A is greater than its maxLength 5",
    valid: yaml`
      entities:
        A:
          attributes:
            s: { type: String(20), minLength: 5, maxLength: 10 }
    `,
  },
  {
    code: 'PD122',
    severity: 'error',
    what: 'maxLength or minLength above the String length',
    fixture: yaml`
      entities:
        A:
          attributes:
            s: { type: String(20), maxLength: 30 }
            t: { type: String(2), minLength: 3 }
    `,
    at: [
      [4, 41],
      [5, 40],
    ],
    message: "maxLength 30 of attribute 's' of M.A exceeds its type String(20), which holds at most 20 characters",
    valid: yaml`
      entities:
        A:
          attributes:
            s: { type: String(30), maxLength: 30 }
            t: { type: String(3), minLength: 3 }
    `,
  },
  {
    code: 'PD123',
    severity: 'error',
    what: 'a pattern that is not a valid regular expression, with the engine’s error',
    fixture: yaml`
      entities:
        A:
          attributes:
            s: { type: String(20), pattern: '[a-' }
            t: { type: String(20), pattern: 'a)(b' }
    `,
    at: [
      [4, 39],
      [5, 39],
    ],
    message: "pattern '[a-' of attribute 's' of M.A is not a valid JavaScript regular expression: Invalid regular expression",
    valid: yaml`
      entities:
        A:
          attributes:
            s: { type: String(20), pattern: '[a-z]' }
            t: { type: String(20), pattern: 'a(b)' }
    `,
  },
  {
    code: 'PD124',
    severity: 'error',
    what: 'a pattern on a type that is not text',
    fixture: yaml`
      entities:
        A:
          attributes:
            n: { type: Integer, pattern: '^\d+$' }
    `,
    at: [[4, 36]],
    message: "attribute 'n' of M.A has a pattern, but it is Integer; patterns apply to String and Text",
    valid: yaml`
      entities:
        A:
          attributes:
            n: { type: String(10), pattern: '^\d+$' }
    `,
  },
  {
    code: 'PD126',
    severity: 'error',
    what: 'unique on Boolean and Binary attributes',
    fixture: yaml`
      entities:
        A:
          attributes:
            flag: { type: Boolean, unique: true }
            data: { type: Binary, unique: true }
    `,
    at: [
      [4, 38],
      [5, 37],
    ],
    message: "attribute 'flag' of M.A is unique, but a unique Boolean allows at most two objects",
    valid: yaml`
      entities:
        A:
          attributes:
            flag: { type: Boolean }
            data: { type: Binary }
    `,
  },
  {
    code: 'PD127',
    severity: 'warning',
    what: 'unique on a Text attribute',
    fixture: yaml`
      entities:
        A:
          attributes:
            body: { type: Text, unique: true }
    `,
    at: [[4, 35]],
    message: "attribute 'body' of M.A is a unique Text",
    valid: yaml`
      entities:
        A:
          attributes:
            body: { type: String(500), unique: true }
    `,
  },
])
