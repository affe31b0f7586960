/**
 * Who is asking. Adapters authenticate and build one; the kernel checks the model's access
 * rules against its roles. `system` is the runtime itself (seed data, flows run by the
 * runtime) and passes every rule; `anonymous` has no roles and so is denied everything.
 */
export interface Principal {
  readonly kind: 'user' | 'system' | 'anonymous'
  /** Stable identifier (user name, API-key id, token subject). */
  readonly id: string
  readonly roles: readonly string[]
}

export const SYSTEM_PRINCIPAL: Principal = Object.freeze({ kind: 'system', id: 'system', roles: Object.freeze([]) })
export const ANONYMOUS_PRINCIPAL: Principal = Object.freeze({ kind: 'anonymous', id: 'anonymous', roles: Object.freeze([]) })

export function userPrincipal(id: string, roles: readonly string[]): Principal {
  return Object.freeze({ kind: 'user', id, roles: Object.freeze([...roles]) })
}

/**
 * What decides a principal's rights, as one string: its kind and roles. Principals are
 * immutable and reused while their credentials are remembered, so each is written once.
 */
export function rightsKey(principal: Principal): string {
  let key = rightsKeys.get(principal)
  if (key === undefined) rightsKeys.set(principal, (key = `${principal.kind}\u0000${principal.roles.join('\u0000')}`))
  return key
}

const rightsKeys = new WeakMap<Principal, string>()
