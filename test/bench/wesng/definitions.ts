import readline from 'node:readline'
import type { Readable } from 'node:stream'
import yauzl from 'yauzl'

/** One row of WES-NG's CVEs_*.csv: one CVE, one KB (or none), one product. */
export interface WesRow {
  readonly datePosted: string
  readonly cve: string
  /** Digits, or '' when MSRC lists no KB for the fix. */
  readonly kb: string
  readonly product: string
  readonly severity: string
  /** KBs (digits) this row's KB supersedes. */
  readonly supersedes: readonly string[]
}

const COLUMNS = ['DatePosted', 'CVE', 'BulletinKB', 'Title', 'AffectedProduct', 'AffectedComponent', 'Severity', 'Impact', 'Supersedes', 'Exploits'] as const

/** Splits one CSV record (RFC 4180 quoting, `""` for a quote). */
function splitCsv(line: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"'
        i += 1
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      fields.push(field)
      field = ''
    } else field += c
  }
  fields.push(field)
  return fields
}

function openCsv(zipFile: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error(`${zipFile}: not a zip archive`))
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/^CVEs_\d+\.csv$/.test(entry.fileName)) return zip.readEntry()
        zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err ?? new Error('no stream')) : resolve(stream)))
      })
      zip.on('end', () => reject(new Error(`${zipFile} holds no CVEs_*.csv`)))
      zip.readEntry()
    })
  })
}

/**
 * Reads the rows of a WES-NG definitions.zip whose AffectedProduct contains one of `filters`
 * (WES-NG matches products by substring; the 136 MB CSV is streamed, not loaded).
 */
export async function readWesRows(zipFile: string, filters: readonly string[]): Promise<WesRow[]> {
  const stream = await openCsv(zipFile)
  const rows: WesRow[] = []
  let header: string[] | null = null
  let pending = ''
  for await (const raw of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    const line = pending ? `${pending}\n${raw}` : raw
    if ((line.match(/"/g)?.length ?? 0) % 2 === 1) {
      pending = line // a quoted field spans lines
      continue
    }
    pending = ''
    if (!header) {
      header = splitCsv(line)
      if (COLUMNS.some((c, i) => header?.[i] !== c)) throw new Error(`${zipFile}: unexpected columns ${header.join(',')}`)
      continue
    }
    if (line.startsWith('#') || !filters.some((f) => line.includes(f))) continue
    const f = splitCsv(line)
    const product = f[4] ?? ''
    if (!filters.some((filter) => product.includes(filter))) continue
    rows.push({ datePosted: f[0] ?? '', cve: f[1] ?? '', kb: f[2] ?? '', product, severity: f[6] ?? '', supersedes: (f[8] ?? '').split(';').filter((s) => s !== '') })
  }
  return rows
}
