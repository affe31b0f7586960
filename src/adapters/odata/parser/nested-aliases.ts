import type { AliasValue, ParserLimits } from './parser-options.js'
import { runGrammar, type AliasResolver } from './run-grammar.js'

/** A parameter alias assigned inside the options of an expanded navigation: `lines($filter=quantity gt @q;@q=2)`. */
export interface NestedAlias {
  readonly name: string
  /** The value's text and where it starts in the option's text. */
  readonly text: string
  readonly offset: number
  /** The parenthesised options it belongs to: offsets of `(` and of its `)`. */
  readonly scope: readonly [number, number]
}

/** For alias values, which cannot refer to other aliases. */
export const noNesting: AliasResolver = (name, offset, _wanted, reject) => reject('ODATA_SYNTAX', `a parameter alias value cannot refer to another alias (@${name})`, offset)

/**
 * The resolver for an `$expand` option's text: its options may assign aliases of their own
 * (`lines($filter=quantity gt @q;@q=2)`), which apply inside those options before `outer`.
 */
export function expandResolver(option: string, text: string, limits: Partial<ParserLimits> | undefined, outer: AliasResolver): AliasResolver {
  const nested = findNestedAliases(text)
  if (nested.length === 0) return outer
  const values = nested.map((a) => runGrammar({ rule: 'aliasValue', option: `@${a.name} in ${option}`, text: a.text, limits, resolveAlias: noNesting }) as AliasValue)
  return scopedResolver(nested, values, outer)
}

const ASSIGNMENT = /^@([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]*)[ \t]*=[ \t]*/u

/**
 * Finds the alias assignments nested in `$expand` options (OData 4.01 URL Conventions §5.1.3:
 * `aliasAndValue` among the expand options). An assignment is `@name=value` right after the `(`
 * or a `;` of an option list; its value runs to the next `;` or `)` of the same list. Quoted
 * strings ('…' and "…") are skipped, so their content never counts. The grammar parses the
 * assignments too (and refuses malformed ones); this scan only says where each one applies.
 */
export function findNestedAliases(text: string): NestedAlias[] {
  const found: { name: string; text: string; offset: number; open: number }[] = []
  const scopes = new Map<number, number>()
  const open: number[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (c === "'" || c === '"') {
      i = skipQuoted(text, i)
      continue
    }
    if (c === '(') open.push(i)
    else if (c === ')') {
      const start = open.pop()
      if (start !== undefined) scopes.set(start, i)
    } else if (c === '@' && open.length > 0 && startsOption(text, i)) {
      const m = ASSIGNMENT.exec(text.slice(i))
      if (m) {
        const offset = i + m[0].length
        const end = valueEnd(text, offset)
        found.push({ name: m[1] as string, text: text.slice(offset, end), offset, open: open[open.length - 1] as number })
        i = end
        continue
      }
    }
    i++
  }
  return found.map((a) => ({ name: a.name, text: a.text.trimEnd(), offset: a.offset, scope: [a.open, scopes.get(a.open) ?? text.length] as const }))
}

/**
 * Resolves `@name` at an offset by the innermost nested assignment whose options contain the
 * offset, else by `outer` (the request's top-level aliases).
 */
export function scopedResolver(nested: readonly NestedAlias[], values: readonly AliasValue[], outer: AliasResolver): AliasResolver {
  return (name, offset, wanted, reject) => {
    let best = -1
    nested.forEach((a, i) => {
      const inside = a.name === name && a.scope[0] < offset && offset < a.scope[1]
      if (inside && (best < 0 || a.scope[0] > (nested[best] as NestedAlias).scope[0])) best = i
    })
    if (best < 0) return outer(name, offset, wanted, reject)
    const value = values[best] as AliasValue
    if (Array.isArray(value) !== (wanted === 'list')) {
      return reject('ODATA_SYNTAX', wanted === 'list' ? `parameter alias @${name} must hold a list such as [1,2] after in` : `parameter alias @${name} holds a list, which is allowed only after in`, offset)
    }
    return value
  }
}

function startsOption(text: string, at: number): boolean {
  let j = at - 1
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--
  return text[j] === '(' || text[j] === ';'
}

/** The end of a value: the next `;` or `)` outside quotes and nested parentheses or brackets. */
function valueEnd(text: string, from: number): number {
  let depth = 0
  let i = from
  while (i < text.length) {
    const c = text[i] as string
    if (c === "'" || c === '"') {
      i = skipQuoted(text, i)
      continue
    }
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i
      depth--
    } else if (c === ';' && depth === 0) return i
    i++
  }
  return i
}

/** The offset after a quoted string starting at `at` ('' escapes a quote in OData strings, \ in JSON ones). */
function skipQuoted(text: string, at: number): number {
  const quote = text[at]
  let i = at + 1
  while (i < text.length) {
    if (quote === '"' && text[i] === '\\') i += 2
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 2
      else return i + 1
    } else i++
  }
  return i
}
