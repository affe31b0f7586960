/**
 * A random dataset over the example model for property tests: categories (a tree), tags,
 * products, customers, orders and lines, with nulls, edge values and awkward strings
 * (`%`, `_`, quotes, backslashes, mixed case, a few non-ASCII characters).
 */
import fc from 'fast-check'
import { chance, DATE_TIMES, DATES, DECIMALS, NAMES, pick } from './literal-pools.js'

type Gen = fc.GeneratorValue
type Rows = Record<string, unknown>[]

const maybe = <T>(g: Gen, value: T, percent = 25): T | null => (chance(g, percent) ? null : value)
const ref = (g: Gen, n: number): number => 1 + g(fc.nat, { max: n - 1 })
const size = (g: Gen, min: number, max: number): number => g(fc.integer, { min, max })
const text = (g: Gen): string => pick(g, NAMES)
const instants = DATE_TIMES.filter((t) => t.endsWith('Z'))

function catalogue(g: Gen): { categories: Rows; tags: Rows; products: Rows } {
  const categories = Array.from({ length: size(g, 3, 6) }, (_, i) => ({ id: i + 1, code: `C${i}`, name: text(g), description: maybe(g, text(g)), parent: i === 0 ? null : maybe(g, ref(g, i), 40) }))
  const tags = Array.from({ length: size(g, 3, 6) }, (_, i) => ({ id: i + 1, label: `${text(g)}#${i}` }))
  const products = Array.from({ length: size(g, 10, 22) }, (_, i) => ({
    id: i + 1,
    sku: `${text(g)}-${i}`,
    name: text(g),
    description: maybe(g, text(g)),
    price: pick(g, DECIMALS),
    stock: pick(g, [0, 1, 2, 3, 7, 10, 100, -3]),
    status: pick(g, ['Draft', 'Active', 'Retired']),
    releasedOn: maybe(g, pick(g, DATES)),
    weightKg: maybe(g, pick(g, DECIMALS), 35),
    category: maybe(g, ref(g, categories.length), 20),
    createdAt: pick(g, instants),
    tags: [...new Set(Array.from({ length: g(fc.nat, { max: 3 }) }, () => ref(g, tags.length)))],
  }))
  return { categories, tags, products }
}

function sales(g: Gen, products: number): { customers: Rows; orders: Rows; lines: Rows } {
  const customers = Array.from({ length: size(g, 3, 6) }, (_, i) => ({ id: i + 1, customerNumber: maybe(g, i + 1), email: `c${i}@x.example`, name: text(g), country: maybe(g, pick(g, ['DE', 'FR', 'us'])), vip: chance(g, 40) }))
  const orders = Array.from({ length: size(g, 6, 14) }, (_, i) => ({
    id: i + 1,
    number: `SO-${text(g)}-${i}`,
    status: pick(g, ['Open', 'Paid', 'Shipped', 'Cancelled']),
    orderedAt: pick(g, instants),
    total: pick(g, DECIMALS),
    note: maybe(g, text(g), 50),
    customer: ref(g, customers.length),
  }))
  const lines = orders
    .flatMap((o) => Array.from({ length: g(fc.nat, { max: 3 }) }, (_, n) => ({ order: o.id, lineNo: n + 1, quantity: pick(g, [1, 2, 3, 5]), unitPrice: pick(g, DECIMALS), product: ref(g, products) })))
    .map((l, i) => ({ id: i + 1, ...l }))
  return { customers, orders, lines }
}

/** Rows by entity with ids 1…n in insertion order; reference sets as arrays of ids. */
export function datasetArbitrary(): fc.Arbitrary<Map<string, Rows>> {
  return fc.gen().map((g) => {
    const { categories, tags, products } = catalogue(g)
    const { customers, orders, lines } = sales(g, products.length)
    return new Map<string, Rows>([
      ['Catalog.Category', categories],
      ['Catalog.Tag', tags],
      ['Catalog.Product', products],
      ['Sales.Customer', customers],
      ['Sales.Order', orders],
      ['Sales.OrderLine', lines],
    ])
  })
}
