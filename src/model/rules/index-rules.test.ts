import { describeRuleCases, yaml } from '../../../test/support/model-fixture.js'

describeRuleCases('index rules', [
  {
    code: 'PD137',
    severity: 'error',
    what: 'index members that are not columns: a typo and a referenceSet',
    fixture: yaml`
      entities:
        Tag: {}
        Product:
          attributes:
            name: String(50)
          associations:
            tags: { kind: referenceSet, target: Tag }
          indexes:
            - { members: [nme, tags] }
    `,
    at: [
      [9, 21],
      [9, 26],
    ],
    message: "index member 'nme' of M.Product is not an attribute or reference of the entity; did you mean 'name'?",
    valid: yaml`
      entities:
        Tag: {}
        Product:
          attributes:
            name: String(50)
          associations:
            tags: { kind: referenceSet, target: Tag }
          indexes:
            - { members: [name] }
    `,
  },
  {
    code: 'PD138',
    severity: 'error',
    what: 'an index repeating another, a unique attribute’s or a reference’s index',
    fixture: yaml`
      entities:
        Customer: {}
        Order:
          attributes:
            number: { type: String(20), unique: true }
            day: Date
          associations:
            customer: { target: Customer }
          indexes:
            - { members: [day, number] }
            - { members: [day, number], unique: true }
            - { members: [customer] }
            - { members: [number], unique: true }
    `,
    at: [
      [11, 9],
      [12, 9],
      [13, 9],
    ],
    message: 'index (day, number) of M.Order repeats the index at M/domain.yaml:10:9; remove one',
    valid: yaml`
      entities:
        Customer: {}
        Order:
          attributes:
            number: { type: String(20), unique: true }
            day: Date
          associations:
            customer: { target: Customer }
          indexes:
            - { members: [day, number] }
            - { members: [customer, day] }
    `,
  },
  {
    code: 'PD139',
    severity: 'error',
    what: 'an index on a non-persistent entity',
    fixture: yaml`
      entities:
        Search:
          persistent: false
          attributes:
            text: String(50)
          indexes:
            - { members: [text] }
    `,
    at: [[7, 9]],
    message: 'M.Search is not persistent, so it has no table for index (text)',
    valid: yaml`
      entities:
        Search:
          persistent: false
          attributes:
            text: String(50)
    `,
  },
  {
    code: 'PD140',
    severity: 'error',
    what: 'a Binary index member',
    fixture: yaml`
      entities:
        Document:
          attributes:
            name: String(50)
            content: Binary
          indexes:
            - { members: [name, content] }
    `,
    at: [[7, 27]],
    message: "index member 'content' of M.Document is Binary, which cannot be indexed",
    valid: yaml`
      entities:
        Document:
          attributes:
            name: String(50)
            content: Binary
          indexes:
            - { members: [name] }
    `,
  },
  {
    code: 'PD141',
    severity: 'warning',
    what: 'a Text index member',
    fixture: yaml`
      entities:
        Document:
          attributes:
            body: Text
          indexes:
            - members:
                - body
    `,
    at: [[7, 13]],
    message: "index member 'body' of M.Document is Text",
    valid: yaml`
      entities:
        Document:
          attributes:
            body: String(500)
          indexes:
            - members:
                - body
    `,
  },
])
