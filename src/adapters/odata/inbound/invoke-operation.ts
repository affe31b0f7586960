import type { FlowEngine } from '../../../flows/index.js'
import { kernelErrors, type Row } from '../../../kernel/index.js'
import { isIn, lit, prop, type Expr } from '../../../query/index.js'
import { checkParameters } from '../../../flows/engine/flow-parameters.js'
import { isPorticoError } from '../../../errors/index.js'
import { invokeFlow, type CompiledBinding } from '../../operations/bound-operation.js'
import { odataErrors } from '../odata-errors.js'
import { parseAliasValue, type PathArguments } from '../parser/index.js'
import { translateLevel } from '../query/translate-options.js'
import type { ODataOperation } from '../service/service-model.js'
import { contextUrl, jsonResponse, noContent, type HandlerContext, type ODataResponse } from './handler-context.js'
import { parseJsonBody } from './payload.js'
import { readCollection } from './read-collection.js'
import type { CollectionTarget, EntityTarget } from './resolve-target.js'
import { entityJson, projection } from './serialize.js'

/** What invoking operations needs besides the request: the flow engine and each operation's binding. */
export interface OperationRuntime {
  readonly flows: FlowEngine
  readonly bindings: ReadonlyMap<string, CompiledBinding>
}

/**
 * Invokes an action (POST, parameters in a JSON body) or function (GET, parameters in the
 * URL: `Fn(a=1,b='x')`, aliases `Fn(a=@p)?@p=1`), unbound or bound to what `bound` addresses:
 * an entity-bound flow gets that entity as `$input`, read as the caller (404 when the caller
 * cannot see it). The flow runs as the caller in its own transaction; entities it returns are
 * read back through their entity set, so `$select` and `$expand` apply (and on a collection
 * `$filter`, `$orderby`, `$top`, `$skip`, `$count`) and the caller's read rights hold.
 */
export async function invokeOperation(operation: ODataOperation, args: PathArguments | undefined, ctx: HandlerContext, rt: OperationRuntime, bound?: CollectionTarget | EntityTarget): Promise<ODataResponse> {
  const method = ctx.request.method.toUpperCase()
  const expected = operation.kind === 'action' ? 'POST' : 'GET'
  if (method !== expected) throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `${operation.name} is ${operation.kind === 'action' ? 'an action: invoke it with POST' : 'a function: invoke it with GET'}`, { target: method })
  if (ctx.request.inChangeSet) {
    throw odataErrors.create('ODATA_BAD_BATCH', `${operation.name} runs its flow in its own transaction, so it cannot be part of a change set; send it as a request of its own in the batch`, { target: operation.name })
  }
  const binding = rt.bindings.get(operation.key)
  if (!binding) throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `${operation.name} is not bound to a flow`, { target: operation.name })
  const input = bound ? await boundInput(operation, bound, ctx) : undefined
  const parameters = checkArguments(binding, operation.kind === 'action' ? actionArguments(operation, ctx.request.body) : functionArguments(operation, args, ctx.options.custom))
  const output = await invokeFlow(binding, rt.flows, input, { principal: ctx.ops.principal, parameters })
  return answer(operation, output, ctx)
}

/**
 * The flow's `$input`: the bound entity with all its members, as the caller reads it (none
 * readable → 404, so an operation reveals nothing its caller could not read). A collection-
 * bound flow gets no input, so it is invoked on the whole set only, not on a navigation.
 */
async function boundInput(operation: ODataOperation, bound: CollectionTarget | EntityTarget, ctx: HandlerContext): Promise<Row | undefined> {
  if (bound.kind === 'collection') {
    if (bound.filter) throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `${operation.name} is bound to the entity set ${bound.set.name} as a whole; invoke it as ${bound.set.name}/${operation.name}`, { target: operation.name })
    return undefined
  }
  const { rows } = await ctx.ops.query({ entity: bound.set.entity.qualifiedName, filter: bound.filter, top: 1 })
  const row = rows[0]
  if (!row) throw kernelErrors.create('KERNEL_NOT_FOUND', `no ${bound.set.typeName} in ${bound.set.name} has that key`, { target: bound.set.name })
  return row
}

function actionArguments(operation: ODataOperation, body: string | undefined): Record<string, unknown> {
  const parsed = parseJsonBody(body)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw odataErrors.create('ODATA_BAD_PAYLOAD', `the parameters of ${operation.name} are sent as one JSON object`, { target: operation.name })
  }
  return parsed as Record<string, unknown>
}

/**
 * A function's arguments: named values in parentheses, and (4.01 implicit aliases) query
 * options named after parameters that the parentheses leave out (`Fn?p=1` is `Fn(p=@p)?@p=1`).
 */
function functionArguments(operation: ODataOperation, args: PathArguments | undefined, custom: Readonly<Record<string, string>>): Record<string, unknown> {
  if (args?.kind === 'key') throw odataErrors.create('ODATA_BAD_LITERAL', `${operation.name} takes named parameters: ${operation.name}(name=value,…)`, { target: operation.name })
  const given: Record<string, unknown> = Object.fromEntries((args?.values ?? []).map((a) => [a.name, a.value.value]))
  for (const p of operation.parameters) {
    const text = custom[p.name]
    if (text === undefined || Object.hasOwn(given, p.name)) continue
    const value = parseAliasValue(p.name, text)
    if (Array.isArray(value) || (value as Expr).kind !== 'literal') {
      throw odataErrors.create('ODATA_BAD_LITERAL', `parameter ${p.name} of ${operation.name} takes a literal value, not ${JSON.stringify(text)}`, { target: p.name })
    }
    given[p.name] = (value as Extract<Expr, { kind: 'literal' }>).value
  }
  return given
}

/**
 * The flow's parameters from what the client sent: Int64 and Decimal may come as strings
 * (IEEE754Compatible). The flow's own check decides (unknown names, missing required ones,
 * wrong types); its verdict is answered in OData's terms, 400 naming the parameter.
 */
function checkArguments(binding: CompiledBinding, given: Record<string, unknown>): Record<string, unknown> {
  const values = Object.fromEntries(
    Object.entries(given).map(([name, raw]) => {
      const type = binding.parameters.get(name)?.type
      const numeric = type === 'Integer' || type === 'Long' || type === 'Decimal'
      return [name, numeric && typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw]
    }),
  )
  try {
    return checkParameters(binding.flow, values)
  } catch (error) {
    const detail = isPorticoError(error) ? error.details[0] : undefined
    if (!detail) throw error
    throw odataErrors.create(detail.rule === 'unknown' ? 'ODATA_UNKNOWN_PROPERTY' : 'ODATA_BAD_LITERAL', detail.message, { target: detail.path })
  }
}

async function answer(operation: ODataOperation, output: unknown, ctx: HandlerContext): Promise<ODataResponse> {
  const r = operation.returns
  if (!r) return noContent()
  if (r.set) {
    const set = r.set
    const list = r.collection ? (Array.isArray(output) ? output : []) : output === undefined || output === null ? [] : [output]
    const ids = list.map((o) => (typeof o === 'object' && o !== null ? (o as Row).id : o)).filter((id): id is number => typeof id === 'number')
    if (!r.collection && ids.length === 0) return noContent()
    if (r.collection && composed(ctx)) return readCollection({ kind: 'collection', set, filter: ids.length ? isIn(prop('id'), ids.map((id) => lit(id))) : lit(false) }, ctx)
    const { sub, shape } = translateLevel(set, { ...(ctx.options.select ? { select: ctx.options.select } : {}), ...(ctx.options.expand ? { expand: ctx.options.expand } : {}) }, ctx)
    const rows: readonly Row[] = ids.length === 0 ? [] : (await ctx.ops.query({ entity: set.entity.qualifiedName, ...sub, filter: isIn(prop('id'), ids.map((id) => lit(id))), top: ids.length })).rows
    // In the order the flow gave them; an object the caller may not read is left out.
    const byId = new Map<number, Row>(rows.map((row) => [row.id as number, row]))
    const ordered = ids.flatMap((id): Row[] => {
      const row = byId.get(id)
      return row ? [row] : []
    })
    const context = `${set.name}${projection(shape, ctx.negotiated.version)}`
    if (r.collection) return jsonResponse(200, { ...contextUrl(ctx, context), value: ordered.map((row) => entityJson(row, shape, ctx)) }, ctx.negotiated)
    const row = ordered[0]
    if (!row) return noContent()
    return jsonResponse(200, entityJson(row, shape, ctx, contextUrl(ctx, `${context}/$entity`)), ctx.negotiated)
  }
  const type = r.type?.name ?? 'Edm.String'
  const wire = (v: unknown) => ((r.type?.wire === 'int64' || r.type?.wire === 'decimal') && ctx.negotiated.ieee754 && typeof v === 'number' ? String(v) : v)
  if (r.collection) return jsonResponse(200, { ...contextUrl(ctx, `Collection(${type})`), value: (Array.isArray(output) ? output : []).map(wire) }, ctx.negotiated)
  if (output === undefined || output === null) return noContent()
  return jsonResponse(200, { ...contextUrl(ctx, type), value: wire(output) }, ctx.negotiated)
}

/** Query options beyond `$select`/`$expand` on returned entities: the result is then read as a collection (ordered by `$orderby`, else by key). */
function composed(ctx: HandlerContext): boolean {
  const o = ctx.options
  return o.filter !== undefined || o.orderBy !== undefined || o.top !== undefined || o.skip !== undefined || o.count !== undefined || o.search !== undefined || o.skipToken !== undefined || o.apply !== undefined || o.compute !== undefined
}
