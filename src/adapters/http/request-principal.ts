import type { FastifyRequest } from 'fastify'
import { ANONYMOUS_PRINCIPAL, type Principal } from '../../kernel/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request, set by the service's authentication hook. */
    principal: Principal | null
  }
}

/** The authenticated principal of a request; anonymous if no hook set one (deny by default). */
export function principalOf(request: FastifyRequest): Principal {
  return request.principal ?? ANONYMOUS_PRINCIPAL
}
