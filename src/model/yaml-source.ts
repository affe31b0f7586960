import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { diagnostic, type Diagnostic } from './diagnostic.js'
import type { NodePosition, SourcePosition } from './types.js'

/** A parsed YAML file: plain data plus the position of every node by JSON pointer. */
export interface YamlSource {
  readonly file: string
  readonly data: unknown
  readonly positions: ReadonlyMap<string, NodePosition>
  readonly diagnostics: readonly Diagnostic[]
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1')
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => '/' + pointerSegment(s)).join('')
}

/**
 * Parses YAML keeping positions. Aliases are refused beyond a small count (no alias bombs),
 * duplicate keys are errors, and a syntax error yields a diagnostic at its line and column.
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true })
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset)
    return { file, line: p.line, column: p.col }
  }
  const diagnostics: Diagnostic[] = []
  for (const error of doc.errors) {
    const pos = error.linePos?.[0] ? { file, line: error.linePos[0].line, column: error.linePos[0].col } : at(error.pos[0])
    diagnostics.push(diagnostic('PY001', 'error', pos, `YAML syntax error: ${firstLine(error.message)}`))
  }
  if (diagnostics.length > 0) return { file, data: undefined, positions: new Map(), diagnostics }

  const positions = new Map<string, NodePosition>()
  const start = at(doc.contents?.range?.[0] ?? 0)
  positions.set('', { key: start, value: start })
  walk(doc.contents, '', positions, at)
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 50 })
  } catch (error) {
    diagnostics.push(diagnostic('PY001', 'error', start, `YAML could not be read: ${(error as Error).message}`))
  }
  return { file, data, positions, diagnostics }
}

function walk(
  node: Node | null | undefined,
  pointer: string,
  positions: Map<string, NodePosition>,
  at: (offset: number) => SourcePosition,
): void {
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue
      const keyNode = item.key as Node | null
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode)
      const child = joinPointer(pointer, key)
      const keyPos = at(keyNode?.range?.[0] ?? 0)
      const valueNode = item.value as Node | null
      const valuePos = valueNode?.range ? at(valueNode.range[0]) : keyPos
      positions.set(child, { key: keyPos, value: valuePos })
      walk(valueNode, child, positions, at)
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const child = joinPointer(pointer, index)
      const pos = at((item as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0)
      positions.set(child, { key: pos, value: pos })
      walk(item as Node, child, positions, at)
    })
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}
