import fs from 'node:fs'
import path from 'node:path'
import { decompress } from 'fzstd'
import { sharedDataPath } from '../../../helpers/shared-data'

/**
 * ProductID → every name it has in real MSRC CVRF documents: all of ../shared/data/msrc-cvrf-xml/
 * (2019-Feb … 2026-Mar, re-serialised XML) plus raw API documents from msrc-cvrf-all/ for the
 * months that hold products retired earlier (Vista, 1511, 1703 …) or spellings changed later.
 */
const EXTRA_MONTHS = ['2017-Apr', '2018-May', '2019-Nov', '2020-Jan', '2020-Feb', '2020-Oct', '2021-May', '2021-Aug', '2021-Sep', '2022-Aug', '2024-Oct', '2026-Mar', '2026-Apr', '2026-Jun']

const NAME_RE = /<(?:prod:)?FullProductName\s+ProductID="([^"]+)"\s*>([^<]*)</g

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}

let cache: Map<string, Map<string, string[]>> | null = null

/** ProductID → name → documents it appears in (file names). */
export function cvrfProductNames(): Map<string, Map<string, string[]>> {
  if (cache) return cache
  const names = new Map<string, Map<string, string[]>>()
  const add = (xml: string, doc: string) => {
    for (const m of xml.matchAll(NAME_RE)) {
      const id = m[1] ?? ''
      const name = unescapeXml(m[2] ?? '')
      const byName = names.get(id) ?? new Map<string, string[]>()
      byName.set(name, [...(byName.get(name) ?? []), doc])
      names.set(id, byName)
    }
  }
  const xmlDir = sharedDataPath('msrc-cvrf-xml')
  for (const file of fs.readdirSync(xmlDir).filter((f) => f.endsWith('.xml'))) add(fs.readFileSync(path.join(xmlDir, file), 'utf8'), file)
  for (const month of EXTRA_MONTHS) {
    const file = sharedDataPath('msrc-cvrf-all', `${month}.xml.zst`)
    add(new TextDecoder().decode(decompress(fs.readFileSync(file))), `${month}.xml.zst`)
  }
  cache = names
  return names
}
