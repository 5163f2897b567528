import fs from 'node:fs'
import path from 'node:path'
import type { ServerResponse } from 'node:http'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * Sends one file of the built renderer, or 404.
 *
 * The path is resolved inside `root` and anything that would leave it (`..`, encoded or not) is
 * refused. `/` is `index.html`. Files are read per request: the renderer is small and this is a
 * local tool, so no cache to go stale while `vite build --watch` rewrites it.
 */
export async function serveStatic(
  root: string,
  pathname: string,
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
  headOnly: boolean,
): Promise<void> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return void res.writeHead(400, headers).end('bad path')
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const file = path.resolve(root, relative)
  if (decoded.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
    return void res.writeHead(404, headers).end('not found')
  }
  let body: Buffer
  try {
    body = await fs.promises.readFile(file)
  } catch {
    return void res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found')
  }
  res.writeHead(200, {
    ...headers,
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(body.length),
    'cache-control': 'no-cache',
  })
  res.end(headOnly ? undefined : body)
}
