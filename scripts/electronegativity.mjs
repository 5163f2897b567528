#!/usr/bin/env node
// `npm run test:electronegativity`: Doyensec's Electronegativity over the Electron-facing code
// (src-main/app, src-preload, src-renderer, plus src-renderer/index.html for its CSP).
//
// Every finding of MEDIUM severity or above must be explained in .electronegativity-explained.json
// ({ check, file, why }); an unexplained one fails the run, and so does an explanation that no
// longer matches any finding (so the file cannot silently rot). The full report goes to
// test-results/electronegativity.json. The last line is `N passed, N failed`, counted per check:
// a check passes when it has no unexplained finding.
//
// Offline by design: Electronegativity fetches translations and Electron release notes from the
// internet; both are stubbed out here (the release check, AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK,
// is excluded: keeping Electron current is the dependency updater's job, not a source scan's).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
// --root scans another tree (the script's own test uses a deliberately unsafe one).
const { values: args } = parseArgs({ options: { root: { type: 'string' }, explained: { type: 'string' }, report: { type: 'string' } } })
const root = path.resolve(args.root ?? repo)
const SCANNED = ['src-main/app', 'src-preload', 'src-renderer']
const EXPLAINED_FILE = path.resolve(args.explained ?? path.join(root, '.electronegativity-explained.json'))
const REPORT_FILE = path.resolve(args.report ?? path.join(root, 'test-results', 'electronegativity.json'))
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']
const FAIL_AT = 2 // MEDIUM (LOW = 1, INFORMATIONAL = 0)

/** Replaces `got` for Electronegativity's modules with one that never reaches the network. */
function stubNetwork() {
  const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'))
  const offline = () => Promise.reject(new Error('offline: network access disabled by scripts/electronegativity.mjs'))
  const requireFromTool = createRequire(path.join(packageDir, 'dist', 'runner.js'))
  const gotPath = requireFromTool.resolve('got')
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) }
}

/** Copies the scanned folders into one tree, so global checks see main, preload and renderer together. */
function stage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchlane-electronegativity-'))
  for (const folder of SCANNED) {
    const from = path.join(root, folder)
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, folder), { recursive: true, filter: (file) => !/\.(test|spec)\.[tj]sx?$/.test(file) })
  }
  return dir
}

function loadExplained() {
  if (!fs.existsSync(EXPLAINED_FILE)) return []
  const list = JSON.parse(fs.readFileSync(EXPLAINED_FILE, 'utf8'))
  if (!Array.isArray(list)) throw new Error(`${EXPLAINED_FILE} must hold a JSON array of { check, file, why }`)
  list.forEach((entry, index) => {
    for (const key of ['check', 'file', 'why']) {
      if (typeof entry?.[key] !== 'string' || entry[key].trim() === '') {
        throw new Error(`${EXPLAINED_FILE} entry ${index}: "${key}" must be a non-empty string`)
      }
    }
  })
  return list
}

async function main() {
  stubNetwork()
  // Quiet the translation fetch's console line; the stub makes it fail at once.
  const log = console.log
  const run = require('@doyensec/electronegativity')
  const staged = stage()
  const electronVersion = require('electron/package.json').version
  let result
  try {
    console.log = () => {}
    result = await run({
      input: staged,
      isRelative: true,
      excludeFromScan: EXCLUDED_CHECKS,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    })
  } finally {
    console.log = log
    fs.rmSync(staged, { recursive: true, force: true })
  }

  const issues = result.issues.map((issue) => ({
    check: issue.id,
    file: issue.file.split(path.sep).join('/'),
    line: issue.location?.line ?? null,
    column: issue.location?.column ?? null,
    severity: issue.severity.name,
    severe: issue.severity.value >= FAIL_AT,
    confidence: issue.confidence.name,
    manualReview: Boolean(issue.manualReview),
    description: issue.description,
    sample: issue.sample,
  }))
  const explained = loadExplained()
  const used = new Set()
  const verdicts = issues.map((issue) => {
    const index = explained.findIndex((e) => e.check === issue.check && e.file === issue.file)
    if (index >= 0) used.add(index)
    return { ...issue, explainedBy: index >= 0 ? explained[index].why : null }
  })

  fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true })
  fs.writeFileSync(REPORT_FILE, `${JSON.stringify({ electronVersion, scanned: SCANNED, excludedChecks: EXCLUDED_CHECKS, errors: result.errors, findings: verdicts }, null, 2)}\n`)

  for (const error of result.errors) console.log(`${error.tolerable ? 'note' : 'PARSE ERROR'}: ${error.file}: ${error.message}`)
  const unexplained = verdicts.filter((v) => v.severe && !v.explainedBy)
  const stale = explained.filter((_entry, index) => !used.has(index))
  for (const v of verdicts) {
    const tag = !v.severe ? 'info' : v.explainedBy ? 'explained' : 'UNEXPLAINED'
    console.log(`${tag.padEnd(11)} ${v.severity.padEnd(13)} ${v.check} ${v.file}:${v.line ?? '?'}`)
  }
  for (const entry of stale) console.log(`STALE       ${entry.check} ${entry.file}: explained but no longer found; remove it from .electronegativity-explained.json`)

  const checks = result.globalChecks + result.atomicChecks
  const failedChecks = new Set(unexplained.map((v) => v.check))
  const hardErrors = result.errors.filter((e) => !e.tolerable).length
  const failed = failedChecks.size + (stale.length > 0 ? 1 : 0) + (hardErrors > 0 ? 1 : 0)
  console.log(
    `${checks} checks over ${SCANNED.join(', ')}: ${verdicts.length} findings (${verdicts.filter((v) => v.severe).length} MEDIUM or above, ` +
      `${verdicts.filter((v) => v.severe && v.explainedBy).length} explained), ${hardErrors} files not parsed. Report: ${path.relative(root, REPORT_FILE)}`,
  )
  console.log(`${checks - failedChecks.size} passed, ${failed} failed`)
  process.exitCode = failed > 0 ? 1 : 0
}

main().catch((error) => {
  console.error(`electronegativity failed to run: ${error?.message ?? String(error)}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
})
