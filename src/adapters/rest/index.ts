import { stringify } from 'yaml'
import type { Adapter } from '../adapter.js'
import { createAuthenticator, type JwtSettings } from '../http/authenticate.js'
import { openApiDocument } from './openapi-document.js'
import { restServiceSchema } from './options.js'
import { registerRestRoutes } from './rest-routes.js'
import { restRules } from './rest-rules.js'
import { compileRestService } from './rest-service.js'

export type { RestServiceDeclaration, ResourceDeclaration } from './options.js'
export { openApiDocument, type OpenApiDocument } from './openapi-document.js'
export { compileRestService, type CompiledService } from './rest-service.js'
export { restRules } from './rest-rules.js'

/**
 * Published REST services (`kind: rest` in a module's `services`): entity resources with
 * list/get/create/replace/patch/delete, custom operations bound to flows, an OpenAPI 3.1
 * contract per version, and an API reference page. Configuration (`adapters.rest` in the runtime config): `jwt` settings.
 */
export function restAdapter(): Adapter {
  return {
    kind: 'rest',
    section: 'services',
    schema: restServiceSchema,
    rules: restRules,
    bind(declaration, ctx) {
      const service = compileRestService(declaration, ctx.index, { model: ctx.model, mappings: ctx.mappings })
      const document = openApiDocument(service, ctx.index)
      const authenticate = createAuthenticator({
        kinds: service.declaration.authentication,
        identity: ctx.identity,
        ...(ctx.config.jwt ? { jwt: ctx.config.jwt as JwtSettings } : {}),
        ...(service.declaration.anonymousRoles ? { anonymousRoles: service.declaration.anonymousRoles } : {}),
      })
      return {
        contracts: [
          {
            kind: 'rest',
            name: service.name,
            version: service.version,
            baseUrl: service.basePath,
            document: `${service.basePath}/openapi.json`,
            files: () => [
              { name: 'openapi.json', content: `${JSON.stringify(document, null, 2)}\n` },
              { name: 'openapi.yaml', content: stringify(document, { aliasDuplicateObjects: false }) },
            ],
          },
        ],
        routes: (http) => registerRestRoutes(http, { service, document, kernel: ctx.kernel, flows: ctx.flows, authenticate, log: ctx.log }),
      }
    },
  }
}
