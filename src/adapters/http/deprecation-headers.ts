import type { FastifyReply } from 'fastify'

export interface DeprecationInfo {
  readonly since?: string
  readonly sunset?: string
  readonly successor?: string
}

/**
 * Marks a response as coming from a deprecated operation: `Deprecation` (RFC 9745, the
 * date it was deprecated, or `true` when none is declared), `Sunset` (RFC 8594) and a
 * `Link` to the successor version.
 */
export function setDeprecationHeaders(reply: FastifyReply, d: DeprecationInfo): void {
  reply.header('deprecation', d.since ? `@${Math.floor(Date.parse(`${d.since}T00:00:00Z`) / 1000)}` : 'true')
  if (d.sunset) reply.header('sunset', new Date(`${d.sunset}T23:59:59Z`).toUTCString())
  if (d.successor) reply.header('link', `<${d.successor}>; rel="successor-version"`)
}
