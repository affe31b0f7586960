/** One element of an XML record as the reader keeps it: just what mappings read. */
export interface XmlElement {
  readonly uri: string
  readonly local: string
  /** `uri|local` → value; namespace declarations are not attributes. */
  readonly attributes: ReadonlyMap<string, string>
  readonly children: XmlElement[]
  /** The element's own text (text and CDATA children joined). */
  text: string
}

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance'

export function attributeKey(uri: string, local: string): string {
  return `${uri}|${local}`
}
