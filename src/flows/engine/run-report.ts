import type { ImportCounts, SkippedRecord } from './flow-result.js'

const KEPT = 1000

/** What a run's imports did, gathered as they go; the skipped records beyond 1000 are only counted. */
export class RunReport {
  private counts = { records: 0, created: 0, updated: 0, ignored: 0, skipped: 0 }
  private readonly kept: SkippedRecord[] = []
  private imported = false

  add(counts: Partial<ImportCounts>): void {
    this.imported = true
    const c = this.counts
    this.counts = {
      records: c.records + (counts.records ?? 0),
      created: c.created + (counts.created ?? 0),
      updated: c.updated + (counts.updated ?? 0),
      ignored: c.ignored + (counts.ignored ?? 0),
      skipped: c.skipped + (counts.skipped ?? 0),
    }
  }

  /** Keeps a skipped record for the result (it is counted with the other counts). */
  keep(record: SkippedRecord): void {
    if (this.kept.length < KEPT) this.kept.push(record)
  }

  get records(): ImportCounts | undefined {
    return this.imported ? { ...this.counts } : undefined
  }

  get skipped(): readonly SkippedRecord[] {
    return this.kept
  }
}
