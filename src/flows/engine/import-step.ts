import type { EntityOperations } from '../../kernel/index.js'
import type { CompiledMapping, ImportError, ImportRecord, RecordPosition } from '../../mapping/index.js'
import { identifies } from '../analysis/flow-scope.js'
import { flowErrors } from '../errors.js'
import type { Step } from '../flow-declaration.js'
import type { ImportCounts, SkippedRecord } from './flow-result.js'
import { mappingInputOf } from './flow-input.js'
import { LookupCache, unresolved } from './import-lookups.js'
import { applyBulk, applyObject, isRecordError, reasonsOf, type BadRecord, type PendingRecord, type Reason } from './import-objects.js'
import { evaluate, type RunContext } from './run-context.js'

/** Records written per statement batch. */
const WRITE_BATCH = 2000

type Counts = { -readonly [K in keyof ImportCounts]: ImportCounts[K] }

/**
 * An `import` step: reads the input through the mapping record by record and writes each
 * object through the kernel. With `transaction: flow` everything is the run's transaction;
 * with `transaction: record`, every `commitEvery` records commit on their own. Bad records
 * are skipped and reported, or fail the import, as the flow's `onRecordError` says.
 */
export async function runImport(ctx: RunContext, step: Extract<Step, { kind: 'import' }>): Promise<void> {
  const mapping = findMapping(ctx, step.mapping)
  const input = mappingInputOf(step.from ? await evaluate(ctx, step.from) : ctx.variables.get('input'))
  if (input === undefined) throw flowErrors.create('FLOW_INPUT_MISSING', `flow ${ctx.flow.name}: the import of ${mapping.name} has no input (give the flow a file or a body)`)
  const records = mapping.import(input, { signal: ctx.signal })[Symbol.asyncIterator]()
  const perTransaction = ctx.flow.declaration.transaction === 'record' ? ctx.flow.declaration.commitEvery : Number.POSITIVE_INFINITY
  const writer = new ImportWriter(ctx, mapping)
  const total: Counts = { records: 0, created: 0, updated: 0, ignored: 0, skipped: 0 }
  for (let done = false; !done; ) {
    const chunk = await ctx.ops.transaction(async (tx) => writer.chunk(tx, records, perTransaction))
    done = chunk.done
    ctx.report.add(chunk.counts)
    for (const s of chunk.skipped) ctx.report.keep(s)
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += chunk.counts[k]
  }
  if (step.as) ctx.variables.set(step.as, { ...total })
}

function findMapping(ctx: RunContext, name: string): CompiledMapping {
  const { mappings } = ctx.services
  const local = `${ctx.flow.declaration.module}.${name}`
  return !name.includes('.') && mappings.has(local) ? mappings.get(local) : mappings.get(name)
}

class ImportWriter {
  private readonly lookups = new LookupCache()
  private readonly bulkKey: readonly string[] | undefined

  constructor(
    private readonly ctx: RunContext,
    private readonly mapping: CompiledMapping,
  ) {
    const d = mapping.declaration
    const entity = ctx.services.index.entity(d.entity)
    this.bulkKey = d.key && d.whenMissing === 'create' && entity?.persistent && identifies(entity, d.key) ? d.key : undefined
  }

  /** Reads and writes up to `limit` records in one transaction; `done` when the input ended. */
  async chunk(tx: EntityOperations, records: AsyncIterator<ImportRecord>, limit: number) {
    const counts: Counts = { records: 0, created: 0, updated: 0, ignored: 0, skipped: 0 }
    const skipped: SkippedRecord[] = []
    const bad: BadRecord = (position, reasons) => this.refuse(position, reasons, counts, skipped)
    let batch: PendingRecord[] = []
    let done = false
    while (counts.records < limit) {
      const next = await records.next()
      if (next.done) {
        done = true
        break
      }
      counts.records++
      const r = next.value
      if (r.ok) batch.push({ position: r.position, object: r.object })
      else bad(r.position, r.errors.map(reasonOfImportError))
      if (batch.length >= WRITE_BATCH) {
        await this.write(tx, batch, counts, bad)
        batch = []
      }
    }
    await this.write(tx, batch, counts, bad)
    return { done, counts, skipped }
  }

  private refuse(position: RecordPosition, reasons: readonly Reason[], counts: Counts, skipped: SkippedRecord[]): void {
    const where = `record ${position.record}${position.line ? ` (line ${position.line})` : ''}${position.path ? ` at ${position.path}` : ''}`
    if (this.ctx.flow.declaration.errors.onRecordError === 'fail') {
      const why = reasons.map((r) => (r.path ? `${r.path}: ${r.message}` : r.message)).join('; ')
      const details = reasons.map((r) => ({ code: r.rule.toUpperCase(), path: `${where}: ${r.path}`, rule: r.rule, message: r.message }))
      throw flowErrors.create('FLOW_RECORD_INVALID', `${this.mapping.name}: ${where} is invalid: ${why}; nothing of this import is written`, { details, target: where })
    }
    counts.skipped++
    skipped.push({ record: position.record, ...(position.line ? { line: position.line } : {}), ...(position.path ? { path: position.path } : {}), reasons })
  }

  private async write(tx: EntityOperations, batch: readonly PendingRecord[], counts: Counts, bad: BadRecord): Promise<void> {
    if (batch.length === 0) return
    await this.lookups.resolve(tx, batch.map((p) => p.object))
    const ready = batch.filter((p) => {
      const missing = unresolved(p.object, this.lookups)
      if (missing.length > 0) bad(p.position, missing)
      return missing.length === 0
    })
    const bulk = this.bulkKey ? ready.filter((p) => p.object.key && p.object.children.length === 0) : []
    if (this.bulkKey && bulk.length > 0) {
      const r = await applyBulk(tx, this.mapping.entity, this.bulkKey, bulk, this.lookups, bad)
      counts.created += r.created
      counts.updated += r.updated
    }
    const inBulk = new Set(bulk)
    for (const p of ready) if (!inBulk.has(p)) await this.writeOne(tx, p, counts, bad)
  }

  private async writeOne(tx: EntityOperations, p: PendingRecord, counts: Counts, bad: BadRecord): Promise<void> {
    const writes = { n: 0 }
    try {
      const r = await applyObject(tx, p.object, { index: this.ctx.services.index, lookups: this.lookups, writes })
      counts[r.outcome]++
    } catch (error) {
      if (!isRecordError(error) || writes.n > 0) throw error
      bad(p.position, reasonsOf(error))
    }
  }
}

function reasonOfImportError(e: ImportError): Reason {
  return { path: e.path, rule: e.rule, message: e.message }
}
