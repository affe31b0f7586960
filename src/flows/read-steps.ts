import type { DeclarationPath } from './flow-declaration.js'

/** An expression as written: its text and where it sits in the declaration. */
export interface Source {
  readonly text: string
  readonly at: DeclarationPath
}

/** A value built at run time: a string is an expression; maps and lists are built entry by entry. */
export type Template =
  | { readonly kind: 'expr'; readonly source: Source }
  | { readonly kind: 'const'; readonly value: unknown }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Template])[] }
  | { readonly kind: 'list'; readonly items: readonly Template[] }

export interface ValueEntry {
  readonly member: string
  readonly value: Template
  readonly at: DeclarationPath
}

/** Text with `{expression}` parts. */
export interface MessageText {
  readonly parts: readonly (string | Source)[]
  readonly at: DeclarationPath
  /** Offset of each expression part in the YAML text, for positions. */
  readonly offsets: readonly number[]
}

type StepBody =
  | { readonly kind: 'import'; readonly mapping: string; readonly from?: Source; readonly as?: string }
  | { readonly kind: 'export'; readonly mapping: string; readonly rows: Source; readonly as: string }
  | { readonly kind: 'validate'; readonly condition: Source; readonly message: MessageText }
  | { readonly kind: 'create'; readonly entity: string; readonly values: readonly ValueEntry[]; readonly as?: string }
  | { readonly kind: 'update'; readonly entity: string; readonly id: Source; readonly values: readonly ValueEntry[]; readonly as?: string }
  | {
      readonly kind: 'upsert'
      readonly entity: string
      /** The key members; their values are among `values`. */
      readonly key: readonly string[]
      readonly values: readonly ValueEntry[]
      readonly whenMissing: 'create' | 'ignore' | 'error'
      readonly as?: string
    }
  | { readonly kind: 'delete'; readonly entity: string; readonly id: Source }
  | { readonly kind: 'query'; readonly entity: string; readonly where?: Source; readonly orderBy?: string; readonly top?: number; readonly as: string }
  | { readonly kind: 'if'; readonly condition: Source; readonly then: readonly Step[]; readonly else: readonly Step[] }
  | { readonly kind: 'forEach'; readonly in: Source; readonly as: string; readonly steps: readonly Step[] }
  | { readonly kind: 'action'; readonly name: string; readonly input?: Template; readonly as?: string }
  | { readonly kind: 'publish'; readonly channel: string; readonly key?: Source; readonly payload: Template }
  | { readonly kind: 'set'; readonly variables: readonly (readonly [string, Source])[] }
  | { readonly kind: 'return'; readonly value: Template }
  | { readonly kind: 'fail'; readonly message: MessageText }
  | { readonly kind: 'call' | 'writeFile' }

/** One step; `at` is the path of its list item. */
export type Step = StepBody & { readonly at: DeclarationPath }

type Json = Readonly<Record<string, unknown>>

/** Reads a list of steps the schema has validated. */
export function readSteps(list: readonly unknown[], at: DeclarationPath, qualify: (name: string) => string): Step[] {
  return list.map((item, i) => {
    const [kind, body] = Object.entries(item as Json)[0] ?? ['fail', {}]
    const stepAt = [...at, i]
    return Object.freeze({ ...readStep(kind, body, [...stepAt, kind], qualify), at: stepAt }) as Step
  })
}

function readStep(kind: string, body: unknown, at: DeclarationPath, qualify: (name: string) => string): StepBody {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Json
  const src = (key: string): Source => ({ text: String(b[key] ?? ''), at: [...at, key] })
  const opt = (key: string): { readonly as?: string } => (typeof b[key] === 'string' ? { [key]: b[key] as string } : {})
  const entity = qualify(String(b.entity ?? ''))
  const values = (): ValueEntry[] => entries((b.values ?? {}) as Json, [...at, 'values'])
  switch (kind) {
    case 'import':
      return { kind, mapping: String(b.mapping), ...(b.from === undefined ? {} : { from: src('from') }), ...opt('as') }
    case 'export':
      return { kind, mapping: String(b.mapping), rows: src('rows'), as: String(b.as) }
    case 'validate':
      return { kind, condition: src('condition'), message: messageText(String(b.message ?? ''), [...at, 'message']) }
    case 'create':
      return { kind, entity, values: values(), ...opt('as') }
    case 'update':
      return { kind, entity, id: src('id'), values: values(), ...opt('as') }
    case 'upsert': {
      const key = Array.isArray(b.key) ? (b.key as string[]) : Object.keys((b.key ?? {}) as Json)
      const keyValues = Array.isArray(b.key) ? [] : entries((b.key ?? {}) as Json, [...at, 'key'])
      const whenMissing = (b.whenMissing as 'create' | 'ignore' | 'error' | undefined) ?? 'create'
      return { kind, entity, key, values: [...keyValues, ...values()], whenMissing, ...opt('as') }
    }
    case 'delete':
      return { kind, entity, id: src('id') }
    case 'query':
      return { kind, entity, as: String(b.as), ...(b.where === undefined ? {} : { where: src('where') }), ...(typeof b.orderBy === 'string' ? { orderBy: b.orderBy } : {}), ...(typeof b.top === 'number' ? { top: b.top } : {}) }
    default:
      return readCompound(kind, b, at, qualify, body)
  }
}

function readCompound(kind: string, b: Json, at: DeclarationPath, qualify: (name: string) => string, body: unknown): StepBody {
  const src = (key: string): Source => ({ text: String(b[key] ?? ''), at: [...at, key] })
  switch (kind) {
    case 'if':
      return { kind, condition: src('condition'), then: readSteps(list(b.then), [...at, 'then'], qualify), else: readSteps(list(b.else), [...at, 'else'], qualify) }
    case 'forEach':
      return { kind, in: src('in'), as: String(b.as), steps: readSteps(list(b.steps), [...at, 'steps'], qualify) }
    case 'action':
      return { kind, name: String(b.name), ...(b.input === undefined ? {} : { input: template(b.input, [...at, 'input']) }), ...(typeof b.as === 'string' ? { as: b.as } : {}) }
    case 'publish':
      return { kind, channel: String(b.channel), payload: template(b.payload, [...at, 'payload']), ...(b.key === undefined ? {} : { key: src('key') }) }
    case 'set':
      return { kind, variables: Object.entries(b).map(([name, v]) => [name, { text: String(v), at: [...at, name] }] as const) }
    case 'return':
      return { kind, value: template(body, at) }
    case 'fail':
      return { kind, message: messageText(String(b.message ?? ''), [...at, 'message']) }
    default:
      return { kind: kind === 'call' ? 'call' : 'writeFile' }
  }
}

function entries(map: Json, at: DeclarationPath): ValueEntry[] {
  return Object.entries(map).map(([member, v]) => ({ member, value: template(v, [...at, member]), at: [...at, member] }))
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** A YAML value as a template: strings are expressions, maps and lists recurse. */
export function template(value: unknown, at: DeclarationPath): Template {
  if (typeof value === 'string') return { kind: 'expr', source: { text: value, at } }
  if (Array.isArray(value)) return { kind: 'list', items: value.map((v, i) => template(v, [...at, i])) }
  if (typeof value === 'object' && value !== null) {
    return { kind: 'object', entries: Object.entries(value).map(([k, v]) => [k, template(v, [...at, k])] as const) }
  }
  return { kind: 'const', value: value ?? null }
}

/** Splits `Price of {$p/sku} is negative` into text and expressions; `{{` and `}}` are braces. */
export function messageText(text: string, at: DeclarationPath): MessageText {
  const parts: (string | Source)[] = []
  const offsets: number[] = []
  let literal = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c
      i++
    } else if (c === '{' && text.indexOf('}', i) > i) {
      const end = text.indexOf('}', i)
      if (literal) parts.push(literal)
      literal = ''
      parts.push({ text: text.slice(i + 1, end), at })
      offsets.push(i + 1)
      i = end
    } else literal += c
  }
  if (literal) parts.push(literal)
  return { parts, at, offsets }
}
