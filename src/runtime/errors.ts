import { defineCatalogue } from '../errors/index.js'

/** Errors of starting and running the runtime. */
export const runtimeErrors = defineCatalogue('runtime', {
  RUNTIME_MODEL_INVALID: { category: 'invalid', description: 'The app model has errors; the runtime does not start a broken model.' },
  RUNTIME_CONFIG_INVALID: { category: 'invalid', description: 'The runtime configuration (file or environment) is not valid.' },
  RUNTIME_INSECURE_HTTP: {
    category: 'invalid',
    description: 'Plain HTTP was asked for on a non-loopback address without allowInsecureHttp; configure TLS.',
  },
  RUNTIME_SCHEMA_REFUSED: {
    category: 'conflict',
    description: 'The database schema change would lose data; run `portico db plan` and confirm with --accept-data-loss.',
  },
  RUNTIME_SEED_INVALID: { category: 'invalid', description: 'A seed data file is malformed or refers to something missing.' },
})
