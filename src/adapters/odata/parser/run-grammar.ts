import { isPorticoError } from '../../../errors/index.js'
import { bindPathFilters, bindVariables } from './bind-variables.js'
import { freezeTree } from './freeze-tree.js'
import { parse, SyntaxError as GrammarSyntaxError, type RejectCode, type StartRule } from './odata-grammar.generated.js'
import { expectationError, odataSyntaxErrors, positionedError } from './odata-syntax-errors.js'
import { DEFAULT_PARSER_LIMITS, type AliasValue, type AliasValues, type ParseOptions, type ParserLimits } from './parser-options.js'

/** Raises the error for a construct at an offset of the text being parsed. */
export type Reject = (code: RejectCode, message: string, offset: number) => never

/** Resolves `@name` at `offset`; after `in` a list is wanted, elsewhere a single value. */
export type AliasResolver = (name: string, offset: number, wanted: 'value' | 'list', reject: Reject) => unknown

/** One run of the grammar over the text of one option. */
export interface GrammarRun {
  readonly rule: StartRule
  /** How messages name the text: `$filter`, `@p`, `resource path`. */
  readonly option: string
  readonly text: string
  readonly limits?: Partial<ParserLimits>
  readonly resolveAlias?: AliasResolver
}

/**
 * Parses one option's text into frozen data: checks the length, runs the generated parser
 * with the depth limit, binds lambda variables and freezes the result. Every failure is a
 * PorticoError with the option name and a 1-based position.
 */
export function runGrammar(run: GrammarRun): unknown {
  const maxLength = run.limits?.maxLength ?? DEFAULT_PARSER_LIMITS.maxLength
  const maxDepth = run.limits?.maxDepth ?? DEFAULT_PARSER_LIMITS.maxDepth
  if (run.text.length > maxLength) {
    throw odataSyntaxErrors.create('ODATA_TOO_COMPLEX', `${run.option}: longer than ${maxLength} characters`, {
      target: run.option,
    })
  }
  const reject: Reject = (code, message, offset) => {
    throw positionedError(code, run.option, run.text, message, offset)
  }
  const resolveAlias = run.resolveAlias ?? resolveFrom(undefined)
  try {
    const tree = parse(run.text, {
      startRule: run.rule,
      maxDepth,
      reject,
      alias: (name, offset, wanted) => resolveAlias(name, offset, wanted, reject),
    })
    return freezeTree(run.rule === 'resourcePath' ? bindPathFilters(tree) : bindVariables(tree))
  } catch (error) {
    if (isPorticoError(error)) throw error
    if (error instanceof GrammarSyntaxError) {
      throw expectationError(run.option, run.text, error.location.start.offset, error.expected ?? [])
    }
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw odataSyntaxErrors.create('ODATA_TOO_COMPLEX', `${run.option}: nested too deeply to parse`, {
        target: run.option,
        cause: error,
      })
    }
    throw error
  }
}

/** The single-option parse functions: `options.option` names the text, aliases come from `options.aliases`. */
export function runOption(rule: StartRule, defaultOption: string, text: string, options: ParseOptions | undefined): unknown {
  return runGrammar({
    rule,
    option: options?.option ?? defaultOption,
    text,
    limits: options,
    resolveAlias: resolveFrom(options?.aliases),
  })
}

/** Looks aliases up in `aliases`; a list is accepted only after `in`, a single value everywhere else. */
export function resolveFrom(aliases: AliasValues | undefined): AliasResolver {
  return (name, offset, wanted, reject) => {
    const value = lookup(aliases, name)
    if (value === undefined) return reject('ODATA_SYNTAX', `unknown parameter alias @${name}`, offset)
    if (Array.isArray(value) && wanted === 'value') {
      return reject('ODATA_SYNTAX', `parameter alias @${name} holds a list, which is allowed only after in`, offset)
    }
    if (!Array.isArray(value) && wanted === 'list') {
      return reject('ODATA_SYNTAX', `parameter alias @${name} must hold a list such as [1,2] after in`, offset)
    }
    return value
  }
}

function lookup(aliases: AliasValues | undefined, name: string): AliasValue | undefined {
  if (aliases === undefined) return undefined
  if (aliases instanceof Map) return (aliases as ReadonlyMap<string, AliasValue>).get(name)
  const record = aliases as Readonly<Record<string, AliasValue>>
  return Object.hasOwn(record, name) ? record[name] : undefined
}
