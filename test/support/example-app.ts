import { fileURLToPath } from 'node:url'
import { indexModel, type AppModel, type ModelIndex } from '../../src/model/index.js'
import { defaultPlatform } from '../../src/cli/adapters.js'

export const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/order-hub', import.meta.url))

/** The example order hub, loaded with every registered adapter as `portico run` loads it; fails loudly if it does not load cleanly. */
export function loadExample(): { model: AppModel; index: ModelIndex } {
  const { model, diagnostics } = defaultPlatform().loader.load(EXAMPLE_DIR)
  if (!model || diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`example app does not load: ${JSON.stringify(diagnostics, null, 2)}`)
  }
  return { model, index: indexModel(model) }
}
