import type { CheckContext, CheckRule, SourcePosition } from '../model/index.js'
import { effectiveConvert, valueType } from './field-converter.js'
import { jsonShapeAt, type JsonShape } from './json-structure.js'
import { parseJsonPath } from './json-wire-reader.js'
import { checkedMappings, fieldAt, locationKey, type CheckedMapping } from './mapping-levels.js'
import type { ResolvedField } from './resolve-field.js'
import { loadStructure, type ReadModelFile } from './structure-source.js'
import { jsonMismatch, xmlMismatch } from './wire-type-fit.js'
import { attributeKey } from './xml-element.js'
import { parseXmlPath } from './xml-path.js'
import type { XmlShape } from './xml-structure.js'

interface Finding {
  readonly code: 'PM304' | 'PM306' | 'PM307'
  readonly pos: SourcePosition
  readonly message: string
}
type Report = (code: Finding['code'], f: ResolvedField | undefined, message: string) => void

/** Every finding about mappings against their schema or sample files. */
function structureFindings(ctx: CheckContext, readFile: ReadModelFile): Finding[] {
  const out: Finding[] = []
  for (const m of checkedMappings(ctx)) {
    if (!m.entity) continue
    const loaded = loadStructure(m.declaration, ctx.model.dir, readFile)
    if (!loaded) continue
    if ('problem' in loaded) {
      out.push({ code: 'PM307', pos: ctx.at(m.extension, [loaded.from]), message: loaded.problem })
      continue
    }
    const source = `${loaded.from} ${m.declaration[loaded.from]}`
    const report: Report = (code, f, message) =>
      out.push({ code, pos: f ? fieldAt(ctx, m, f, locationKey(m)) : ctx.at(m.extension, ['record']), message: `${message} (${source})` })
    const s = loaded.structure
    if (s.kind === 'json') checkJson(m.fields, s.record, report)
    else if (s.kind === 'csv') checkCsv(m, s.header, report)
    else {
      const record = xmlRecordShape(m, s.document)
      if (record) checkXml(m, m.fields, record, report)
      else report('PM306', undefined, `the record path ${m.declaration.xml.record} is not in the structure`)
    }
  }
  return out
}

function checkJson(fields: readonly ResolvedField[], shape: JsonShape, report: Report): void {
  for (const f of fields) {
    const path = parseJsonPath(String(f.field.location))
    if ('problem' in path || f.kind === 'unknown') continue
    const at = jsonShapeAt(shape, path.keys)
    if (!at) {
      report('PM306', f, `'${f.field.location}' is not in the structure`)
      continue
    }
    if (f.kind !== 'nested') {
      const mismatch = jsonMismatch(at, valueType(f), effectiveConvert(f) !== undefined)
      if (mismatch) report('PM304', f, `'${f.field.location}' → ${f.field.member}: ${mismatch}`)
      continue
    }
    const many = f.navigation.cardinality === 'many'
    if (at.kind === 'any') continue
    if (many ? at.kind !== 'array' : at.kind !== 'object') {
      report('PM304', f, `'${f.field.location}' is ${at.kind === 'scalar' ? `a ${at.type}` : `an ${at.kind}`}, but '${f.field.member}' takes ${many ? 'an array' : 'an object'}`)
      continue
    }
    checkJson(f.fields, at.kind === 'array' ? at.items : at, report)
  }
}

function xmlRecordShape(m: CheckedMapping, document: XmlShape): XmlShape | undefined {
  const path = parseXmlPath(m.declaration.xml.record, m.declaration.xml, { absolute: true })
  if ('problem' in path) return undefined
  let at: XmlShape | undefined = document
  for (const step of path.alternatives[0] ?? []) at = at?.children.get(attributeKey(step.uri, step.local))
  return at
}

function checkXml(m: CheckedMapping, fields: readonly ResolvedField[], shape: XmlShape, report: Report): void {
  for (const f of fields) {
    const path = parseXmlPath(String(f.field.location), m.declaration.xml)
    if ('problem' in path || f.kind === 'unknown') continue
    for (const steps of path.alternatives) {
      let at: XmlShape | undefined = shape
      let simple: string | undefined
      for (const step of steps) {
        if (step.kind === 'element') at = at?.children.get(attributeKey(step.uri, step.local))
        else if (step.kind === 'attribute') simple = at?.attributes.get(attributeKey(step.uri, step.local))
        if (step.kind === 'attribute' && simple === undefined) at = undefined
      }
      if (!at) {
        report('PM306', f, `'${steps.length === path.alternatives[0]?.length && path.alternatives.length === 1 ? f.field.location : stepsText(String(f.field.location), path.alternatives.indexOf(steps))}' is not in the structure`)
        continue
      }
      if (f.kind === 'nested') checkXml(m, f.fields, at, report)
      else {
        const mismatch = xmlMismatch(simple ?? at.text, valueType(f))
        if (mismatch) report('PM304', f, `'${f.field.location}' → ${f.field.member}: ${mismatch}`)
      }
    }
  }
}

function stepsText(location: string, alternative: number): string {
  return (location.split('|')[alternative] ?? location).trim()
}

function checkCsv(m: CheckedMapping, header: readonly string[], report: Report): void {
  for (const f of m.fields) {
    const loc = f.field.location
    if (typeof loc === 'number' ? loc > header.length : !header.includes(loc)) {
      report('PM306', f, typeof loc === 'number' ? `column ${loc} is beyond the ${header.length} columns of the sample` : `column '${loc}' is not in the sample's header (${header.join(', ')})`)
    }
  }
}

/** The rules that read a mapping's `schema:` or `sample:` file, which the runtime reads for them. */
export function createStructureRules(readFile: ReadModelFile): CheckRule[] {
  const rule = (code: Finding['code'], severity: 'error', title: string, description: string): CheckRule => ({
    code,
    severity,
    title,
    description,
    check(ctx) {
      for (const f of structureFindings(ctx, readFile)) if (f.code === code) ctx.report(f.pos, f.message)
    },
  })
  return [
    rule(
      'PM304',
      'error',
      'Wire type does not fit the member',
      'The mapping’s schema or sample gives a field a type its member cannot take without a conversion: a JSON string mapped to an Integer or Boolean, a number to a String, an object to an attribute, a single object to a collection; or an XSD type (xs:boolean, xs:date, …) that does not read as the member’s type. Add a `convert` (in JSON, `convert: {}` reads the default text form), or map the right member.',
    ),
    rule('PM306', 'error', 'Path not found in the structure source', 'A field’s path, an XML record path or a CSV column does not exist in the schema or sample the mapping names, so it would never carry a value. Fix the path, or the schema/sample if it is out of date.'),
    rule('PM307', 'error', 'Structure source cannot be read', 'The mapping’s `schema:` or `sample:` file (relative to the module folder) does not exist, lies outside the app folder, or is not a valid JSON Schema, XSD, JSON, XML or CSV file of the mapping’s kind (a CSV mapping takes a sample only).'),
  ]
}
