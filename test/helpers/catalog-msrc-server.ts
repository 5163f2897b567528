import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Decompress } from 'fzstd'
import { sharedDataPath } from './shared-data'

/** What the fake endpoints serve for one document: a msrc-cvrf-all .zst or an XML file. */
export interface ServedDocument {
  readonly id: string
  readonly file: string
  readonly currentReleaseDate: string
}

/**
 * The MSRC CVRF API v3.0 (`/cvrf/v3.0/updates`, `/cvrf/v3.0/cvrf/{id}`) and the CISA KEV feed,
 * served on 127.0.0.1 from ../shared/data the way the real endpoints answer: the index as OData
 * JSON, documents as XML streamed in chunks. Faults can be injected per path.
 */
export class FakeCatalogServer {
  readonly requests: string[] = []
  /** Path → how many more times it answers 503 (Infinity: always 500). */
  readonly faults = new Map<string, number>()
  documents: ServedDocument[] = []
  kevFile = sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')
  private server: http.Server | null = null
  private port = 0

  get msrcUrl(): string {
    return `http://127.0.0.1:${this.port}/cvrf/v3.0`
  }

  get kevUrl(): string {
    return `http://127.0.0.1:${this.port}/feeds/known_exploited_vulnerabilities.json`
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** A served document from msrc-cvrf-all/, dated as the real index dates it. */
  static fromCatalog(id: string): ServedDocument {
    const index = JSON.parse(fs.readFileSync(sharedDataPath('msrc-cvrf-all', 'index.json'), 'utf8')) as {
      value: Array<{ ID: string; CurrentReleaseDate: string }>
    }
    const entry = index.value.find((e) => e.ID === id)
    if (!entry) throw new Error(`${id} is not in the index`)
    return { id, file: sharedDataPath('msrc-cvrf-all', `${id}.xml.zst`), currentReleaseDate: entry.CurrentReleaseDate }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    this.requests.push(url.pathname)
    const fault = this.faults.get(url.pathname)
    if (fault !== undefined && fault > 0) {
      if (Number.isFinite(fault)) this.faults.set(url.pathname, fault - 1)
      res.writeHead(Number.isFinite(fault) ? 503 : 500, { 'retry-after': '0' }).end('unavailable')
      return
    }
    if (url.pathname === '/cvrf/v3.0/updates') {
      const value = this.documents.map((d) => ({
        ID: d.id,
        Alias: d.id,
        DocumentTitle: `${d.id} Security Updates`,
        Severity: null,
        InitialReleaseDate: d.currentReleaseDate,
        CurrentReleaseDate: d.currentReleaseDate,
        CvrfUrl: `https://api.msrc.microsoft.com/cvrf/v3.0/cvrf/${d.id}`,
      }))
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ '@odata.context': 'https://api.msrc.microsoft.com/$metadata#Updates', value }))
      return
    }
    const match = /^\/cvrf\/v3\.0\/cvrf\/([^/]+)$/.exec(url.pathname)
    const doc = match ? this.documents.find((d) => d.id === decodeURIComponent(match[1]!)) : undefined
    if (doc) {
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' })
      const input = fs.createReadStream(doc.file, { highWaterMark: 64 * 1024 })
      if (doc.file.endsWith('.zst')) {
        const decompress = new Decompress((chunk) => res.write(chunk))
        input.on('data', (chunk) => decompress.push(chunk as Buffer))
        input.on('end', () => {
          decompress.push(new Uint8Array(0), true)
          res.end()
        })
      } else input.pipe(res)
      return
    }
    if (url.pathname === '/feeds/known_exploited_vulnerabilities.json') {
      res.writeHead(200, { 'content-type': 'application/json' })
      fs.createReadStream(this.kevFile).pipe(res)
      return
    }
    res.writeHead(404).end('not found')
  }
}

/** A CONNECT proxy on 127.0.0.1 that records where it was asked to connect. */
export class RecordingProxy {
  readonly connects: string[] = []
  private server: http.Server | null = null
  url = ''

  async start(): Promise<void> {
    this.server = http.createServer((_req, res) => res.writeHead(405).end())
    this.server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      const target = req.url ?? ''
      this.connects.push(target)
      const [host, port] = target.split(':')
      if (host !== '127.0.0.1') {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n')
        return
      }
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        if (head.length > 0) upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}
