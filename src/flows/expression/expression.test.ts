import { describe, expect, it } from 'vitest'
import { indexModel, type AppModel } from '../../model/index.js'
import { checkFixture } from '../../../test/support/model-fixture.js'
import { checkExpression } from './check-expression.js'
import { compileExpression, type EvaluationEnv } from './compile-expression.js'
import { ANY, describeType, objectOf, type FlowType } from './flow-types.js'
import { isProblem, parseExpression } from './parse-expression.js'

const MODEL = `
enums:
  Status: [Open, Paid]
entities:
  Customer:
    attributes:
      name: { type: String(50), required: true }
  Order:
    attributes:
      number: { type: String(20), required: true, unique: true }
      status: { type: Enum(Status), required: true, default: Open }
      total: { type: 'Decimal(10,2)', required: true, default: 0 }
      lines: Integer
      orderedAt: DateTime
    associations:
      customer: { target: Customer, inverse: orders }
    access:
      - { roles: [Admin], allow: [read] }
`
const model = checkFixture(MODEL).model as AppModel
const index = indexModel(model)

function check(text: string, variables: Record<string, FlowType> = {}) {
  const node = parseExpression(text)
  if (isProblem(node)) throw new Error(`does not parse: ${node.message}`)
  return checkExpression(node, { index, variables: new Map(Object.entries({ order: objectOf('M.Order'), x: ANY, ...variables })) })
}

function env(variables: Record<string, unknown>): EvaluationEnv {
  return {
    variables: new Map(Object.entries(variables)),
    call: { now: () => new Date('2024-05-01T10:00:00Z') },
    load: async (entity, id) => (entity === 'M.Customer' && id === 7 ? { id: 7, name: 'Ada' } : undefined),
    loadMany: async () => [],
  }
}

async function run(text: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const checked = check(text)
  expect(checked.problems).toEqual([])
  return compileExpression(checked).evaluate(env(variables))
}

describe('parsing', () => {
  it('reads precedence: and binds tighter than or, comparisons than and, * than +', () => {
    const node = parseExpression('1 + 2 * 3 > 6 and not false or empty = empty')
    expect(isProblem(node)).toBe(false)
    expect(node).toMatchObject({ kind: 'binary', op: 'or', left: { kind: 'binary', op: 'and', left: { op: '>', left: { op: '+', right: { op: '*' } } } } })
  })

  it.each([
    ["'open", 0, 'never closed'],
    ['1 +', 3, 'expected a value'],
    ['a < b < c', 6, 'do not chain'],
    ['f(1, 2', 6, "',' or ')'"],
    ['$', 0, 'variable name'],
    ['"x"', 0, 'single quotes'],
    ['if $x then 1', 12, 'always has an else'],
  ])('%s fails at %i', (text, offset, message) => {
    const result = parseExpression(text)
    expect(isProblem(result) && result.start).toBe(offset)
    expect(isProblem(result) && result.message).toContain(message)
  })

  it('reads quotes doubled inside strings and both path separators', () => {
    expect(parseExpression("'it''s'")).toMatchObject({ kind: 'literal', value: "it's" })
    expect(parseExpression('$order/customer.name')).toMatchObject({ kind: 'variable', name: 'order', path: [{ name: 'customer' }, { name: 'name' }] })
  })
})

describe('type checking against the model', () => {
  it('types paths by the attributes and navigations they cross', () => {
    expect(describeType(check('$order/total').type)).toBe('Decimal')
    expect(describeType(check('$order/customer/name').type)).toBe('String')
    expect(describeType(check('$order/lines + 1').type)).toBe('Integer')
    expect(describeType(check("if $order/total > 100 then 'big' else 'small'").type)).toBe('String')
  })

  it.each([
    ['$order/totl', 7, "no member 'totl' (did you mean 'total'?)"],
    ['$ordr', 0, 'unknown variable $ordr (did you mean $order?)'],
    ["$order/status = 'Opn'", 16, "'Opn' is not a value of M.Status"],
    ['$order/number * 2', 0, '* needs numbers'],
    ["$order/orderedAt < 'yesterday'", 19, 'not a date-time'],
    ['toUpperCase($order/number)', 0, 'unknown function toUpperCase'],
    ['round($order/number)', 6, 'argument 1 of round must be a number'],
    ["formatDate($order/orderedAt, 'dd.QQ.yyyy')", 29, 'dd.QQ.yyyy'],
    ['number', 0, "'number' is not a value"],
    ['if true then 1 else $order/number', 20, 'both branches'],
  ])('%s: %s', (text, offset, message) => {
    const problems = check(text).problems
    expect(problems[0]?.start).toBe(offset)
    expect(problems[0]?.message).toContain(message)
  })

  it('lets untyped payloads through, to be checked when they are written', () => {
    expect(check('$x/anything/deeper * 2').problems).toEqual([])
  })
})

describe('evaluation', () => {
  it('computes arithmetic, text and decimals without float noise', async () => {
    expect(await run('0.1 + 0.2')).toBe(0.3)
    expect(await run('7 div 2')).toBe(3.5)
    expect(await run('7 mod 0')).toBe(null)
    expect(await run("'SKU-' + 12")).toBe('SKU-12')
    expect(await run('$order/total * 1.2', { order: { id: 1, total: 11.5 } })).toBe(13.8)
  })

  it('treats empty as in queries: = and != see it as a value, everything else as false', async () => {
    expect(await run('$order/lines = empty', { order: { id: 1, lines: null } })).toBe(true)
    expect(await run('$order/lines > 1', { order: { id: 1, lines: null } })).toBe(false)
    expect(await run('not ($order/lines > 1)', { order: { id: 1, lines: null } })).toBe(true)
    expect(await run('$order/lines + 1', { order: { id: 1, lines: null } })).toBe(null)
  })

  it('loads objects through navigations only when the path crosses one', async () => {
    const checked = check('$order/customer/name')
    const compiled = compileExpression(checked)
    expect(compiled.async).toBe(true)
    expect(await compiled.evaluate(env({ order: { id: 1, customer: 7 } }))).toBe('Ada')
    expect(compileExpression(check('$order/total')).async).toBe(false)
  })

  it('runs the documented functions', async () => {
    expect(await run("formatDate('2024-05-01T22:30:00Z', 'dd.MM.yyyy HH:mm', 'Europe/Berlin')")).toBe('02.05.2024 00:30')
    expect(await run("parseDecimal('1.234,50', ',')")).toBe(null)
    expect(await run("parseDecimal('1234,50', ',')")).toBe(1234.5)
    expect(await run("parseDate('03.01.2024', 'dd.MM.yyyy')")).toBe('2024-01-03')
    expect(await run('addDays(now(), -30)')).toBe('2024-04-01T10:00:00.000Z')
    expect(await run("length('héllo') + length(toUpper('ab'))")).toBe(7)
    expect(await run("concat('a', empty, 1)")).toBe('a1')
    expect(await run("round(2.5) + round(-2.5) + round(1.005, 2)")).toBe(1.01)
    expect(await run("daysBetween('2024-01-01', '2024-03-01')")).toBe(60)
  })

  it('reads only own properties of payloads', async () => {
    expect(await run('$x/constructor', { x: {} })).toBe(null)
    expect(await run('$x/__proto__', { x: JSON.parse('{"a":1}') })).toBe(null)
  })
})
