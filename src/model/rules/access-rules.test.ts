import { describeRuleCases, yaml } from '../../../test/support/model-fixture.js'

describeRuleCases('access rules', [
  {
    code: 'PD146',
    severity: 'error',
    what: 'a role the app file does not declare, suggesting the closest',
    fixture: yaml`
      entities:
        Order:
          access:
            - { roles: [Admin, Clark], allow: [read] }
            - roles: [Auditor]
              allow: [read]
    `,
    at: [
      [4, 26],
      [5, 17],
    ],
    message: "role 'Clark' in an access rule of M.Order is not declared under roles in portico.yaml; did you mean 'Clerk'?",
    valid: yaml`
      entities:
        Order:
          access:
            - { roles: [Admin, Clerk], allow: [read] }
    `,
  },
  {
    code: 'PD147',
    severity: 'error',
    what: 'readable and writable members that do not exist',
    fixture: yaml`
      entities:
        Customer: {}
        Order:
          attributes:
            number: String(20)
          associations:
            customer: { target: Customer, inverse: orders }
          access:
            - { roles: [Admin], allow: [read, update], readable: [nmber, customer], writable: [custmer] }
    `,
    at: [
      [9, 61],
      [9, 90],
    ],
    message: "readable member 'nmber' in an access rule of M.Order is not an attribute or association of it; did you mean 'number'?",
    valid: yaml`
      entities:
        Customer:
          access:
            - { roles: [Admin], allow: [read], readable: [orders, createdAt] }
        Order:
          attributes:
            number: String(20)
          associations:
            customer: { target: Customer, inverse: orders }
          access:
            - { roles: [Admin], allow: [read, update], readable: [number, customer], writable: [customer] }
    `,
  },
  {
    code: 'PD148',
    severity: 'error',
    what: 'writable system members, AutoNumbers and inverse navigations',
    fixture: yaml`
      entities:
        Customer:
          attributes:
            number: AutoNumber
            name: String(50)
          access:
            - { roles: [Admin], allow: [update], writable: [name, version, number, orders] }
        Order:
          associations:
            customer: { target: Customer, inverse: orders }
    `,
    at: [
      [7, 61],
      [7, 70],
      [7, 78],
    ],
    message: "writable member 'version' in an access rule of M.Customer is a system member the runtime maintains; remove it from writable",
    valid: yaml`
      entities:
        Customer:
          attributes:
            number: AutoNumber
            name: String(50)
          access:
            - { roles: [Admin], allow: [update], writable: [name], readable: [name, version, number, orders] }
        Order:
          associations:
            customer: { target: Customer, inverse: orders }
    `,
  },
  {
    code: 'PD149',
    severity: 'warning',
    what: 'access rules on a non-persistent entity',
    fixture: yaml`
      entities:
        Search:
          persistent: false
          access:
            - { roles: [Admin], allow: [read] }
            - { roles: [Clerk], allow: [read] }
    `,
    at: [[5, 9]],
    message: 'M.Search is not persistent, so its access rules have no effect',
    valid: yaml`
      entities:
        Search:
          persistent: false
    `,
  },
  {
    code: 'PD150',
    severity: 'warning',
    what: 'a persistent entity without access rules',
    fixture: yaml`
      entities:
        Order:
          attributes:
            number: String(20)
    `,
    at: [[2, 3]],
    message: 'deny by default: no role can reach M.Order through a published service',
    valid: yaml`
      entities:
        Order:
          attributes:
            number: String(20)
          access:
            - { roles: [Admin], allow: [read] }
    `,
  },
])
