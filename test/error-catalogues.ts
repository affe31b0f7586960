import { odataErrors } from '../src/adapters/odata/index.js'
import { operationErrors } from '../src/adapters/operations/errors.js'
import { odataSyntaxErrors } from '../src/adapters/odata/parser/index.js'
import type { Catalogue } from '../src/errors/index.js'
import { flowErrors } from '../src/flows/index.js'
import { kernelErrors } from '../src/kernel/index.js'
import { mappingErrors } from '../src/mapping/index.js'
import { queryErrors } from '../src/query/index.js'
import { runtimeErrors } from '../src/runtime/index.js'
import { storeErrors } from '../src/store/index.js'

/** Every layer's error catalogue, in the order docs/errors.md lists them. */
export const CATALOGUES: readonly Catalogue<string>[] = [storeErrors, queryErrors, mappingErrors, kernelErrors, flowErrors, runtimeErrors, odataSyntaxErrors, odataErrors, operationErrors]
