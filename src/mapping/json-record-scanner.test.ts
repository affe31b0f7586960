import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createJsonRecordScanner } from './json-record-scanner.js'

const LIMITS = { maxDepth: 64, maxRecordLength: 1_000_000 }

/** Scans `text` fed in the given pieces; the records' texts parsed. */
function scan(pieces: readonly string[]): unknown[] {
  const scanner = createJsonRecordScanner(LIMITS)
  const records = [...pieces.flatMap((p) => scanner.push(p)), ...scanner.end()]
  return records.map((r) => JSON.parse(r.text))
}

function split(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  return [...points, text.length].map((end, i) => text.slice(i === 0 ? 0 : points[i - 1], end))
}

describe('the JSON record scanner', () => {
  it('finds the same records as JSON.parse, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (values, cuts) => {
        const text = JSON.stringify(values, null, values.length % 2 === 0 ? 2 : undefined)
        expect(scan(split(text, cuts))).toEqual(JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  it('reads a sequence of top-level objects (JSON Lines, concatenated JSON)', () => {
    // A first value that is an array reads as a top-level array: records are objects.
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (values, cuts) => {
        const text = values.map((v) => JSON.stringify(v)).join('\n') + '\n'
        expect(scan(split(text, cuts))).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))))
      }),
      { numRuns: 200 },
    )
  })

  it('gives each record its starting line and index', () => {
    const scanner = createJsonRecordScanner(LIMITS)
    const records = [...scanner.push('[\n {"a": "x\\"y"},\n\n {"b": [1,\n 2]}, 3\n]'), ...scanner.end()]
    expect(records.map((r) => [r.line, r.index, r.inArray])).toEqual([
      [2, 0, true],
      [4, 1, true],
      [5, 2, true],
    ])
  })

  it('refuses a broken structure: mismatched brackets, missing commas, trailing commas, an unclosed array', () => {
    for (const text of ['[{"a":1]]', '[{"a":1} {"b":2}]', '[1,]', '[{"a":1}', '[1] 2', '}']) {
      expect(() => scan([text]), text).toThrow(expect.objectContaining({ code: 'MAPPING_MALFORMED_INPUT' }))
    }
  })
})
