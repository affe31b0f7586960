import { join } from 'node:path'
import type { CheckContext, ExtensionModel, SourcePosition } from '../../model/index.js'
import type { Finding } from '../analysis/finding.js'

/** Reads a model file (the checker does no I/O of its own; the platform passes a reader). */
export type ReadModelFile = (absolutePath: string) => string

/**
 * The file:line:column of a finding. Inside an expression the column moves by the offset,
 * counted on the raw YAML text: past the opening quote, `''` in single quotes and `\x` in
 * double quotes counting as one character. A value on several lines keeps its start.
 */
export function findingPosition(ctx: CheckContext, extension: ExtensionModel, finding: Finding, readFile: ReadModelFile): SourcePosition {
  const pos = ctx.at(extension, finding.at, finding.key ? { key: true } : undefined)
  if (finding.offset === undefined) return pos
  const line = lineOf(ctx, pos, readFile)
  if (line === undefined) return pos
  const column = rawColumn(line, pos.column - 1, finding.offset)
  return column === undefined ? pos : { ...pos, column: column + 1 }
}

function lineOf(ctx: CheckContext, pos: SourcePosition, readFile: ReadModelFile): string | undefined {
  try {
    return readFile(join(ctx.model.dir, pos.file)).split(/\r?\n/)[pos.line - 1]
  } catch {
    return undefined
  }
}

/** 0-based column of the `offset`-th decoded character of the scalar starting at `start`. */
function rawColumn(line: string, start: number, offset: number): number | undefined {
  const quote = line[start]
  if (quote !== "'" && quote !== '"') return start + offset <= line.length ? start + offset : undefined
  let i = start + 1
  for (let n = 0; n < offset; n++) {
    if (i >= line.length) return undefined
    i += (quote === "'" && line[i] === "'") || (quote === '"' && line[i] === '\\') ? 2 : 1
  }
  return i
}
