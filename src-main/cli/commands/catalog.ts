import type { Command } from 'commander'
import type { CatalogImportSummary, CatalogStatus } from '../../contract/schemas/catalog'
import { formatBytes, printJson, printLine } from '../output'
import { withServices } from '../open-services'
import { progressBar } from './catalog-progress'

/**
 * `patchlane catalog …`: Microsoft's security data in the local store. `import` takes CVRF files
 * (XML / JSON, .zst, .zip, folders), CISA KEV feeds and bundles; `sync` fetches from MSRC and CISA;
 * `export` writes a bundle for an offline network; `status` says what is held.
 */
export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description("Microsoft's security data (MSRC CVRF) and CISA's exploited list, kept locally.")

  catalog
    .command('import')
    .description('Import CVRF documents (XML or JSON, .zst, .zip, folders), a CISA KEV feed, or a catalog bundle.')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print one JSON document')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const bar = progressBar()
      const summary = await withServices((services) => services.catalog.import(paths, bar.update))
      bar.finish()
      finishSummary(summary, options.json === true, 'import')
    })

  catalog
    .command('sync')
    .description('Download new and revised documents from the MSRC CVRF API and the CISA KEV feed (honours HTTPS_PROXY / NO_PROXY).')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const bar = progressBar()
      const summary = await withServices((services) => services.catalog.sync(bar.update))
      bar.finish()
      finishSummary(summary, options.json === true, 'sync')
    })

  catalog
    .command('export')
    .description('Write the whole catalog to one compact file that `catalog import` reads on another machine.')
    .argument('<file>', 'the bundle to write')
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: { json?: boolean }) => {
      const bar = progressBar()
      const result = await withServices((services) => services.catalog.export(file, bar.update))
      bar.finish()
      if (options.json) printJson(result)
      else printLine(`Wrote ${result.documents} documents to ${result.file} (${formatBytes(result.bytes)})`)
    })

  catalog
    .command('status')
    .description('What the catalog holds: documents, CVEs, products, fixes, exploited, KEV as-of date.')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const status = await withServices(async (services) => services.catalog.status())
      if (options.json) printJson(status)
      else printStatus(status)
    })
}

function finishSummary(summary: CatalogImportSummary, json: boolean, what: string): void {
  if (json) printJson(summary)
  else {
    for (const file of summary.files) {
      if (file.outcome === 'failed') process.stderr.write(`patchlane: ${file.message ?? file.source}\n`)
    }
    const kev = summary.kev ? `; KEV ${summary.kev.count} CVEs as of ${summary.kev.asOf ?? '?'}` : ''
    printLine(
      `Catalog ${what}: ${summary.imported} imported, ${summary.replaced} replaced by a newer revision, ${summary.skipped} unchanged, ${summary.failed} failed${kev} (${(summary.elapsedMs / 1000).toFixed(1)} s)`,
    )
  }
  if (summary.failed > 0) process.exitCode = 1
}

function printStatus(status: CatalogStatus): void {
  printLine(`Documents        ${status.documents}${status.newestDocument ? ` (newest ${status.newestDocument}, as of ${status.asOf ?? '?'})` : ''}`)
  printLine(`Vulnerabilities  ${status.vulnerabilities} (${status.exploited} exploited per Microsoft)`)
  printLine(`Products         ${status.products}`)
  printLine(`Remediations     ${status.remediations}`)
  printLine(`CISA KEV         ${status.kev ? `${status.kev.count} CVEs as of ${status.kev.asOf ?? '?'}` : 'not imported'}`)
  printLine(`Last sync        ${status.lastSync ?? 'never'}${status.lastError ? ` (last error: ${status.lastError})` : ''}`)
  printLine(`Database         ${formatBytes(status.dbBytes)}`)
}
