import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { CommandContext } from '../command-context.js'

/** Files of a new app: one module with one entity, seed data and a config file. */
function scaffold(name: string): Record<string, string> {
  return {
    'portico.yaml': `# yaml-language-server: $schema=https://portico.dev/schema/app.schema.json
app: ${name}
version: 0.1.0
modules: [Main]
roles:
  Admin: { description: Everything }
  User: { description: Reads and writes notes }
`,
    'Main/domain.yaml': `# yaml-language-server: $schema=https://portico.dev/schema/module.schema.json
enums:
  Priority: [Low, Normal, High]

entities:
  Note:
    attributes:
      title: { type: String(200), required: true }
      body: Text
      priority: { type: Enum(Priority), required: true, default: Normal }
      dueOn: Date
    access:
      - { roles: [Admin, User], allow: [create, read, update, delete] }
`,
    'seed/notes.yaml': `- entity: Main.Note
  key: title
  rows:
    - { title: Welcome to Portico, body: Edit Main/domain.yaml and run portico check. }
`,
    'portico.config.yaml': `# Where and with which secrets the app runs; never part of the model.
# Environment variables override these (PORTICO_DATABASE_URL, PORTICO_PORT, ...).
database:
  url: sqlite:data/app.sqlite
http:
  host: 127.0.0.1
  port: 8080
`,
    '.gitignore': 'data/\n',
  }
}

/** `portico init <dir>`: writes a new app folder; refuses a folder that is not empty. */
export async function initCommand(ctx: CommandContext, dir: string): Promise<number> {
  const target = resolve(dir)
  if (existsSync(target) && readdirSync(target).length > 0) {
    ctx.err(`${target} is not empty; choose a new folder`)
    return 1
  }
  const name = basename(target).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '') || 'app'
  for (const [file, text] of Object.entries(scaffold(name))) {
    mkdirSync(join(target, file, '..'), { recursive: true })
    writeFileSync(join(target, file), text)
  }
  ctx.out(`created app '${name}' in ${target}`)
  ctx.out(`next: portico check ${dir} && portico run ${dir}`)
  return 0
}
