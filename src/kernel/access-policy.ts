import type { AccessOperation, EntityModel } from '../model/index.js'
import { rightsKey, type Principal } from './principal.js'

/** Members a principal may see or write: every member, or the listed ones. */
export type MemberGrant = 'all' | ReadonlySet<string>

/**
 * The access rules of one entity, compiled. Deny by default: a user principal may do only
 * what a rule grants one of its roles; the system principal may do everything.
 */
export interface AccessPolicy {
  allows(principal: Principal, operation: AccessOperation): boolean
  readable(principal: Principal): MemberGrant
  writable(principal: Principal): MemberGrant
}

export function compileAccessPolicy(entity: EntityModel): AccessPolicy {
  type Grant = { ops: Set<AccessOperation>; readable: MemberGrant; writable: MemberGrant }
  const cache = new Map<string, Grant>()
  const grantFor = (principal: Principal): Grant => {
    const key = rightsKey(principal)
    let grant = cache.get(key)
    if (grant) return grant
    const rules = entity.access.filter((r) => r.roles.some((role) => principal.roles.includes(role)))
    const ops = new Set(rules.flatMap((r) => r.allow))
    grant = {
      ops,
      readable: union(rules.filter((r) => r.allow.includes('read')).map((r) => r.readable)),
      writable: union(rules.filter((r) => r.allow.includes('create') || r.allow.includes('update')).map((r) => r.writable)),
    }
    cache.set(key, grant)
    return grant
  }
  return {
    allows: (principal, operation) => principal.kind === 'system' || (principal.kind === 'user' && grantFor(principal).ops.has(operation)),
    readable: (principal) => (principal.kind === 'system' ? 'all' : grantFor(principal).readable),
    writable: (principal) => (principal.kind === 'system' ? 'all' : grantFor(principal).writable),
  }
}

/** Readable lists always include the id and version: protocols need them to address and compare objects. */
function union(lists: readonly (readonly string[] | undefined)[]): MemberGrant {
  if (lists.length === 0) return new Set()
  if (lists.some((l) => l === undefined)) return 'all'
  return new Set(['id', 'version', ...lists.flatMap((l) => l ?? [])])
}

export function granted(grant: MemberGrant, member: string): boolean {
  return grant === 'all' || grant.has(member)
}
