/**
 * Large inputs generated as they are read (never held whole), for the streaming memory test
 * and the bench: `megabytes` of JSON, CSV or XML for the fixture shop's mappings.
 */
export type GeneratedKind = 'json' | 'csv' | 'xml'

const BLOCK = 256 * 1024

/** The mapping of test/fixtures/mapping/shop each kind is read with. */
export const MAPPING_OF: Readonly<Record<GeneratedKind, string>> = { json: 'ProductJson', csv: 'ProductCsv', xml: 'OrderXml' }

function record(kind: GeneratedKind, i: number): string {
  switch (kind) {
    case 'json':
      return `{"sku":"SKU-${i}","name":"Product ${i}","price":{"amount":${(i % 1000) + 0.25}},"stock":${i % 50},"status":"Active","released":"2024-01-02","active":true,"category":"CAT-${i % 20}"}`
    case 'csv':
      return `SKU-${i};Product ${i};${(i % 1000) + 1},25;Active;02.01.2024;ja;CAT-${i % 20}\n`
    case 'xml':
      return `<o:Order number="N-${i}"><o:OrderedAt>2024-05-01T10:00:00Z</o:OrderedAt><o:Email>c${i % 100}@x.org</o:Email><o:Lines><o:Line no="1"><o:Sku>SKU-${i}</o:Sku><o:Qty>2</o:Qty></o:Line><o:Line no="2"><o:Sku>SKU-${i + 1}</o:Sku><o:Qty>1</o:Qty></o:Line></o:Lines></o:Order>\n`
  }
}

const HEAD: Readonly<Record<GeneratedKind, string>> = {
  json: '[\n',
  csv: 'SKU;Name;Price;Status;Released;Active;Category\n',
  xml: '<?xml version="1.0" encoding="UTF-8"?>\n<o:Orders xmlns:o="urn:shop:orders">\n',
}
const TAIL: Readonly<Record<GeneratedKind, string>> = { json: '\n]\n', csv: '', xml: '</o:Orders>\n' }

/** At least `megabytes` of input in blocks of about 256 KB; `records` counts what was written. */
export async function* generatedInput(kind: GeneratedKind, megabytes: number, counter: { records: number } = { records: 0 }): AsyncGenerator<Uint8Array> {
  const total = megabytes * 1024 * 1024
  let written = 0
  let block = HEAD[kind]
  while (written + block.length < total) {
    const text = record(kind, counter.records)
    block += kind === 'json' && counter.records > 0 ? `,\n${text}` : text
    counter.records++
    if (block.length >= BLOCK) {
      written += block.length
      yield Buffer.from(block)
      block = ''
    }
  }
  yield Buffer.from(block + TAIL[kind])
}

/** Records of `count` rows, as a whole JSON array text (for throughput, not memory). */
export function jsonArrayText(count: number): string {
  return `[${Array.from({ length: count }, (_, i) => record('json', i)).join(',\n')}]`
}
