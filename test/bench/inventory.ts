/**
 * How fast "Assess a file" reads what an administrator brings: every real systeminfo and hotfix
 * list in ../shared/data, parsed through the file entry point (decoding, sniffing, parsing,
 * validation), and the product mapping. Prints its figures; `npm run bench:inventory`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseInventoryFile } from '../../src-main/inventory/parse-inventory-file'
import { mapToMsrcProducts } from '../../src-main/inventory/product-mapping'
import { SHARED_DATA } from '../helpers/shared-data'

const dirs = [path.join(SHARED_DATA, 'wesng', 'validation'), path.join(SHARED_DATA, 'vuls', 'windows-outputs')]
const files = dirs.flatMap((dir) =>
  fs
    .readdirSync(dir)
    .filter((f) => /systeminfo|_qfe|Hotfix/i.test(f))
    .map((f) => ({ name: f, bytes: fs.readFileSync(path.join(dir, f)) }))
    .filter((f) => f.bytes.length > 16),
)
const totalKiB = files.reduce((n, f) => n + f.bytes.length, 0) / 1024

function time(label: string, rounds: number, perRound: number, fn: () => void): void {
  fn() // warm-up
  const start = performance.now()
  for (let i = 0; i < rounds; i += 1) fn()
  const ms = (performance.now() - start) / rounds
  console.log(`${label}: ${ms.toFixed(1)} ms per round, ${(ms / perRound).toFixed(3)} ms each`)
}

console.log(`${files.length} captures, ${totalKiB.toFixed(0)} KiB`)
time('parseInventoryFile, all captures', 20, files.length, () => {
  for (const f of files) parseInventoryFile(f.bytes, f.name)
})
const legacy = files.filter((f) => /zh-cn|_it_|_es_|fr_systeminfo_cmd/.test(f.name))
time('legacy code page captures (candidate decodings ranked)', 50, legacy.length, () => {
  for (const f of legacy) parseInventoryFile(f.bytes, f.name)
})
const inventories = files.map((f) => parseInventoryFile(f.bytes, f.name).inventory)
time('mapToMsrcProducts, all captures', 200, inventories.length, () => {
  for (const inv of inventories) mapToMsrcProducts(inv)
})
