import { describeRuleCases, yaml } from '../../../test/support/model-fixture.js'

describeRuleCases('association rules', [
  {
    code: 'PD129',
    severity: 'error',
    what: 'targets that do not exist, suggesting the closest entity',
    fixture: yaml`
      entities:
        Customer: {}
        Order:
          associations:
            customer: { target: Custmer }
            product: { target: Catalog.Product }
            invoice: { target: Invoice }
    `,
    at: [
      [5, 27],
      [6, 26],
      [7, 26],
    ],
    message: "association 'customer' of M.Order targets 'M.Custmer', which does not exist; did you mean 'M.Customer'?",
    valid: yaml`
      entities:
        Customer: {}
        Order:
          associations:
            customer: { target: Customer }
    `,
  },
  {
    code: 'PD130',
    severity: 'error',
    what: 'a persistent entity referring to a non-persistent one, and an inverse onto a persistent entity',
    fixture: yaml`
      entities:
        Cart: { persistent: false }
        Order:
          associations:
            cart: { target: Cart }
        Search:
          persistent: false
          associations:
            order: { target: Order, inverse: searches }
    `,
    at: [
      [5, 23],
      [9, 40],
    ],
    message: "association 'cart' of M.Order targets non-persistent M.Cart, but M.Order is persistent",
    valid: yaml`
      entities:
        Cart: {}
        Order:
          associations:
            cart: { target: Cart }
        Search:
          persistent: false
          associations:
            order: { target: Order }
    `,
  },
  {
    code: 'PD131',
    severity: 'error',
    what: 'onDelete setNull on a required reference',
    fixture: yaml`
      entities:
        Customer: {}
        Order:
          associations:
            customer: { target: Customer, required: true, onDelete: setNull }
    `,
    at: [[5, 63]],
    message: "association 'customer' of M.Order is required but has onDelete: setNull",
    valid: yaml`
      entities:
        Customer: {}
        Order:
          associations:
            customer: { target: Customer, required: true, onDelete: prevent }
    `,
  },
  {
    code: 'PD132',
    severity: 'error',
    what: 'onDelete setNull on a referenceSet',
    fixture: yaml`
      entities:
        Tag: {}
        Product:
          associations:
            tags: { kind: referenceSet, target: Tag, onDelete: setNull }
    `,
    at: [[5, 58]],
    message: "association 'tags' of M.Product is a referenceSet with onDelete: setNull",
    valid: yaml`
      entities:
        Tag: {}
        Product:
          associations:
            tags: { kind: referenceSet, target: Tag, onDelete: cascade }
    `,
  },
  {
    code: 'PD133',
    severity: 'error',
    what: 'required on a referenceSet',
    fixture: yaml`
      entities:
        Tag: {}
        Product:
          associations:
            tags: { kind: referenceSet, target: Tag, required: true }
    `,
    at: [[5, 58]],
    message: "association 'tags' of M.Product is a referenceSet and cannot be required",
    valid: yaml`
      entities:
        Tag: {}
        Product:
          associations:
            tags: { kind: referenceSet, target: Tag }
    `,
  },
  {
    code: 'PD134',
    severity: 'error',
    what: 'inverse names that collide with an attribute, another inverse, or the association itself',
    fixture: yaml`
      entities:
        Customer:
          attributes:
            orders: Integer
        Order:
          associations:
            customer: { target: Customer, inverse: orders }
        Invoice:
          associations:
            customer: { target: Customer, inverse: invoices }
        Note:
          associations:
            customer: { target: Customer, inverse: invoices }
        Category:
          associations:
            parent: { target: Category, inverse: parent }
    `,
    at: [
      [7, 46],
      [13, 46],
      [16, 44],
    ],
    message: "inverse 'orders' of association 'customer' of M.Order collides with attribute 'orders', already a member of M.Customer",
    valid: yaml`
      entities:
        Customer:
          attributes:
            orderCount: Integer
        Order:
          associations:
            customer: { target: Customer, inverse: orders }
        Invoice:
          associations:
            customer: { target: Customer, inverse: invoices }
        Note:
          associations:
            customer: { target: Customer, inverse: notes }
        Category:
          associations:
            parent: { target: Category, inverse: children }
    `,
  },
  {
    code: 'PD135',
    severity: 'error',
    what: 'a required reference and a required one-to-one to the own entity',
    fixture: yaml`
      entities:
        Category:
          associations:
            parent: { target: Category, required: true }
        Person:
          associations:
            twin: { kind: oneToOne, target: Person, required: true }
    `,
    at: [
      [4, 45],
      [7, 57],
    ],
    message: "association 'parent' of M.Category is a required reference to its own entity: the first M.Category can never be created",
    valid: yaml`
      entities:
        Category:
          associations:
            parent: { target: Category }
        Person:
          associations:
            twin: { kind: oneToOne, target: Person }
    `,
  },
  {
    code: 'PD136',
    severity: 'error',
    what: 'a cycle of required references, once, at its first association',
    fixture: yaml`
      entities:
        A:
          associations:
            b: { target: B, required: true }
        B:
          associations:
            c: { target: C, required: true }
        C:
          associations:
            a: { kind: oneToOne, target: A, required: true }
    `,
    at: [[4, 33]],
    message: 'required references form a cycle through M.A, M.B, M.C: each object needs an existing object of the next, so none can be created first; make one of M.A.b, M.B.c, M.C.a optional',
    valid: yaml`
      entities:
        A:
          associations:
            b: { target: B, required: true }
        B:
          associations:
            c: { target: C, required: true }
        C:
          associations:
            a: { kind: oneToOne, target: A }
    `,
  },
])
