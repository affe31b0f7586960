import { readFileSync } from 'node:fs'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { RuntimeConfig } from './runtime-config.js'
import { runtimeErrors } from './errors.js'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

/**
 * The runtime's one HTTP server. HTTPS (TLS 1.2 or newer) when a certificate is configured;
 * plain HTTP only on loopback unless explicitly allowed (behind a TLS-terminating proxy).
 */
export function createHttpServer(config: RuntimeConfig['http'], log: Logger): FastifyInstance {
  if (!config.tls && !LOOPBACK.has(config.host) && !config.allowInsecureHttp) {
    throw runtimeErrors.create(
      'RUNTIME_INSECURE_HTTP',
      `refusing plain HTTP on ${config.host}: configure a TLS certificate (PORTICO_TLS_CERT, PORTICO_TLS_KEY), ` +
        'or set PORTICO_ALLOW_INSECURE_HTTP=true when a proxy terminates TLS',
    )
  }
  const common = {
    loggerInstance: log,
    // Per-request log lines cost throughput; errors are logged by the services' error handlers.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request either: nothing logs per request.
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    bodyLimit: config.bodyLimit,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2000 },
  }
  if (config.tls) {
    return Fastify({
      ...common,
      https: { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key), minVersion: 'TLSv1.2' },
    }) as unknown as FastifyInstance
  }
  return Fastify(common) as unknown as FastifyInstance
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host)
}
