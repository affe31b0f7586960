import { STATUS_CODES } from 'node:http'
import type { ODataResponse } from './handler-context.js'

/**
 * The status line and headers of a response written as an HTTP/1.1 message (RFC 9112), up to
 * and including the empty line before the body: a part of a multipart batch response, or the
 * `application/http` result of an asynchronous request.
 */
export function httpMessageHead(response: ODataResponse): string {
  const status = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd()
  let head = status
  for (const name in response.headers) head += `\r\n${name}: ${response.headers[name] as string}`
  return `${head}\r\n\r\n`
}
