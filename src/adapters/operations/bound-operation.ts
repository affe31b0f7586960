import { PorticoError, type ErrorDetail } from '../../errors/index.js'
import { flowExtensions, readFlowDeclaration, type FlowDeclaration, type FlowEngine, type FlowParameter } from '../../flows/index.js'
import type { EntityOperations, Principal, Row } from '../../kernel/index.js'
import type { CompiledMapping, ImportedObject, MappingRegistry } from '../../mapping/index.js'
import type { AppModel } from '../../model/index.js'
import { operationErrors } from './errors.js'

/**
 * An operation of a published service bound to a flow: what every protocol adapter (REST
 * custom operations, OData actions and functions, SOAP operations) shares. The request body
 * is read by an import mapping into an object that is never stored (lookups resolved to the
 * objects they name, nested objects as lists); parameters are the flow's declared
 * parameters; the flow's result is written by an export mapping.
 */
export interface OperationBindingDeclaration {
  /** The flow: Name in the service's module, or Module.Name. */
  readonly flow: string
  readonly request?: { readonly mapping: string; readonly required?: boolean }
  readonly response?: { readonly mapping?: string; readonly status?: number; readonly list?: boolean }
}

export interface CompiledBinding {
  /** `Module.Name` of the flow. */
  readonly flowName: string
  readonly flow: FlowDeclaration
  readonly parameters: ReadonlyMap<string, FlowParameter>
  readonly request?: CompiledMapping
  readonly requestRequired: boolean
  readonly response?: CompiledMapping
  /** The result is a list of objects. */
  readonly list: boolean
}

type FlowFinder = (name: string, module: string) => FlowDeclaration | undefined
const flowIndexes = new WeakMap<AppModel, FlowFinder>()

/** The flows of a model by `Module.Name` and by bare name where it is unambiguous (read once per model). */
export function flowIndex(model: AppModel): FlowFinder {
  let found = flowIndexes.get(model)
  if (!found) flowIndexes.set(model, (found = buildFlowIndex(model)))
  return found
}

function buildFlowIndex(model: AppModel): FlowFinder {
  const all = flowExtensions(model.modules).map(readFlowDeclaration)
  const byName = new Map(all.map((f) => [f.name, f]))
  return (name, module) => {
    if (name.includes('.')) return byName.get(name)
    const local = byName.get(`${module}.${name}`)
    if (local) return local
    const matches = all.filter((f) => f.extension.name === name)
    return matches.length === 1 ? matches[0] : undefined
  }
}

/** Resolves a checked binding's flow and mappings once, at startup. */
export function compileBinding(d: OperationBindingDeclaration, module: string, model: AppModel, mappings: MappingRegistry): CompiledBinding {
  const flow = flowIndex(model)(d.flow, module)
  if (!flow) throw operationErrors.create('OPERATION_NOT_BOUND', `no flow ${d.flow} (run portico check)`, { target: d.flow })
  const mapping = (name: string) => mappings.get(name.includes('.') || !mappings.has(`${module}.${name}`) ? name : `${module}.${name}`)
  return {
    flowName: flow.name,
    flow,
    parameters: new Map(flow.parameters.map((p) => [p.name, p])),
    ...(d.request ? { request: mapping(d.request.mapping) } : {}),
    requestRequired: d.request?.required ?? true,
    ...(d.response?.mapping ? { response: mapping(d.response.mapping) } : {}),
    list: d.response?.list ?? false,
  }
}

/**
 * The flow's `$input` from a request body: read by the request mapping (bad values → 422
 * with one detail per value, unreadable text → 400), lookups resolved with the caller's
 * rights (a key that finds nothing → 422). Nothing is written.
 */
export async function requestInput(binding: CompiledBinding, body: string | Uint8Array | undefined, ops: EntityOperations): Promise<unknown> {
  const mapping = binding.request
  if (!mapping) return undefined
  if (body === undefined || body.length === 0) {
    if (binding.requestRequired) throw operationErrors.create('OPERATION_BODY_MISSING', 'this operation needs a request body', { target: 'body' })
    return undefined
  }
  const record = mapping.importOne(body)
  if (!record.ok) {
    const syntax = record.errors.find((e) => e.rule === 'syntax')
    if (syntax) throw operationErrors.create('OPERATION_BODY_MALFORMED', syntax.message, { target: 'body' })
    const details: ErrorDetail[] = record.errors.map((e) => ({ code: e.rule.toUpperCase(), path: e.path, rule: e.rule, message: e.message }))
    throw operationErrors.create('OPERATION_BODY_INVALID', `the request body does not fit ${mapping.name}: ${details.map((d) => d.message).join('; ')}`, { details, target: details[0]?.path ?? 'body' })
  }
  const missing: ErrorDetail[] = []
  const input = await materialize(record.object, ops, '', missing)
  if (missing.length > 0) throw operationErrors.create('OPERATION_BODY_INVALID', missing.map((d) => d.message).join('; '), { details: missing, target: missing[0]?.path ?? 'body' })
  return input
}

/** An imported object as a plain object: values, lookups as the objects they name, children as lists. */
async function materialize(object: ImportedObject, ops: EntityOperations, at: string, missing: ErrorDetail[]): Promise<Row> {
  const out: Record<string, unknown> = { ...object.values }
  for (const lookup of object.lookups) {
    const found = await ops.findByKey(lookup.entity, lookup.key)
    const path = at ? `${at}.${lookup.member}` : lookup.member
    if (found) out[lookup.member] = found
    else missing.push({ code: 'LOOKUP', path, rule: 'lookup', message: `${path}: no ${lookup.entity} has ${Object.entries(lookup.key).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(' and ')}` })
  }
  for (const child of object.children) {
    const list: Row[] = []
    for (const [i, o] of child.objects.entries()) list.push(await materialize(o, ops, `${at ? `${at}.` : ''}${child.association}[${i}]`, missing))
    out[child.association] = list
  }
  return out
}

export interface InvokeOptions {
  readonly principal: Principal
  readonly parameters: Readonly<Record<string, unknown>>
  readonly signal?: AbortSignal
}

/**
 * Runs the bound flow as the caller. A failed run becomes the error it failed with (its
 * category gives the status or fault), so nothing reaches the caller half done: the flow's
 * transaction was rolled back.
 */
export async function invokeFlow(binding: CompiledBinding, flows: FlowEngine, input: unknown, options: InvokeOptions): Promise<unknown> {
  const result = await flows.run(binding.flowName, input, {
    principal: options.principal,
    trigger: { kind: 'operation' },
    parameters: options.parameters,
    ...(options.signal ? { signal: options.signal } : {}),
  })
  if (result.status === 'succeeded') return result.output
  const e = result.error
  if (!e) throw operationErrors.create('OPERATION_FAILED', `flow ${binding.flowName} ended with status ${result.status}`)
  throw new PorticoError(e.code, e.category, e.message, { details: (e.details ?? []) as ErrorDetail[] })
}

/**
 * The response body for a flow's result: through the response mapping (an object of its
 * entity re-read with what the mapping needs, or a list of them), or the result as JSON
 * when the operation declares no mapping. Undefined when there is nothing to send.
 */
export async function responseBody(binding: CompiledBinding, output: unknown, ops: EntityOperations): Promise<string | undefined> {
  const mapping = binding.response
  if (!mapping) return output === undefined || output === null ? undefined : JSON.stringify(output)
  if (binding.list) {
    if (!Array.isArray(output)) throw operationErrors.create('OPERATION_RESULT_INVALID', `flow ${binding.flowName} returned ${describe(output)}; the operation answers with a list of ${mapping.entity}`)
    const rows: Row[] = []
    for (const o of output) rows.push(await exportable(mapping, o, ops, binding))
    return `[${rows.map((r) => mapping.exportOne(r)).join(',')}]`
  }
  if (output === undefined || output === null) throw operationErrors.create('OPERATION_RESULT_INVALID', `flow ${binding.flowName} returned nothing; the operation answers with a ${mapping.entity}`)
  return mapping.exportOne(await exportable(mapping, output, ops, binding))
}

async function exportable(mapping: CompiledMapping, value: unknown, ops: EntityOperations, binding: CompiledBinding): Promise<Row> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw operationErrors.create('OPERATION_RESULT_INVALID', `flow ${binding.flowName} returned ${describe(value)}; the operation answers with a ${mapping.entity} object`)
  }
  const row = value as Row
  // A stored object is read again with the associations the mapping writes (lookups, nested lines).
  if (mapping.expand.length > 0 && typeof row.id === 'number') return ops.read(mapping.entity, row.id, { expand: [...mapping.expand] })
  return row
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  return `a ${typeof value}`
}

