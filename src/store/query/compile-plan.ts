import type { TypedQuery } from '../../query/index.js'
import { compileAggregate } from './compile-aggregate.js'
import { compileExpands, forwardOneExpands, type ExpandPlan } from './compile-expand.js'
import { compileSelect, type CompileOptions, type Statement } from './compile-select.js'
import type { RowDecoder } from './decode-rows.js'

/** Every statement a checked query needs: the main one, its count, and one per expand and level. */
export interface QueryPlan {
  readonly main: Statement
  readonly count?: Statement
  readonly decoder: RowDecoder
  readonly expands: readonly ExpandPlan[]
}

/** Compiles a checked query: grouped or plain, with its count and expand statements. */
export function compilePlan(typed: TypedQuery, options: CompileOptions): QueryPlan {
  if (typed.aggregate) {
    const { main, count, decoder } = compileAggregate(typed, typed.aggregate, options)
    return { main, ...(count ? { count } : {}), decoder, expands: [] }
  }
  const { main, count, pieces } = compileSelect(typed, options, forwardOneExpands(typed))
  const expandOptions = { dialect: options.dialect, physical: options.physical }
  return { main, ...(count ? { count } : {}), decoder: pieces.decoder, expands: compileExpands(typed, pieces.foreignKeys, expandOptions) }
}
