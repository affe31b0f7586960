import { exportError } from './compile-object-writer.js'

/** Code points of windows-1252 bytes 0x80–0x9F (the rest of 0x00–0xFF is Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
]
const FROM_HIGH: ReadonlyMap<number, number> = new Map(CP1252_HIGH.map((cp, i) => [cp, 0x80 + i]))

/**
 * Text in the mapping's output encoding. UTF-8 stays a string (the caller's stream encodes
 * it); windows-1252 (and latin1, read as windows-1252) becomes bytes, and a character the
 * encoding cannot hold is an error, never a silent `?`.
 */
export function encodeOutput(text: string, encoding: string): string | Uint8Array {
  if (encoding === 'utf-8') return text
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : FROM_HIGH.get(c)
    if (b === undefined) throw exportError(`character ${i + 1} of the output`, `('${text[i]}', U+${c.toString(16).toUpperCase().padStart(4, '0')}) has no byte in ${encoding}`)
    bytes[i] = b
  }
  return bytes
}
