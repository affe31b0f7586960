import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { modelSchemas } from '../../src/cli/commands/schema.js'

describe('the published JSON Schemas', () => {
  it('are current: schema/ holds what `portico schema` writes', () => {
    for (const [file, schema] of Object.entries(modelSchemas({ platform: defaultPlatform() }))) {
      const committed = JSON.parse(readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8'))
      expect(committed, `schema/${file} is stale: run npx portico schema`).toEqual(schema)
    }
  })
})
