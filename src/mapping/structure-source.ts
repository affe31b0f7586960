import { parse as parseCsv } from 'csv-parse/sync'
import { relative, resolve, sep } from 'node:path'
import { recordShape, shapeOfSample, shapeOfSchema, type JsonShape } from './json-structure.js'
import type { MappingDeclaration } from './mapping-declaration.js'
import { parseXmlDocument } from './xml-document.js'
import { shapeOfXmlSample, shapeOfXsd, type XmlShape } from './xml-structure.js'

/** The structure a mapping's `schema:` or `sample:` file describes. */
export type WireStructure =
  | { readonly kind: 'json'; readonly record: JsonShape }
  | { readonly kind: 'xml'; readonly document: XmlShape }
  | { readonly kind: 'csv'; readonly header: readonly string[] }

/** Reads a file the model names; the checker gets it from the runtime (the mapping layer does no I/O). */
export type ReadModelFile = (absolutePath: string) => string

export type StructureResult =
  | { readonly structure: WireStructure; readonly from: 'schema' | 'sample' }
  | { readonly problem: string; readonly from: 'schema' | 'sample' }
  | undefined

/** Loads the structure source of a mapping (the schema when both are given); undefined when it names none. */
export function loadStructure(d: MappingDeclaration, appDir: string, readFile: ReadModelFile): StructureResult {
  const from = d.schema !== undefined ? 'schema' : d.sample !== undefined ? 'sample' : undefined
  if (!from) return undefined
  const file = (from === 'schema' ? d.schema : d.sample) as string
  const path = resolve(appDir, d.module, file)
  const inside = relative(appDir, path)
  if (inside.startsWith('..') || inside.startsWith(sep) || inside === '') return { problem: `'${file}' is outside the app folder`, from }
  let text: string
  try {
    text = readFile(path)
  } catch {
    return { problem: `'${file}' cannot be read (relative to the module folder ${d.module}/)`, from }
  }
  try {
    return { structure: parseStructure(d, from, text), from }
  } catch (error) {
    return { problem: `'${file}' is not a valid ${describe(d, from)}: ${(error as Error).message}`, from }
  }
}

function describe(d: MappingDeclaration, from: 'schema' | 'sample'): string {
  if (from === 'schema') return d.kind === 'xml' ? 'XSD' : 'JSON Schema'
  return `${d.kind.toUpperCase()} sample`
}

function parseStructure(d: MappingDeclaration, from: 'schema' | 'sample', text: string): WireStructure {
  if (d.kind === 'csv') {
    if (from === 'schema') throw new Error('a CSV mapping takes a sample file, not a schema')
    const rows = parseCsv(text, { delimiter: d.csv.delimiter, quote: d.csv.quote, escape: d.csv.escape, to_line: 1, relax_column_count: true, bom: true }) as string[][]
    return { kind: 'csv', header: (rows[0] ?? []).map((h) => h.trim()) }
  }
  if (d.kind === 'xml') {
    const root = parseXmlDocument(text)
    return { kind: 'xml', document: from === 'schema' ? shapeOfXsd(root) : shapeOfXmlSample(root) }
  }
  if (from === 'schema') return { kind: 'json', record: recordShape(shapeOfSchema(JSON.parse(text))) }
  return { kind: 'json', record: recordShape(shapeOfSample(parseJsonOrLines(text))) }
}

/** A sample is one JSON document or JSON Lines (read as an array of its lines). */
function parseJsonOrLines(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    const lines = text.split('\n').filter((l) => l.trim() !== '')
    if (lines.length < 2) throw error
    return lines.map((l) => JSON.parse(l) as unknown)
  }
}
