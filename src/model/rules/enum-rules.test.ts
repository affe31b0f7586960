import { describeRuleCases, yaml } from '../../../test/support/model-fixture.js'

const USES_STATUS = yaml`
  entities:
    A:
      attributes:
        status: Enum(Status)
`

describeRuleCases('enumeration rules', [
  {
    code: 'PD142',
    severity: 'error',
    what: 'an enumeration without values',
    fixture: `enums:\n  Status: []\n  Kind: { values: [] }\n${USES_STATUS}`,
    at: [
      [2, 3],
      [3, 3],
    ],
    message: 'enumeration M.Status has no values',
    valid: `enums:\n  Status: [Open]\n  Kind: { values: [A] }\n${USES_STATUS}`,
  },
  {
    code: 'PD143',
    severity: 'error',
    what: 'a value listed twice',
    fixture: `enums:\n  Status: [Open, Paid, Open]\n${USES_STATUS}`,
    at: [[2, 24]],
    message: "value 'Open' of enumeration M.Status is listed twice, first at M/domain.yaml:2:12",
    valid: `enums:\n  Status: [Open, Paid]\n${USES_STATUS}`,
  },
  {
    code: 'PD144',
    severity: 'error',
    what: 'value names that are not identifiers, in both value forms',
    fixture: `enums:\n  Status:\n    values:\n      - Open\n      - in progress\n      - { name: on-hold, caption: On hold }\n${USES_STATUS}`,
    at: [
      [5, 9],
      [6, 17],
    ],
    message: "value 'in progress' of enumeration M.Status is not an identifier: names start with a letter and contain only letters, digits and '_'; put display text in a caption, e.g. { name: InProgress, caption: in progress }",
    valid: `enums:\n  Status:\n    values:\n      - Open\n      - { name: InProgress, caption: in progress }\n      - { name: OnHold, caption: On hold }\n${USES_STATUS}`,
  },
  {
    code: 'PD145',
    severity: 'info',
    what: 'an enumeration no attribute uses',
    fixture: `enums:\n  Status: [Open]\n  Priority: [Low, High]\n${USES_STATUS}`,
    at: [[3, 3]],
    message: 'enumeration M.Priority is not used by any attribute; use it with Enum(Priority) or remove it',
    valid: `enums:\n  Status: [Open]\n${USES_STATUS}`,
  },
])
