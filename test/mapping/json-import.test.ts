import { describe, expect, it } from 'vitest'
import { chunked, collect, compileApp, objectsOf } from './mapping-fixture.js'

const registry = compileApp()
const product = registry.get('ProductJson')

describe('JSON import', () => {
  it('maps an array of objects to kernel values with key, lookups and defaults', async () => {
    const input = JSON.stringify([
      { sku: 'A-1', name: 'Pan', price: { amount: 12.5 }, serial: 9007199254740991, status: 'Active', released: '2024-01-31', changed: '2024-05-01T10:00:00+02:00', active: true, token: '5F0C8C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F', category: 'KITCHEN' },
    ])
    const [object] = objectsOf(await collect(product.import(input)))
    expect(object).toEqual({
      entity: 'Shop.Product',
      values: { sku: 'A-1', name: 'Pan', price: 12.5, stock: 0, serial: 9007199254740991, status: 'Active', releasedOn: '2024-01-31', changedOn: '2024-05-01T08:00:00.000Z', active: true, token: '5f0c8c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f' },
      key: { sku: 'A-1' },
      whenMissing: 'create',
      lookups: [{ member: 'category', entity: 'Shop.Category', key: { code: 'KITCHEN' } }],
      children: [],
    })
  })

  it('leaves absent members out, so an update keeps them, and sets explicit nulls', async () => {
    const [object] = objectsOf(await collect(product.import('[{"sku":"A-1","price":{"amount":1},"name":null,"category":null}]')))
    expect(object?.values).toEqual({ sku: 'A-1', price: 1, stock: 0, name: null, category: null })
    expect(object?.lookups).toEqual([])
  })

  it('reports each bad value with its JSON path, value and rule, and goes on with the next record', async () => {
    const input = '[\n{"sku":"A-1","price":{"amount":"x"},"stock":"4","status":"Gone","released":"2024-02-30","active":"yes","serial":1.5},\n{"sku":"A-2","price":{"amount":2}}\n]'
    const [bad, good] = await collect(product.import(input))
    expect(bad).toMatchObject({ ok: false, position: { line: 2, path: '$[0]', record: 1 } })
    expect(bad?.ok === false && bad.errors.map((e) => [e.path, e.value, e.rule])).toEqual([
      ['$[0].price.amount', 'x', 'format'],
      ['$[0].stock', '4', 'type'],
      ['$[0].serial', 1.5, 'format'],
      ['$[0].status', 'Gone', 'enum'],
      ['$[0].released', '2024-02-30', 'format'],
      ['$[0].active', 'yes', 'type'],
    ])
    // A body already in memory is parsed in one piece: lines are found for failed records only.
    expect(good).toEqual(expect.objectContaining({ ok: true, position: { path: '$[1]', record: 2 } }))
    const streamed = await collect(product.import(chunked(input, 16)))
    expect(streamed.map((r) => r.position)).toEqual([
      { line: 2, path: '$[0]', record: 1 },
      { line: 3, path: '$[1]', record: 2 },
    ])
  })

  it('reports a missing required value and a missing key', async () => {
    const [record] = await collect(product.import('[{"price":{"amount":1}}]'))
    expect(record?.ok === false && record.errors.map((e) => [e.path, e.rule])).toEqual([['$[0].sku', 'required']])
  })

  it('reports a record that is not an object or not valid JSON, and reads on', async () => {
    const records = await collect(product.import('[5, {"sku": tru}, {"sku":"A-3","price":{"amount":3}}]'))
    expect(records.map((r) => (r.ok ? 'ok' : r.errors[0]?.rule))).toEqual(['type', 'syntax', 'ok'])
  })

  it('reads JSON Lines and concatenated documents, with line numbers', async () => {
    const records = await collect(product.import('{"sku":"A-1","price":{"amount":1}}\n{"sku":"A-2","price":{"amount":"?"}}\n'))
    expect(records.map((r) => [r.ok, r.position.line, r.position.path])).toEqual([
      [true, 1, '$'],
      [false, 2, '$'],
    ])
  })

  it('gives the same records whatever the chunk boundaries (bytes split inside characters too)', async () => {
    const input = JSON.stringify([{ sku: 'Ä-1', name: 'Grüße "quoted" \\ back', price: { amount: 1 } }, { sku: 'B-2', name: '[{', price: { amount: 2 } }])
    const whole = objectsOf(await collect(product.import(input)))
    for (const size of [1, 2, 3, 7, 64]) expect(objectsOf(await collect(product.import(chunked(input, size))))).toEqual(whole)
  })

  it('fails the whole import on a broken structure, with its line', async () => {
    await expect(collect(product.import('[{"sku":"A"}\n{"sku":"B"}]'))).rejects.toMatchObject({ code: 'MAPPING_MALFORMED_INPUT', message: expect.stringContaining('line 2') })
    await expect(collect(product.import('[{"sku":"A"]'))).rejects.toMatchObject({ code: 'MAPPING_MALFORMED_INPUT' })
    await expect(collect(product.import('[{"sku":"A"},'))).rejects.toMatchObject({ code: 'MAPPING_MALFORMED_INPUT' })
  })

  it('bounds nesting and record size of a stream', async () => {
    await expect(collect(product.import(chunked('[' + '['.repeat(100) + ']'.repeat(100) + ']', 64)))).rejects.toMatchObject({ code: 'MAPPING_LIMIT_EXCEEDED' })
    const big = JSON.stringify([{ sku: 'x'.repeat(2000) }])
    await expect(collect(product.import(chunked(big, 64), { limits: { maxRecordLength: 1000 } }))).rejects.toMatchObject({ code: 'MAPPING_LIMIT_EXCEEDED' })
  })

  it('reads text forms declared by convert: separators, words, captions, patterns in a time zone, ids', async () => {
    const one = registry.get('ProductJsonText').importOne('{"sku":"A","price":"1.234,5","stock":"12","active":"Y","status":"In preparation","changed":"31.03.2024 02:30","categoryId":7}')
    expect(one).toMatchObject({
      ok: true,
      object: { values: { sku: 'A', price: 1234.5, stock: 12, active: true, status: 'Draft', changedOn: '2024-03-31T01:30:00.000Z', category: 7 }, whenMissing: 'ignore' },
    })
  })

  it('maps nested arrays to children with their own key and lookups', async () => {
    const one = registry.get('OrderJson').importOne(
      '{"number":"N-1","orderedAt":"2024-05-01T10:00:00Z","customer":{"email":"a@x.org"},"lines":[{"line":1,"sku":"A-1","qty":2},{"line":2,"sku":"B-2","qty":1}]}',
    )
    expect(one.ok && one.object.children).toEqual([
      {
        association: 'lines',
        objects: [
          { entity: 'Shop.OrderLine', values: { lineNo: 1, quantity: 2 }, key: { lineNo: 1 }, whenMissing: 'create', lookups: [{ member: 'product', entity: 'Shop.Product', key: { sku: 'A-1' } }], children: [] },
          { entity: 'Shop.OrderLine', values: { lineNo: 2, quantity: 1 }, key: { lineNo: 2 }, whenMissing: 'create', lookups: [{ member: 'product', entity: 'Shop.Product', key: { sku: 'B-2' } }], children: [] },
        ],
      },
    ])
    expect(one.ok && one.object.lookups).toEqual([{ member: 'customer', entity: 'Shop.Customer', key: { email: 'a@x.org' } }])
  })

  it('reports errors inside nested arrays at their path', async () => {
    const one = registry.get('OrderJson').importOne('{"number":"N-1","orderedAt":"2024-05-01T10:00:00Z","lines":[{"line":1,"sku":"A","qty":1},{"line":"two","sku":"B","qty":1}]}')
    expect(one.ok === false && one.errors.map((e) => [e.path, e.rule])).toEqual([['$.lines[1].line', 'type']])
    const notArray = registry.get('OrderJson').importOne('{"number":"N-1","orderedAt":"2024-05-01T10:00:00Z","lines":{"line":1}}')
    expect(notArray.ok === false && notArray.errors.map((e) => [e.path, e.rule])).toEqual([['$.lines', 'type']])
  })

  it('maps a nested object to a find-or-create child (whenMissing)', async () => {
    const one = registry.get('CustomerWithOrdersJson').importOne('{"number":"N","orderedAt":"2024-05-01T10:00:00Z","customer":{"email":"a@x.org","name":"Ada"}}')
    expect(one.ok && one.object.children).toEqual([
      { association: 'customer', objects: [{ entity: 'Shop.Customer', values: { email: 'a@x.org', name: 'Ada' }, key: { email: 'a@x.org' }, whenMissing: 'create', lookups: [], children: [] }] },
    ])
  })

  it('maps non-persistent message shapes', async () => {
    const records = await collect(registry.get('PriceNoticeJson').import('{"sku":"A","price":2.5,"at":"2024-01-01T00:00:00Z"}\n'))
    expect(objectsOf(records)).toEqual([{ entity: 'Shop.PriceNotice', values: { sku: 'A', price: 2.5, at: '2024-01-01T00:00:00.000Z' }, whenMissing: 'create', lookups: [], children: [] }])
  })

  it('importOne refuses a body with several records, and reads syntax errors as a failed record', () => {
    expect(() => product.importOne('[{"sku":"A"},{"sku":"B"}]')).toThrow(expect.objectContaining({ code: 'MAPPING_NOT_ONE_RECORD' }))
    expect(product.importOne('{"sku":')).toMatchObject({ ok: false, errors: [{ rule: 'syntax', path: '$' }] })
  })

  it('does not read inherited properties such as constructor or __proto__', async () => {
    const one = product.importOne('{"sku":"A","price":{"amount":1},"__proto__":{"name":"evil"}}')
    expect(one.ok && one.object.values.name).toBeUndefined()
  })
})
