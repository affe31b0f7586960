import type { ModelIndex } from '../model/index.js'
import { compileObjectReader, type MappingLevel } from './compile-object-reader.js'
import { mappingErrors } from './errors.js'
import { limitsOf, DEFAULT_LIMITS } from './import-options.js'
import type { ImportRecord } from './import-record.js'
import type { KindImport } from './json-import.js'
import type { XmlOptions } from './mapping-declaration.js'
import { recordPosition, recordReader } from './record-result.js'
import { textChunks, textSlices, wholeText } from './text-input.js'
import { parseXmlPath } from './xml-path.js'
import { createXmlRecordReader, type XmlRecord } from './xml-record-reader.js'
import { xmlWireReader } from './xml-wire-reader.js'

/** The import side of an XML mapping: one record per element at the record path. */
export function compileXmlImport(level: MappingLevel, options: XmlOptions, index: ModelIndex): KindImport {
  const recordPath = parseXmlPath(options.record, options, { absolute: true })
  if ('problem' in recordPath) throw mappingErrors.create('MAPPING_NOT_COMPILABLE', recordPath.problem)
  const steps = recordPath.alternatives[0] ?? []
  const read = recordReader(compileObjectReader(level, xmlWireReader(options), index))
  const toRecord = (r: XmlRecord): ImportRecord => {
    const base = `${options.record}[${r.index + 1}]`
    return read(r.element, base, recordPosition(r.index + 1, r.line, base))
  }
  return {
    async *batches(input, importOptions) {
      const reader = createXmlRecordReader(steps, limitsOf(importOptions))
      for await (const chunk of textChunks(input)) {
        importOptions?.signal?.throwIfAborted()
        const batch = reader.push(chunk).map(toRecord)
        if (batch.length > 0) yield batch
      }
      const rest = reader.end().map(toRecord)
      if (rest.length > 0) yield rest
    },
    one(input) {
      const reader = createXmlRecordReader(steps, DEFAULT_LIMITS)
      const records: XmlRecord[] = []
      for (const slice of textSlices(wholeText(input))) records.push(...reader.push(slice))
      records.push(...reader.end())
      if (records.length !== 1) throw mappingErrors.create('MAPPING_NOT_ONE_RECORD', `the body has ${records.length} ${options.record} elements; one was expected`)
      return toRecord(records[0] as XmlRecord)
    },
  }
}
