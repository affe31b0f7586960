import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTVerifyGetKey, type KeyObject } from 'jose'
import type { FastifyRequest } from 'fastify'
import { ANONYMOUS_PRINCIPAL, userPrincipal, type Identity, type Principal } from '../../kernel/index.js'

export type AuthenticationKind = 'none' | 'apiKey' | 'basic' | 'jwt'

/** JWT bearer settings, from the runtime configuration (never the model). */
export interface JwtSettings {
  readonly issuer: string
  readonly audience: string
  /** A JWKS URL, or a PEM public key (SPKI). */
  readonly jwksUrl?: string
  readonly publicKey?: string
  readonly algorithms?: readonly string[]
  /** Claim holding the roles (a list or a space-separated string); default `roles`. */
  readonly rolesClaim?: string
}

export type AuthenticationResult =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: string }

/**
 * Turns a request's credentials into a principal, trying the service's declared methods.
 * Credentials verified moments ago are answered at once, without a promise.
 */
export type Authenticator = (request: FastifyRequest) => AuthenticationResult | Promise<AuthenticationResult>

export const API_KEY_HEADER = 'x-api-key'

/**
 * Builds the authenticator of a service. Deny by default: a request without acceptable
 * credentials fails unless the service explicitly allows `none`, and even then it acts
 * with only the roles configured for anonymous callers (none unless configured).
 */
export function createAuthenticator(options: {
  readonly kinds: readonly AuthenticationKind[]
  readonly identity: Identity
  readonly jwt?: JwtSettings
  readonly anonymousRoles?: readonly string[]
}): Authenticator {
  const { kinds, identity } = options
  const verifyJwt = kinds.includes('jwt') ? jwtVerifier(options.jwt) : undefined
  const anonymous = options.anonymousRoles?.length ? userPrincipal('anonymous', options.anonymousRoles) : ANONYMOUS_PRINCIPAL
  const byApiKey = async (apiKey: string): Promise<AuthenticationResult> => {
    const principal = await identity.authenticateApiKey(apiKey)
    return principal ? { ok: true, principal } : { ok: false, reason: 'the API key is not valid' }
  }
  const acceptsApiKey = kinds.includes('apiKey')
  const others = async (request: FastifyRequest, apiKey: string | string[] | undefined): Promise<AuthenticationResult> => {
    const authorization = request.headers.authorization ?? ''
    const [scheme = '', credentials = ''] = authorization.split(/\s+/, 2)
    if (scheme.toLowerCase() === 'basic' && kinds.includes('basic')) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      const principal = colon > 0 ? await identity.authenticateBasic(decoded.slice(0, colon), decoded.slice(colon + 1)) : undefined
      return principal ? { ok: true, principal } : { ok: false, reason: 'the user name or password is not valid' }
    }
    if (scheme.toLowerCase() === 'bearer' && verifyJwt) return verifyJwt(credentials)
    if (kinds.includes('none') && !authorization && apiKey === undefined) return { ok: true, principal: anonymous }
    return { ok: false, reason: authorization || apiKey !== undefined ? 'these credentials are not accepted here' : 'credentials are required' }
  }
  return (request) => {
    const apiKey = request.headers[API_KEY_HEADER]
    if (typeof apiKey === 'string' && acceptsApiKey) {
      const remembered = identity.rememberedApiKey(apiKey)
      return remembered ? { ok: true, principal: remembered } : byApiKey(apiKey)
    }
    return others(request, apiKey)
  }
}

/** The `WWW-Authenticate` challenges for a 401, one per accepted scheme. */
export function challenges(kinds: readonly AuthenticationKind[], realm: string): string[] {
  const out: string[] = []
  if (kinds.includes('basic')) out.push(`Basic realm="${realm}", charset="UTF-8"`)
  if (kinds.includes('jwt')) out.push(`Bearer realm="${realm}"`)
  if (kinds.includes('apiKey')) out.push(`ApiKey realm="${realm}", header="X-API-Key"`)
  return out
}

function jwtVerifier(settings: JwtSettings | undefined): (token: string) => Promise<AuthenticationResult> {
  if (!settings || (!settings.jwksUrl && !settings.publicKey)) {
    return async () => ({ ok: false, reason: 'JWT authentication is declared but not configured (adapters.<kind>.jwt)' })
  }
  let key: Promise<KeyObject | JWTVerifyGetKey> | undefined
  const keyFor = (): Promise<KeyObject | JWTVerifyGetKey> => {
    key ??= settings.jwksUrl
      ? Promise.resolve(createRemoteJWKSet(new URL(settings.jwksUrl)))
      : importSPKI(settings.publicKey as string, settings.algorithms?.[0] ?? 'RS256') as Promise<KeyObject>
    return key
  }
  const claim = settings.rolesClaim ?? 'roles'
  return async (token) => {
    try {
      const k = await keyFor()
      const options = { issuer: settings.issuer, audience: settings.audience, ...(settings.algorithms ? { algorithms: [...settings.algorithms] } : {}) }
      const { payload } = typeof k === 'function' ? await jwtVerify(token, k, options) : await jwtVerify(token, k, options)
      const raw = payload[claim]
      const roles = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/\s+/).filter(Boolean) : []
      return { ok: true, principal: userPrincipal(`jwt:${payload.sub ?? 'unknown'}`, roles) }
    } catch (error) {
      return { ok: false, reason: `the bearer token is not valid (${(error as Error).message})` }
    }
  }
}
