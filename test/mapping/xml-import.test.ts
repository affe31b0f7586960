import { describe, expect, it } from 'vitest'
import { chunked, collect, compileApp, objectsOf } from './mapping-fixture.js'

const registry = compileApp()
const orders = registry.get('OrderXml')
const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<o:Orders xmlns:o="urn:shop:orders" xmlns:x="urn:other">\n${body}</o:Orders>\n`
const ORDER = `<o:Order number="N-1"><o:OrderedAt>2024-05-01T10:00:00Z</o:OrderedAt><o:Email>a@x.org</o:Email>
  <o:Lines><o:Line no="1"><o:Sku>A</o:Sku><o:Qty>2</o:Qty></o:Line><o:Line no="2"><o:Sku>B</o:Sku><o:Qty> 1 </o:Qty></o:Line></o:Lines></o:Order>\n`

describe('XML import', () => {
  it('maps records at the record path: attributes, elements, namespaces, repeated elements', async () => {
    const [order] = objectsOf(await collect(orders.import(doc(ORDER))))
    expect(order).toMatchObject({
      entity: 'Shop.Order',
      values: { number: 'N-1', orderedAt: '2024-05-01T10:00:00.000Z' },
      key: { number: 'N-1' },
      lookups: [{ member: 'customer', entity: 'Shop.Customer', key: { email: 'a@x.org' } }],
    })
    expect(order?.children[0]?.objects.map((o) => [o.values, o.lookups[0]?.key])).toEqual([
      [{ lineNo: 1, quantity: 2 }, { sku: 'A' }],
      [{ lineNo: 2, quantity: 1 }, { sku: 'B' }],
    ])
  })

  it('reads a choice: the first alternative present', async () => {
    const [order] = objectsOf(await collect(orders.import(doc(ORDER.replace('<o:Email>a@x.org</o:Email>', '<o:Phone>+49 30 1</o:Phone>')))))
    expect(order?.lookups[0]?.key).toEqual({ email: '+49 30 1' })
  })

  it('matches names by namespace, not by prefix', async () => {
    const other = ORDER.replace(/o:/g, 'p:').replace('<p:Order', '<p:Order xmlns:p="urn:shop:orders"')
    expect(objectsOf(await collect(orders.import(doc(other))))).toHaveLength(1)
    const wrongNamespace = ORDER.replace('<o:Note>', '').replace(/<o:Email>/, '<x:Email>').replace('</o:Email>', '</x:Email>')
    const [record] = await collect(orders.import(doc(wrongNamespace)))
    expect(record?.ok && record.object.lookups).toEqual([])
  })

  it('reports bad values with their XML path and the record line', async () => {
    const bad = ORDER.replace('2024-05-01T10:00:00Z', 'yesterday').replace('<o:Qty>2</o:Qty>', '<o:Qty>two</o:Qty>').replace('number="N-1"', '')
    const [record] = await collect(orders.import(doc(ORDER + bad)))
    const second = (await collect(orders.import(doc(ORDER + bad))))[1]
    expect(record?.ok).toBe(true)
    expect(second).toMatchObject({ ok: false, position: { line: 5, path: '/o:Orders/o:Order[2]', record: 2 } })
    expect(second?.ok === false && second.errors.map((e) => [e.path, e.rule])).toEqual([
      ['/o:Orders/o:Order[2]/@number', 'required'],
      ['/o:Orders/o:Order[2]/o:OrderedAt', 'format'],
      ['/o:Orders/o:Order[2]/o:Lines/o:Line[1]/o:Qty', 'format'],
    ])
  })

  it('reports a repeated element where one value is read', async () => {
    const [record] = await collect(orders.import(doc(ORDER.replace('<o:Email>a@x.org</o:Email>', '<o:Email>a</o:Email><o:Email>b</o:Email>'))))
    expect(record).toMatchObject({ ok: false, errors: [{ path: '/o:Orders/o:Order[1]/o:Email|o:Phone', rule: 'repeated' }] })
  })

  it('reads xsi:nil as null, CDATA and entities as text', async () => {
    const xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    const nil = ORDER.replace('<o:Order ', `<o:Order ${xsi} `).replace('</o:Email>', '</o:Email><o:Note xsi:nil="true"/>')
    expect(objectsOf(await collect(orders.import(doc(nil))))[0]?.values.note).toBeNull()
    const text = ORDER.replace('</o:Email>', '</o:Email><o:Note>a &amp; b <![CDATA[<c>]]> &#x263A;</o:Note>')
    expect(objectsOf(await collect(orders.import(doc(text))))[0]?.values.note).toBe('a & b <c> ☺')
  })

  it('gives the same records whatever the chunk boundaries', async () => {
    const input = doc(ORDER + ORDER.replace('N-1', 'N-2'))
    const whole = objectsOf(await collect(orders.import(input)))
    for (const size of [1, 7, 64]) expect(objectsOf(await collect(orders.import(chunked(input, size))))).toEqual(whole)
  })

  it('reads a default namespace and a root record (a request body) with importOne', () => {
    const one = registry.get('ProductXml').importOne('<Product xmlns="urn:shop:products" sku="A"><Price>2.50</Price><Active>1</Active></Product>')
    expect(one).toMatchObject({ ok: true, object: { values: { sku: 'A', price: 2.5, active: true } } })
    expect(() => registry.get('ProductXml').importOne('<Other xmlns="urn:shop:products"/>')).toThrow(expect.objectContaining({ code: 'MAPPING_MALFORMED_INPUT' }))
  })

  it('fails the whole import on XML that is not well-formed, with the line', async () => {
    await expect(collect(orders.import(doc(ORDER + '<o:Order number="x">\n</o:Orders>')))).rejects.toMatchObject({ code: 'MAPPING_MALFORMED_INPUT' })
    await expect(collect(orders.import(doc('<o:Order number="&bogus;"/>')))).rejects.toMatchObject({ code: 'MAPPING_MALFORMED_INPUT', message: expect.stringContaining('line 3') })
  })
})

describe('hostile XML gets a clear error, fast', () => {
  const fast = async (input: string | AsyncIterable<Uint8Array>, code: string) => {
    const started = performance.now()
    await expect(collect(orders.import(input))).rejects.toMatchObject({ code })
    expect(performance.now() - started).toBeLessThan(2000)
  }

  it('refuses a billion-laughs DOCTYPE before expanding anything', async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('\n')
    await fast(`<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${lol}\n]>\n<lolz>&lol9;</lolz>`, 'MAPPING_UNSAFE_XML')
  })

  it('refuses an external entity (no file is read)', async () => {
    await fast('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><o:Orders xmlns:o="urn:shop:orders">&xxe;</o:Orders>', 'MAPPING_UNSAFE_XML')
  })

  it('refuses any DOCTYPE, even a harmless one', async () => {
    await fast('<!DOCTYPE o:Orders><o:Orders xmlns:o="urn:shop:orders"/>', 'MAPPING_UNSAFE_XML')
  })

  it('refuses an entity used without a declaration', async () => {
    await fast(doc('&xxe;'), 'MAPPING_MALFORMED_INPUT')
  })

  it('bounds nesting depth', async () => {
    await fast(doc('<a>'.repeat(100_000)), 'MAPPING_LIMIT_EXCEEDED')
  })

  it('bounds one attribute, text or name, however the bytes arrive', async () => {
    async function* huge(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('<o:Orders xmlns:o="urn:shop:orders"><o:Order number="')
      const block = Buffer.alloc(1024 * 1024, 'a')
      for (let i = 0; i < 64; i++) yield block
    }
    await fast(huge(), 'MAPPING_LIMIT_EXCEEDED')
    await fast(doc(`<o:Order number="N"><o:Note>${'x'.repeat(2_000_000)}</o:Note></o:Order>`), 'MAPPING_LIMIT_EXCEEDED')
  })

  it('bounds the size of one record and the attributes of one element', async () => {
    const lines = '<o:Line no="1"><o:Sku>A</o:Sku><o:Qty>1</o:Qty></o:Line>'.repeat(2000)
    await expect(collect(orders.import(doc(`<o:Order number="N"><o:Lines>${lines}</o:Lines></o:Order>`), { limits: { maxRecordLength: 10_000 } }))).rejects.toMatchObject({ code: 'MAPPING_LIMIT_EXCEEDED' })
    const attributes = Array.from({ length: 300 }, (_, i) => `a${i}="1"`).join(' ')
    await fast(doc(`<o:Order number="N" ${attributes}/>`), 'MAPPING_LIMIT_EXCEEDED')
  })
})
