import { exportError, type ExportStep } from './compile-object-writer.js'
import type { Row } from './import-record.js'
import type { XmlOptions } from './mapping-declaration.js'

/** An element being written: its name as the mapping spells it, attributes, children. */
interface OutElement {
  readonly name: string
  readonly attributes: [string, string][]
  readonly children: (OutElement | string)[]
}

type Place = (parent: OutElement, value: string) => void
type Open = (parent: OutElement) => OutElement

/** Writes records as XML text, and the envelope of elements around them. */
export interface XmlWriter {
  /** The declaration and the opening tags down to (not including) the record element. */
  open(): string
  record(row: Row, index: number): string
  close(): string
}

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function escapeText(text: string, attribute: boolean): string {
  if (NOT_XML.test(text)) throw exportError('an XML value', `holds a character XML 1.0 cannot carry: ${JSON.stringify(text.slice(0, 40))}`)
  const out = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return attribute ? out.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;') : out.replace(/\r/g, '&#13;')
}

function serialize(e: OutElement, declarations = ''): string {
  const attrs = e.attributes.map(([n, v]) => ` ${n}="${escapeText(v, true)}"`).join('')
  if (e.children.length === 0) return `<${e.name}${declarations}${attrs}/>`
  const inner = e.children.map((c) => (typeof c === 'string' ? escapeText(c, false) : serialize(c))).join('')
  return `<${e.name}${declarations}${attrs}>${inner}</${e.name}>`
}

/** The first alternative of a path as written: element names, then @attribute or `.`. */
function segments(location: string | number): string[] {
  return (String(location).split('|')[0] ?? '').trim().split('/')
}

function child(parent: OutElement, name: string, reuse: boolean): OutElement {
  const last = parent.children[parent.children.length - 1]
  if (reuse && typeof last === 'object' && last.name === name) return last
  const created: OutElement = { name, attributes: [], children: [] }
  parent.children.push(created)
  return created
}

function placeAt(location: string | number): Place {
  const parts = segments(location)
  const last = parts[parts.length - 1] as string
  const parents = parts.slice(0, -1)
  return (parent, value) => {
    let at = parent
    for (const p of parents) at = child(at, p, true)
    if (last === '.') at.children.push(value)
    else if (last.startsWith('@')) at.attributes.push([last.slice(1), value])
    else child(at, last, false).children.push(value)
  }
}

function openAt(location: string | number): Open {
  const parts = segments(location)
  const last = parts[parts.length - 1] as string
  const parents = parts.slice(0, -1)
  return (parent) => {
    let at = parent
    for (const p of parents) at = child(at, p, true)
    return child(at, last, false)
  }
}

function compileFill(steps: readonly ExportStep[]): (target: OutElement, row: Row, path: string) => void {
  const compiled = steps.map((step) =>
    step.kind === 'value' ? { step, place: placeAt(step.location) } : { step, open: openAt(step.location), fill: compileFill(step.steps) },
  )
  return (target, row, path) => {
    for (const c of compiled) {
      if (c.step.kind === 'value') {
        const v = c.step.read(row, path)
        if (v !== undefined && v !== null) c.place?.(target, String(v))
        continue
      }
      const rows = c.step.read(row, path)
      if (rows === undefined || rows === null) continue
      const list = Array.isArray(rows) ? rows : [rows]
      list.forEach((r: Row, i) => c.fill?.(c.open?.(target) as OutElement, r, `${path}.${c.step.member}[${i}]`))
    }
  }
}

export function compileXmlWriter(steps: readonly ExportStep[], options: XmlOptions, entity: string): XmlWriter {
  const envelope = options.record.replace(/^\//, '').split('/')
  const recordName = envelope.pop() as string
  const declarations =
    (options.namespace ? ` xmlns="${escapeText(options.namespace, true)}"` : '') +
    Object.entries(options.namespaces).map(([p, uri]) => ` xmlns:${p}="${escapeText(uri, true)}"`).join('')
  const fill = compileFill(steps)
  return {
    open: () => `<?xml version="1.0" encoding="UTF-8"?>\n${envelope.map((name, i) => `<${name}${i === 0 ? declarations : ''}>`).join('')}`,
    record(row, index) {
      const element: OutElement = { name: recordName, attributes: [], children: [] }
      fill(element, row, `${entity}[${index}]`)
      return serialize(element, envelope.length === 0 ? declarations : '')
    },
    close: () => [...envelope].reverse().map((name) => `</${name}>`).join(''),
  }
}
