import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CommandContext } from '../command-context.js'
import { withRuntime, type RuntimeCommandOptions } from '../with-runtime.js'

export interface ContractsOptions extends RuntimeCommandOptions {
  readonly out: string
}

/**
 * `portico contracts generate [appDir] --out dir`: writes every published contract's
 * documents, one folder per contract (`rest-shop-1.0.0/openapi.json`, `odata-shop-1.0.0/metadata.xml`),
 * exactly as the runtime serves them — for review in a pull request, or a client generator.
 */
export async function contractsGenerateCommand(ctx: CommandContext, appDir: string, options: ContractsOptions): Promise<number> {
  return withRuntime(ctx, appDir, options, async (runtime) => {
    const out = resolve(options.out)
    let written = 0
    for (const contract of runtime.contracts) {
      const files = contract.files?.() ?? []
      if (files.length === 0) continue
      const dir = join(out, `${contract.kind}-${contract.name}-${contract.version}`)
      mkdirSync(dir, { recursive: true })
      for (const file of files) {
        writeFileSync(join(dir, file.name), file.content)
        ctx.out(`wrote ${join(dir, file.name)}`)
        written++
      }
    }
    if (written === 0) ctx.out('the app publishes no contracts')
    return 0
  })
}
