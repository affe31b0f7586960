import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { appFileSchema, moduleFileSchema } from '../../model/index.js'
import type { CommandContext } from '../command-context.js'

/** The published JSON Schemas of the model format, with every registered adapter's sections. */
export function modelSchemas(ctx: Pick<CommandContext, 'platform'>): Record<string, unknown> {
  return {
    'app.schema.json': appFileSchema(),
    'module.schema.json': moduleFileSchema(ctx.platform.sections),
  }
}

/** `portico schema [--out dir]`: writes the schemas for editors (yaml-language-server). */
export async function schemaCommand(ctx: CommandContext, options: { out: string }): Promise<number> {
  const out = resolve(options.out)
  mkdirSync(out, { recursive: true })
  for (const [file, schema] of Object.entries(modelSchemas(ctx))) {
    writeFileSync(join(out, file), JSON.stringify(schema, null, 2) + '\n')
    ctx.out(`wrote ${join(out, file)}`)
  }
  return 0
}
