import { fileURLToPath } from 'node:url'
import { indexModel, loadApp, type AppModel, type ModelIndex } from '../../src/model/index.js'

export const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/order-hub', import.meta.url))

/** The example order hub, loaded; fails loudly if it does not load cleanly. */
export function loadExample(): { model: AppModel; index: ModelIndex } {
  const { model, diagnostics } = loadApp(EXAMPLE_DIR)
  if (!model || diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`example app does not load: ${JSON.stringify(diagnostics, null, 2)}`)
  }
  return { model, index: indexModel(model) }
}
