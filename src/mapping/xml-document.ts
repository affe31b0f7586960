import { SaxesParser } from 'saxes'
import { attributeKey, type XmlElement } from './xml-element.js'

/**
 * A whole small XML document (an XSD, a sample) as a tree, for the checker. Like the
 * record reader it refuses a DOCTYPE and reads no entities; it throws on bad XML.
 */
export function parseXmlDocument(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true })
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  parser.on('error', (error) => {
    throw error
  })
  parser.on('doctype', () => {
    throw new Error('the document has a DOCTYPE, which Portico does not read')
  })
  parser.on('opentag', (tag) => {
    const attributes = new Map(Object.values(tag.attributes).map((a) => [attributeKey(a.uri, a.local), a.value]))
    const element: XmlElement = { uri: tag.uri, local: tag.local, attributes, children: [], text: '' }
    stack[stack.length - 1]?.children.push(element)
    stack.push(element)
    root ??= element
  })
  parser.on('text', (t) => {
    const current = stack[stack.length - 1]
    if (current) current.text += t
  })
  parser.on('closetag', () => void stack.pop())
  parser.write(text).close()
  if (!root) throw new Error('the document has no root element')
  return root
}
