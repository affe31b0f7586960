/**
 * XML paths of a mapping: `o:Customer/o:Email`, `@number`, `.` (the element's own text),
 * and `a|b` for a choice (the first alternative present is read). Prefixes are the
 * mapping's `namespaces`; unprefixed elements are in its `namespace` (none when absent),
 * unprefixed attributes in no namespace, as in XML itself.
 */
export interface XmlStep {
  readonly kind: 'element' | 'attribute' | 'self'
  readonly uri: string
  readonly local: string
}

export interface XmlPath {
  readonly text: string
  /** Each alternative is a list of steps; only the last step may be an attribute or `.`. */
  readonly alternatives: readonly (readonly XmlStep[])[]
}

export interface XmlNamespaces {
  readonly namespaces: Readonly<Record<string, string>>
  readonly namespace?: string
}

const NAME = /^(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)$/

/** Parses a relative path (a field) or, with `absolute`, the record path; or says what is wrong. */
export function parseXmlPath(text: string, ns: XmlNamespaces, options: { absolute?: boolean } = {}): XmlPath | { readonly problem: string } {
  const body = options.absolute ? text.replace(/^\//, '') : text
  if (options.absolute && !text.startsWith('/')) return { problem: `record path '${text}' must start with '/'` }
  const alternatives: XmlStep[][] = []
  for (const alternative of body.split('|')) {
    const steps: XmlStep[] = []
    const parts = alternative.trim().split('/')
    for (const [i, part] of parts.entries()) {
      const step = parseStep(part, i === parts.length - 1 && !options.absolute, ns)
      if ('problem' in step) return { problem: `XML path '${text}': ${step.problem}` }
      steps.push(step)
    }
    alternatives.push(steps)
  }
  return { text, alternatives }
}

function parseStep(part: string, last: boolean, ns: XmlNamespaces): XmlStep | { readonly problem: string } {
  if (part === '.') return last ? { kind: 'self', uri: '', local: '' } : { problem: "'.' may only end a path" }
  const attribute = part.startsWith('@')
  if (attribute && !last) return { problem: `the attribute '${part}' may only end a path` }
  const m = NAME.exec(attribute ? part.slice(1) : part)
  if (!m) return { problem: `'${part}' is not an element name, @attribute or '.'` }
  const [, prefix, local = ''] = m
  if (prefix === undefined) return { kind: attribute ? 'attribute' : 'element', uri: attribute ? '' : (ns.namespace ?? ''), local }
  const uri = prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : ns.namespaces[prefix]
  if (uri === undefined) return { problem: `the prefix '${prefix}' is not declared in the mapping's namespaces` }
  return { kind: attribute ? 'attribute' : 'element', uri, local }
}
