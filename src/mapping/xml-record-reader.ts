import { SaxesParser, type SaxesTagNS } from 'saxes'
import { mappingErrors } from './errors.js'
import type { MappingLimits } from './import-options.js'
import { attributeKey, type XmlElement } from './xml-element.js'
import type { XmlStep } from './xml-path.js'

/** One record element with where it starts. */
export interface XmlRecord {
  readonly element: XmlElement
  readonly line: number
  /** 0-based index among the records. */
  readonly index: number
}

export interface XmlRecordReader {
  push(text: string): XmlRecord[]
  end(): XmlRecord[]
}

const XMLNS = 'http://www.w3.org/2000/xmlns/'

/** What the reader holds: the elements open outside a record, and the record being built. */
interface Reading {
  readonly parser: SaxesParser<{ xmlns: true; position: true }>
  readonly record: readonly XmlStep[]
  readonly limits: MappingLimits
  /** Whether each open element outside a record still follows the record path. */
  readonly matching: boolean[]
  /** The record being built and its open elements. */
  open: XmlElement[]
  recordStart: number
  recordLine: number
  lastEvent: number
  index: number
  out: XmlRecord[]
}

/**
 * Reads XML safely and in constant memory: saxes (no DTD processing at all) streams the
 * document, any DOCTYPE is refused before an entity could be used, depth, attribute count,
 * record size and the length of any single token are bounded, and only the elements at the
 * record path are built, one record at a time.
 */
export function createXmlRecordReader(record: readonly XmlStep[], limits: MappingLimits): XmlRecordReader {
  const parser = new SaxesParser({ xmlns: true, position: true })
  const r: Reading = { parser, record, limits, matching: [], open: [], recordStart: 0, recordLine: 0, lastEvent: 0, index: 0, out: [] }
  listen(r)
  const take = (): XmlRecord[] => {
    const records = r.out
    r.out = []
    return records
  }
  return {
    push(text) {
      parser.write(text)
      if (parser.position - r.lastEvent > limits.maxTokenLength) {
        throw mappingErrors.create('MAPPING_LIMIT_EXCEEDED', `${where(r)}: a text, attribute, name or declaration is longer than ${limits.maxTokenLength} characters`)
      }
      return take()
    },
    end() {
      parser.close()
      return take()
    },
  }
}

function where(r: Reading): string {
  return `XML input, line ${r.parser.line}`
}

function listen(r: Reading): void {
  const { parser } = r
  parser.on('error', (error) => {
    throw mappingErrors.create('MAPPING_MALFORMED_INPUT', `${where(r)}: ${error.message.replace(/^[^:]*:\d+:\d+: /, '')}`, { cause: error, target: `line ${parser.line}` })
  })
  parser.on('doctype', () => {
    throw mappingErrors.create('MAPPING_UNSAFE_XML', `${where(r)}: the document has a DOCTYPE; Portico reads no DTDs, entity declarations or external entities`)
  })
  parser.on('opentag', (tag) => openTag(r, tag))
  parser.on('text', (text) => addText(r, text))
  parser.on('cdata', (text) => addText(r, text))
  parser.on('closetag', () => closeTag(r))
  for (const quiet of ['comment', 'processinginstruction', 'xmldecl'] as const) parser.on(quiet, () => event(r))
}

/** Every event: note where it was (token lengths are measured from here) and bound the record. */
function event(r: Reading): void {
  r.lastEvent = r.parser.position
  if (r.open.length > 0 && r.parser.position - r.recordStart > r.limits.maxRecordLength) {
    throw mappingErrors.create('MAPPING_LIMIT_EXCEEDED', `${where(r)}: record ${r.index + 1} is longer than ${r.limits.maxRecordLength} characters`)
  }
}

function openTag(r: Reading, tag: SaxesTagNS): void {
  event(r)
  const depth = r.matching.length + r.open.length + 1
  if (depth > r.limits.maxDepth) throw mappingErrors.create('MAPPING_LIMIT_EXCEEDED', `${where(r)}: elements nested deeper than ${r.limits.maxDepth} levels`)
  const element = toElement(tag, r)
  if (r.open.length > 0) {
    r.open[r.open.length - 1]?.children.push(element)
    r.open.push(element)
    return
  }
  const step = r.record[r.matching.length]
  const follows = (r.matching.length === 0 || r.matching[r.matching.length - 1] === true) && step !== undefined && step.uri === element.uri && step.local === element.local
  if (depth === 1 && !follows) {
    const expected = r.record[0] ? `{${r.record[0].uri}}${r.record[0].local}` : ''
    throw mappingErrors.create('MAPPING_MALFORMED_INPUT', `${where(r)}: the root element is {${element.uri}}${element.local}; the mapping reads records below ${expected}`)
  }
  if (follows && r.matching.length === r.record.length - 1) {
    r.open = [element]
    r.recordStart = r.parser.position
    r.recordLine = r.parser.line
  } else r.matching.push(follows)
}

function addText(r: Reading, text: string): void {
  event(r)
  const current = r.open[r.open.length - 1]
  if (current) current.text += text
}

function closeTag(r: Reading): void {
  event(r)
  if (r.open.length === 0) {
    r.matching.pop()
    return
  }
  const element = r.open.pop() as XmlElement
  if (r.open.length === 0) r.out.push({ element, line: r.recordLine, index: r.index++ })
}

function toElement(tag: SaxesTagNS, r: Reading): XmlElement {
  const attributes = new Map<string, string>()
  const list = Object.values(tag.attributes)
  if (list.length > r.limits.maxAttributes) {
    throw mappingErrors.create('MAPPING_LIMIT_EXCEEDED', `${where(r)}: element '${tag.name}' has more than ${r.limits.maxAttributes} attributes`)
  }
  for (const a of list) if (a.uri !== XMLNS && a.name !== 'xmlns') attributes.set(attributeKey(a.uri, a.local), a.value)
  return { uri: tag.uri, local: tag.local, attributes, children: [], text: '' }
}
