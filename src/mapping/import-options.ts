/** Bounds on what one input may make the mapping layer hold or walk. */
export interface MappingLimits {
  /** Nesting of JSON values and XML elements. */
  readonly maxDepth: number
  /** Characters of one record (a JSON element, an XML record element, a CSV row). */
  readonly maxRecordLength: number
  /** Characters of one XML text, attribute value, name, comment or declaration. */
  readonly maxTokenLength: number
  /** Attributes of one XML element. */
  readonly maxAttributes: number
}

export const DEFAULT_LIMITS: MappingLimits = Object.freeze({
  maxDepth: 64,
  maxRecordLength: 16 * 1024 * 1024,
  maxTokenLength: 1024 * 1024,
  maxAttributes: 256,
})

export interface ImportOptions {
  readonly limits?: Partial<MappingLimits>
  /** Stops reading; the iteration then throws the signal's reason. */
  readonly signal?: AbortSignal
}

export interface ExportOptions {
  readonly signal?: AbortSignal
}

export function limitsOf(options: ImportOptions | undefined): MappingLimits {
  return options?.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS
}
