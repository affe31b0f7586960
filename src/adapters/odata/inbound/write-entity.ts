import { isPorticoError, type PorticoError } from '../../../errors/index.js'
import type { Row } from '../../../kernel/index.js'
import type { ExpandItem } from '../../../query/index.js'
import { odataErrors } from '../odata-errors.js'
import { translateLevel } from '../query/translate-options.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { createEntity } from './create-entity.js'
import { entityPath, etagOf } from './entity-url.js'
import { contextUrl, jsonResponse, noContent, type HandlerContext, type ODataResponse } from './handler-context.js'
import { preferenceApplied } from './negotiate.js'
import { bad, parseJsonBody } from './payload.js'
import { matches } from './read-entity.js'
import { findOne, type CollectionTarget, type EntityTarget } from './resolve-target.js'
import { entityJson } from './serialize.js'
import { updateEntity } from './update-entity.js'
import { requireCapability } from './write-checks.js'

/** POST to a collection: 201 with the entity (or 204 with return=minimal), Location and ETag. */
export async function postEntity(target: CollectionTarget, ctx: HandlerContext): Promise<ODataResponse> {
  requireCapability(target.set, 'insertable')
  const body = jsonBody(ctx)
  const created = await ctx.ops.transaction((ops) => createEntity(target.set, body, { ...ctx, ops }, target.parent))
  return writeResponse(201, target.set, created.row, created.expand, ctx)
}

/** PATCH (merge) or PUT (replace) an entity; a missing entity addressed by a non-id key is created (upsert). */
export async function putEntity(target: EntityTarget, ctx: HandlerContext, replace: boolean): Promise<ODataResponse> {
  requireCapability(target.set, 'updatable')
  const body = jsonBody(ctx)
  const headers = ctx.request.headers
  const current = await ctx.ops.query({ entity: target.set.entity.qualifiedName, filter: target.filter, select: ['id', 'version'], top: 1 })
  const existing = current.rows[0]
  if (!existing) return upsert(target, body, ctx)
  if (headers['if-none-match']?.trim() === '*') throw precondition(target.set, 'the entity exists and If-None-Match is *')
  const expectedVersion = expectedVersionOf(headers['if-match'], existing)
  const updated = await ctx.ops.transaction((ops) => updateEntity(target.set, existing, objectBody(body), { ...ctx, ops }, { replace, ...(expectedVersion === undefined ? {} : { expectedVersion }) }))
  return writeResponse(200, target.set, updated.row, updated.expand, ctx)
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body must be a JSON object')
  return body as Record<string, unknown>
}

/** DELETE an entity, honouring If-Match. */
export async function deleteEntity(target: EntityTarget, ctx: HandlerContext): Promise<ODataResponse> {
  requireCapability(target.set, 'deletable')
  const existing = await findOne(target, ctx.ops)
  const expectedVersion = expectedVersionOf(ctx.request.headers['if-match'], existing)
  await ctx.ops.delete(target.set.entity.qualifiedName, existing.id as number, expectedVersion === undefined ? {} : { expectedVersion })
  return noContent()
}

async function upsert(target: EntityTarget, body: unknown, ctx: HandlerContext): Promise<ODataResponse> {
  const keyed = target.key !== undefined && !target.set.key.some((k) => k.member === 'id') && !target.parent
  if (!keyed || ctx.request.headers['if-match'] !== undefined) {
    throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `no ${target.set.typeName} in ${target.set.name} has that key${keyed ? ' (If-Match forbids creating it)' : ''}`, { target: target.set.name })
  }
  requireCapability(target.set, 'insertable')
  const keyValues = Object.fromEntries(target.set.key.map((k) => [k.name, target.key?.[k.member]]))
  const created = await ctx.ops.transaction((ops) => createEntity(target.set, { ...(body as Record<string, unknown>), ...keyValues }, { ...ctx, ops }))
  return writeResponse(201, target.set, created.row, created.expand, ctx)
}

/** Entity bodies are JSON; another declared content type is 415. */
export function jsonBody(ctx: HandlerContext): unknown {
  const type = ctx.request.headers['content-type']
  if (type !== undefined && !/^application\/json\b/i.test(type)) {
    throw odataErrors.create('ODATA_UNSUPPORTED_MEDIA_TYPE', `entities are sent as application/json, not ${type}`, { target: 'Content-Type' })
  }
  return parseJsonBody(ctx.request.body)
}

/** The version an If-Match header requires: `*` requires existence only; a list must contain the current ETag. */
export function expectedVersionOf(header: string | undefined, current: Row): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined
  const etag = etagOf(current) ?? ''
  if (!matches(header, etag)) throw precondition(undefined, `If-Match ${header} does not match the current ETag ${etag}`)
  return current.version as number
}

function precondition(set: ODataEntitySet | undefined, message: string): PorticoError {
  return odataErrors.create('ODATA_PRECONDITION_FAILED', message, { target: set?.name ?? 'If-Match' })
}

/** The response of a write: the entity (return=representation) or no content, with Location and ETag. */
async function writeResponse(status: 200 | 201, set: ODataEntitySet, row: Row, expand: readonly ExpandItem[], ctx: HandlerContext): Promise<ODataResponse> {
  const path = entityPath(set, await keyed(set, row, ctx))
  const etag = etagOf(row)
  const prefer = ctx.negotiated.prefer.returnRepresentation
  const headers: Record<string, string> = { ...(etag ? { etag } : {}), ...(status === 201 ? { location: `${ctx.root}/${path}` } : {}) }
  const representation = prefer ?? status === 201
  if (!representation) return noContent({ ...headers, 'odata-entityid': `${ctx.root}/${path}`, ...preferenceApplied(prefer === false ? ['return=minimal'] : []) })
  const { sub, shape } = translateLevel(set, { ...(ctx.options.select ? { select: ctx.options.select } : {}), ...(ctx.options.expand ? { expand: ctx.options.expand } : {}) }, ctx)
  const expanded = [...(sub.expand ?? []), ...expand.filter((e) => !(sub.expand ?? []).some((s) => s.navigation === e.navigation))]
  const fresh = await ctx.ops.read(set.entity.qualifiedName, row.id as number, { select: sub.select ?? [], ...(expanded.length ? { expand: expanded } : {}) })
  const deepShape = { ...shape, expands: [...shape.expands, ...expand.flatMap((e) => deepExpand(set, e, ctx, shape.expands.map((x) => x.nav.navigation.name)))] }
  const body = entityJson(fresh, deepShape, ctx, contextUrl(ctx, `${set.name}/$entity`))
  return jsonResponse(status, body, ctx.negotiated, { ...headers, ...preferenceApplied(prefer ? ['return=representation'] : []) })
}

function deepExpand(set: ODataEntitySet, item: ExpandItem, ctx: HandlerContext, already: readonly string[]) {
  if (already.includes(item.navigation)) return []
  const nav = set.navigationByMember.get(item.navigation)
  const target = nav ? ctx.service.set.get(nav.target) : undefined
  if (!nav || !target) return []
  return [{ nav, mode: 'entities' as const, shape: translateLevel(target, {}, ctx).shape, count: false }]
}

/** The row with the key members (a create returns only what was written). */
async function keyed(set: ODataEntitySet, row: Row, ctx: HandlerContext): Promise<Row> {
  if (set.key.every((k) => row[k.member] !== undefined)) return row
  return ctx.ops.read(set.entity.qualifiedName, row.id as number, { select: ['id', 'version', ...set.key.map((k) => k.member)] })
}

export function isNotFound(error: unknown): boolean {
  return isPorticoError(error) && error.code === 'KERNEL_NOT_FOUND'
}
