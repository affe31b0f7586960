import { importError } from './import-error.js'
import type { ImportError } from './import-record.js'
import { attributeKey, XSI, type XmlElement } from './xml-element.js'
import { parseXmlPath, type XmlNamespaces, type XmlPath, type XmlStep } from './xml-path.js'
import { UNREADABLE, type NodesAccess, type ScalarAccess, type WireReader } from './wire-reader.js'

const NIL = attributeKey(XSI, 'nil')

/** Elements reached from `from` by element steps. */
function select(from: XmlElement, steps: readonly XmlStep[]): XmlElement[] {
  let current = [from]
  for (const step of steps) {
    if (step.kind !== 'element') break
    const next: XmlElement[] = []
    for (const e of current) for (const c of e.children) if (c.local === step.local && c.uri === step.uri) next.push(c)
    current = next
    if (current.length === 0) break
  }
  return current
}

function compile(location: string | number, ns: XmlNamespaces): XmlPath {
  const parsed = parseXmlPath(String(location), ns)
  if ('problem' in parsed) throw new Error(parsed.problem)
  return parsed
}

/** A scalar: an attribute, an element's text (null with xsi:nil), the first alternative present. */
function readScalar(node: XmlElement, steps: readonly XmlStep[], at: () => string, errors: ImportError[]): unknown {
  const last = steps[steps.length - 1] as XmlStep
  const elements = last.kind === 'self' ? [node] : select(node, last.kind === 'attribute' ? steps.slice(0, -1) : steps)
  if (elements.length === 0) return undefined
  if (elements.length > 1) {
    errors.push(importError(at(), null, 'repeated', `${at()} occurs ${elements.length} times; the mapping reads one value`))
    return UNREADABLE
  }
  const element = elements[0] as XmlElement
  if (last.kind === 'attribute') return element.attributes.get(attributeKey(last.uri, last.local))
  if (element.attributes.get(NIL) === 'true') return null
  return element.text
}

/** The XML wire: text values at element and attribute paths below a record element. */
export function xmlWireReader(ns: XmlNamespaces): WireReader<XmlElement> {
  return {
    text: true,
    scalar(location): ScalarAccess<XmlElement> {
      const path = compile(location, ns)
      return {
        get(node, base, errors) {
          for (const steps of path.alternatives) {
            const value = readScalar(node, steps, () => `${base}/${path.text}`, errors)
            if (value !== undefined) return value
          }
          return undefined
        },
        path: (base) => `${base}/${path.text}`,
      }
    },
    nodes(location): NodesAccess<XmlElement> {
      const path = compile(location, ns)
      return {
        get(node) {
          for (const steps of path.alternatives) {
            const found = select(node, steps)
            if (found.length > 0 && found[0] !== node) return found
          }
          return undefined
        },
        path: (base, i) => (i === undefined ? `${base}/${path.text}` : `${base}/${path.text}[${i + 1}]`),
      }
    },
  }
}
