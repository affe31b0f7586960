import type { EntityOperations } from '../../kernel/index.js'
import type { CompiledMapping, ImportError, ImportRecord, RecordPosition } from '../../mapping/index.js'
import { identifies } from '../analysis/flow-scope.js'
import { flowErrors } from '../errors.js'
import type { Step } from '../flow-declaration.js'
import type { ImportCounts, SkippedRecord } from './flow-result.js'
import { mappingInputOf } from './flow-input.js'
import { LookupCache, unresolved } from './import-lookups.js'
import { applyBulk, applyObject, isRecordError, reasonsOf, type BadRecord, type PendingRecord, type Reason } from './import-objects.js'
import { RecordCursor } from './record-cursor.js'
import { evaluate, type RunContext } from './run-context.js'
import { WriteQueue } from './write-queue.js'

/** Records written per statement batch. */
const WRITE_BATCH = 2000

type ReadRecord = Extract<ImportRecord, { ok: true }>

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
  const records = new RecordCursor(mapping.importBatches(input, { signal: ctx.signal })[Symbol.asyncIterator]())
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
  private expect: 'new' | 'existing' = 'new'

  constructor(
    private readonly ctx: RunContext,
    private readonly mapping: CompiledMapping,
  ) {
    const d = mapping.declaration
    const entity = ctx.services.index.entity(d.entity)
    this.bulkKey = d.key && d.whenMissing === 'create' && entity?.persistent && identifies(entity, d.key) ? d.key : undefined
  }

  /**
   * Reads and writes up to `limit` records in one transaction; `done` when the input ended.
   * The next batch is read while the database writes the last one (the two overlap on a
   * machine with more than one core). A batch's bad records are reported, and its writing
   * starts, only once the batch before it is written, so records are reported in the same
   * order, and an import that fails does so at the same record, as when nothing overlaps.
   */
  async chunk(tx: EntityOperations, records: RecordCursor, limit: number) {
    const counts: Counts = { records: 0, created: 0, updated: 0, ignored: 0, skipped: 0 }
    const skipped: SkippedRecord[] = []
    const bad: BadRecord = (position, reasons) => this.refuse(position, reasons, counts, skipped)
    const writing = new WriteQueue()
    const failFast = this.ctx.flow.declaration.errors.onRecordError === 'fail'
    let read: ImportRecord[] = []
    let good = 0
    let done = false
    try {
      while (counts.records < limit && !writing.failed) {
        const r = records.take()
        if (r === undefined) {
          done = !(await records.fill())
          if (done) break
          continue
        }
        counts.records++
        read.push(r)
        if (r.ok && ++good >= WRITE_BATCH) {
          const batch = read
          await writing.enqueue(() => this.flush(tx, batch, counts, bad))
          read = []
          good = 0
        } else if (!r.ok && (failFast || read.length - good >= WRITE_BATCH)) {
          // Bad records are not held back long: reported (in order) once the batch before is written.
          await writing.settled()
          read = reportUnread(read, bad)
        }
      }
    } catch (error) {
      await writing.settled()
      throw error
    }
    const rest = read
    await writing.enqueue(() => this.flush(tx, rest, counts, bad))
    await writing.settled()
    return { done, counts, skipped }
  }

  /** Reports the records of a batch that could not be read, then writes the others. */
  private async flush(tx: EntityOperations, read: readonly ImportRecord[], counts: Counts, bad: BadRecord): Promise<void> {
    await this.write(tx, reportUnread(read, bad), counts, bad)
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
    const bulk: PendingRecord[] = []
    const single: PendingRecord[] = []
    for (const p of batch) {
      const missing = unresolved(p.object, this.lookups)
      if (missing.length > 0) bad(p.position, missing)
      else if (this.bulkKey && p.object.key && p.object.children.length === 0) bulk.push(p)
      else single.push(p)
    }
    if (this.bulkKey && bulk.length > 0) {
      const r = await applyBulk(tx, { entity: this.mapping.entity, key: this.bulkKey, expect: this.expect }, bulk, this.lookups, bad)
      counts.created += r.created
      counts.updated += r.updated
      // The next batch is likely to be like this one: mostly new objects, or mostly existing ones.
      this.expect = r.updated > r.created ? 'existing' : 'new'
    }
    for (const p of single) await this.writeOne(tx, p, counts, bad)
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

/** Reports the records that could not be read, in order; the others, to be written. */
function reportUnread(read: readonly ImportRecord[], bad: BadRecord): ReadRecord[] {
  const pending: ReadRecord[] = []
  for (const r of read) {
    if (r.ok) pending.push(r)
    else bad(r.position, r.errors.map(reasonOfImportError))
  }
  return pending
}

function reasonOfImportError(e: ImportError): Reason {
  return { path: e.path, rule: e.rule, message: e.message }
}
