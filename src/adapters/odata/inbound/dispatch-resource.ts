import { odataErrors } from '../odata-errors.js'
import type { PathSegment } from '../parser/index.js'
import { entityOfId } from './entity-id.js'
import type { HandlerContext, ODataResponse } from './handler-context.js'
import { invokeOperation, type OperationRuntime } from './invoke-operation.js'
import { patchCollection } from './patch-collection.js'
import { readCollection, readCount } from './read-collection.js'
import { readEntity, readProperty, readRefs } from './read-entity.js'
import { resolveTarget, rootTarget, type Target } from './resolve-target.js'
import { deleteEach, patchEach } from './write-each.js'
import { deleteEntity, postEntity, putEntity } from './write-entity.js'
import { writeProperty } from './write-property.js'
import { writeRef } from './write-ref.js'

/** Resolves the resource path and runs the method on what it addresses (or the bound operation it ends with). */
export async function dispatchResource(segments: readonly PathSegment[], ctx: HandlerContext, operations: OperationRuntime): Promise<ODataResponse> {
  const method = ctx.request.method.toUpperCase()
  if (segments[0]?.kind === 'entity') {
    if (method !== 'GET') throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `${method} is not allowed on $entity; write to the entity's own URL`, { target: method })
    return readEntity(await entityOfId(segments, ctx), ctx)
  }
  // A path of one segment (a set, or an entity by key) needs no read to resolve.
  const target = segments.length === 1 ? rootTarget(segments, ctx.service) : await resolveTarget(segments, ctx.service, ctx.ops)
  if (target.kind === 'operation') return invokeOperation(target.operation, target.args, ctx, operations, target.bound)
  const response = run(target, method, ctx)
  if (response) return response
  throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `${method} is not allowed on this resource`, { target: method })
}

/** The handler's answer for the method, or undefined when the method is not allowed on the target. */
function run(target: Target, method: string, ctx: HandlerContext): Promise<ODataResponse> | undefined {
  switch (target.kind) {
    case 'collection':
      if (method === 'GET') return readCollection(target, ctx)
      if (method === 'POST') return postEntity(target, ctx)
      if (method === 'PATCH') return patchCollection(target, ctx)
      return undefined
    case 'entity':
      if (method === 'GET') return readEntity(target, ctx)
      if (method === 'PATCH' || method === 'PUT') return putEntity(target, ctx, method === 'PUT')
      if (method === 'DELETE') return deleteEntity(target, ctx)
      return undefined
    case 'property':
      if (method === 'GET') return readProperty(target.entity, target.property, target.raw, ctx)
      if (method === 'PUT' || method === 'PATCH') return writeProperty(target.entity, target.property, target.raw, ctx, 'set')
      if (method === 'DELETE') return writeProperty(target.entity, target.property, target.raw, ctx, 'clear')
      return undefined
    case 'count':
      if (method !== 'GET') return undefined
      if (!target.collection.set.capabilities.countable) throw odataErrors.create('ODATA_NOT_ALLOWED', `$count is not allowed on ${target.collection.set.name}`, { target: '$count' })
      return readCount(target.collection, ctx)
    case 'ref':
      if (method === 'GET') return readRefs(target.of, ctx)
      if (method === 'POST' || method === 'PUT' || method === 'DELETE') return writeRef(target.of, ctx, method)
      return undefined
    case 'each':
      if (method === 'PATCH') return patchEach(target.collection, ctx)
      if (method === 'DELETE') return deleteEach(target.collection, ctx)
      return undefined
    case 'operation':
      return undefined
  }
}

