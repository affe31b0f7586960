import { Parser, type CsvError } from 'csv-parse'
import type { CsvOptions } from './mapping-declaration.js'
import { mappingErrors } from './errors.js'

/** One parsed CSV row and the line it starts on. */
export interface CsvRow {
  readonly cells: readonly string[]
  readonly line: number
}

export interface CsvRowReader {
  push(text: string): CsvRow[]
  end(): CsvRow[]
  /** Set when the input broke off: the rows before it were returned first. */
  failure(): Error | undefined
}

interface ParserApi {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): CsvError | undefined
}

/**
 * csv-parse driven synchronously, chunk by chunk, through the `api` its stream parser is
 * built on (csv-parse 7.0.3, pinned): rows come out in order before any error, and the
 * same core serves streams and single bodies. Lines are counted here (a row takes one line
 * plus the line breaks inside its quoted cells), because csv-parse miscounts lines inside
 * quoted cells with CRLF endings.
 */
export function createCsvRowReader(options: CsvOptions, maxRecordLength: number): CsvRowReader {
  const api = (new Parser({
    delimiter: options.delimiter,
    quote: options.quote,
    escape: options.escape,
    relax_column_count: true,
    max_record_size: maxRecordLength,
  }) as unknown as { api?: ParserApi }).api
  if (!api || typeof api.parse !== 'function') throw new Error('csv-parse has no synchronous api: its version changed')
  let line = 1
  let out: CsvRow[] = []
  let failure: Error | undefined
  const push = (cells: string[]): void => {
    out.push({ cells, line })
    line += 1 + newlines(cells)
  }
  const run = (chunk: Buffer | undefined, end: boolean): CsvRow[] => {
    const error = api.parse(chunk, end, push, () => undefined)
    const rows = out
    out = []
    if (error) failure = malformed(error, line)
    return rows
  }
  return { push: (text) => run(Buffer.from(text), false), end: () => run(undefined, true), failure: () => failure }
}

/** Line breaks inside the cells of a row (only quoted cells can hold them). */
function newlines(cells: readonly string[]): number {
  let n = 0
  for (const cell of cells) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n++
  return n
}

function malformed(error: CsvError, line: number): Error {
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return mappingErrors.create('MAPPING_LIMIT_EXCEEDED', `CSV input, line ${line}: a row is longer than the limit`, { cause: error, target: `line ${line}` })
  }
  const reason = error.message.replace(/ at line \d+/, '').replace(/: the parsing is finished with an opening quote.*/, ': a quoted cell is never closed')
  return mappingErrors.create('MAPPING_MALFORMED_INPUT', `CSV input, line ${line}: ${reason}`, { cause: error, target: `line ${line}` })
}
