import { mappingErrors } from './errors.js'

/**
 * Splits a JSON text that arrives in chunks into records without building values: the
 * elements of a top-level array, or a sequence of top-level values (one document, JSON
 * Lines, concatenated JSON). Each record's text then goes to the native `JSON.parse`, which
 * is an order of magnitude faster than a JavaScript token parser (stream-json measured 14×
 * slower than `JSON.parse` here, and says it is not meant for untrusted input), so memory
 * stays at one record and throughput near that of `JSON.parse`. The scanner checks the
 * structure between records and the bracket nesting inside them; everything else inside a
 * record is left to `JSON.parse`, whose failure spoils only that record.
 */
export interface ScannedRecord {
  readonly text: string
  /** 1-based line where the record starts. */
  readonly line: number
  /** 0-based index of the record in the input. */
  readonly index: number
  /** Whether the records are elements of a top-level array (`$[i]`) or top-level values (`$`). */
  readonly inArray: boolean
}

export interface JsonScanLimits {
  readonly maxDepth: number
  /** Characters of one record. */
  readonly maxRecordLength: number
}

export interface JsonRecordScanner {
  push(chunk: string): ScannedRecord[]
  end(): ScannedRecord[]
}

const enum C {
  Tab = 9, Newline = 10, Return = 13, Space = 32, Quote = 34, Comma = 44, Backslash = 92,
  OpenBracket = 91, CloseBracket = 93, OpenBrace = 123, CloseBrace = 125, Bom = 0xfeff,
}

type Expect = 'detect' | 'valueOrEnd' | 'value' | 'comma' | 'done' | 'sequence'

/** The scanner's state: the unread text from the current record on, and where it stands. */
interface Scan {
  buf: string
  pos: number
  line: number
  expect: Expect
  /** Start of the current record in `buf`; -1 between records. */
  start: number
  startLine: number
  index: number
  inString: boolean
  /** The record is a top-level scalar (a string, number or literal), not an object or array. */
  scalar: boolean
  readonly stack: number[]
  out: ScannedRecord[]
  readonly limits: JsonScanLimits
}

export function createJsonRecordScanner(limits: JsonScanLimits): JsonRecordScanner {
  const s: Scan = { buf: '', pos: 0, line: 1, expect: 'detect', start: -1, startLine: 1, index: 0, inString: false, scalar: false, stack: [], out: [], limits }
  return {
    push(chunk) {
      const keep = s.start >= 0 ? s.start : s.pos
      s.buf = s.buf.slice(keep) + chunk
      s.pos -= keep
      if (s.start >= 0) s.start -= keep
      scan(s)
      return take(s)
    },
    end() {
      if (s.start >= 0 && s.scalar && !s.inString) complete(s, s.pos)
      if (s.start >= 0) throw malformed(s, `the input ends inside record ${s.index + 1}, which starts at line ${s.startLine}`)
      if (s.expect === 'valueOrEnd' || s.expect === 'value' || s.expect === 'comma') throw malformed(s, "the input ends before the array's closing ']'")
      return take(s)
    },
  }
}

function take(s: Scan): ScannedRecord[] {
  const records = s.out
  s.out = []
  return records
}

function malformed(s: Scan, reason: string): Error {
  return mappingErrors.create('MAPPING_MALFORMED_INPUT', `JSON input, line ${s.line}: ${reason}`, { target: `line ${s.line}` })
}

function scan(s: Scan): void {
  const max = s.limits.maxRecordLength
  while (s.pos < s.buf.length) {
    const c = s.buf.charCodeAt(s.pos)
    if (s.start < 0) between(s, c)
    else if (!inside(s, c)) break
    if (s.start >= 0 && s.pos - s.start > max) {
      throw mappingErrors.create('MAPPING_LIMIT_EXCEEDED', `JSON input, line ${s.startLine}: record ${s.index + 1} is longer than ${max} characters`)
    }
  }
}

function complete(s: Scan, end: number): void {
  s.out.push({ text: s.buf.slice(s.start, end), line: s.startLine, index: s.index++, inArray: s.expect !== 'sequence' })
  s.start = -1
  s.scalar = false
  if (s.expect !== 'sequence') s.expect = 'comma'
}

function begin(s: Scan, c: number): void {
  if (s.expect === 'sequence' && (c === C.Comma || c === C.CloseBracket || c === C.CloseBrace)) throw malformed(s, `unexpected '${String.fromCharCode(c)}' between records`)
  s.start = s.pos
  s.startLine = s.line
  s.pos++
  if (c === C.OpenBrace || c === C.OpenBracket) s.stack.push(c)
  else if (c === C.Quote) s.inString = s.scalar = true
  else s.scalar = true
}

const isSpace = (c: number): boolean => c === C.Space || c === C.Newline || c === C.Tab || c === C.Return

/** Between records: whitespace and the array's punctuation. */
function between(s: Scan, c: number): void {
  if (isSpace(c) || c === C.Bom) {
    if (c === C.Newline) s.line++
    s.pos++
    return
  }
  const char = String.fromCharCode(c)
  switch (s.expect) {
    case 'detect':
      s.expect = c === C.OpenBracket ? 'valueOrEnd' : 'sequence'
      if (c === C.OpenBracket) s.pos++
      return
    case 'valueOrEnd':
      if (c !== C.CloseBracket) return begin(s, c)
      s.expect = 'done'
      s.pos++
      return
    case 'value':
      if (c === C.CloseBracket || c === C.Comma) throw malformed(s, `expected a value after ',', found '${char}'`)
      return begin(s, c)
    case 'comma':
      if (c !== C.Comma && c !== C.CloseBracket) throw malformed(s, `expected ',' or ']' after record ${s.index}, found '${char}'`)
      s.expect = c === C.Comma ? 'value' : 'done'
      s.pos++
      return
    case 'done':
      throw malformed(s, `unexpected '${char}' after the closing ']'`)
    case 'sequence':
      return begin(s, c)
  }
}

/** Inside a record; false when the buffer ends inside a string. */
function inside(s: Scan, c: number): boolean {
  if (s.inString) {
    const q = closingQuote(s.buf, s.pos)
    if (q < 0) {
      s.pos = s.buf.length
      return false
    }
    s.pos = q + 1
    s.inString = false
    if (s.scalar && s.stack.length === 0) complete(s, s.pos)
    return true
  }
  if (s.scalar && s.stack.length === 0) {
    if (isSpace(c) || c === C.Comma || c === C.CloseBracket || c === C.OpenBrace || c === C.OpenBracket || c === C.Quote) complete(s, s.pos)
    else s.pos++
    return true
  }
  s.pos++
  if (c === C.Quote) s.inString = true
  else if (c === C.OpenBrace || c === C.OpenBracket) open(s, c)
  else if (c === C.CloseBrace || c === C.CloseBracket) close(s, c)
  else if (c === C.Newline) s.line++
  return true
}

function open(s: Scan, c: number): void {
  s.stack.push(c)
  if (s.stack.length > s.limits.maxDepth) throw mappingErrors.create('MAPPING_LIMIT_EXCEEDED', `JSON input, line ${s.line}: nested deeper than ${s.limits.maxDepth} levels`)
}

function close(s: Scan, c: number): void {
  const opened = s.stack.pop()
  if (opened !== (c === C.CloseBrace ? C.OpenBrace : C.OpenBracket)) {
    throw malformed(s, `'${String.fromCharCode(c)}' does not close ${opened === undefined ? 'anything' : `'${String.fromCharCode(opened)}'`}`)
  }
  if (s.stack.length === 0) complete(s, s.pos)
}

/** Index of the quote closing a string, searching from `from`; -1 when the buffer ends first. */
function closingQuote(buf: string, from: number): number {
  let q = buf.indexOf('"', from)
  while (q >= 0) {
    let backslashes = 0
    while (buf.charCodeAt(q - 1 - backslashes) === C.Backslash) backslashes++
    if (backslashes % 2 === 0) return q
    q = buf.indexOf('"', q + 1)
  }
  return -1
}
