import { Button, Caption1, Field, Input, makeStyles, ProgressBar, Textarea, tokens } from '@fluentui/react-components'
import { ArrowExport20Regular, ArrowImport20Regular, ArrowSync20Regular } from '@fluentui/react-icons'
import { useState } from 'react'
import { ErrorBar } from '../../components/error-bar'
import { SectionCard } from '../../components/section-card'
import { parsePathList } from './catalog-store'
import { useCatalogStore } from './catalog-store-context'
import { CatalogOutcomeView } from './catalog-outcome'

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(22rem, 1fr))', gap: tokens.spacingHorizontalXXL },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  field: { alignSelf: 'stretch' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
})

const OPERATION_LABEL = { import: 'Importing', export: 'Exporting', sync: 'Syncing' } as const

/** Sync now, import files by path, export a bundle; progress and the outcome of the last run. */
export function CatalogActionsCard() {
  const styles = useStyles()
  const running = useCatalogStore((s) => s.running)
  const progress = useCatalogStore((s) => s.progress)
  const actionError = useCatalogStore((s) => s.actionError)
  const lastSyncError = useCatalogStore((s) => s.status?.lastError ?? null)
  const importPaths = useCatalogStore((s) => s.importPaths)
  const exportTo = useCatalogStore((s) => s.exportTo)
  const sync = useCatalogStore((s) => s.sync)
  const [pathsText, setPathsText] = useState('')
  const [exportFile, setExportFile] = useState('')
  const paths = parsePathList(pathsText)
  const busy = running !== null

  return (
    <SectionCard
      title="Update the catalog"
      icon={<ArrowSync20Regular />}
      description="Paths are on the computer running Patchlane: CVRF XML or JSON, a folder, .zip or .zst archives, a CISA KEV JSON or a Patchlane bundle."
      actions={
        <Button appearance="primary" icon={<ArrowSync20Regular />} disabled={busy} onClick={() => void sync()}>
          Sync now
        </Button>
      }
    >
      <div className={styles.grid}>
        <div className={styles.column}>
          <Field className={styles.field} label="Import from" hint="One path per line.">
            <Textarea
              className={styles.mono}
              resize="vertical"
              rows={4}
              wrap="off"
              value={pathsText}
              placeholder={'D:\\catalog\\2025-Nov.xml\nD:\\catalog\\known_exploited_vulnerabilities.json'}
              onChange={(_, data) => setPathsText(data.value)}
            />
          </Field>
          <Button icon={<ArrowImport20Regular />} disabled={busy || paths.length === 0} onClick={() => void importPaths(paths)}>
            Import {paths.length > 1 ? `${paths.length} paths` : ''}
          </Button>
        </div>
        <div className={styles.column}>
          <Field className={styles.field} label="Export a bundle to" hint="A file another Patchlane can import, for offline networks.">
            <Input className={styles.mono} value={exportFile} placeholder={'E:\\Transfer\\patchlane-catalog.jsonl.gz'} onChange={(_, data) => setExportFile(data.value)} />
          </Field>
          <Button icon={<ArrowExport20Regular />} disabled={busy || exportFile.trim() === ''} onClick={() => void exportTo(exportFile.trim())}>
            Export
          </Button>
        </div>
      </div>
      {running ? (
        <Field
          label={`${OPERATION_LABEL[running]}…`}
          validationState="none"
          validationMessage={progress ? progressText(progress) : 'Starting…'}
        >
          <ProgressBar
            aria-label={`${OPERATION_LABEL[running]} progress`}
            {...(progress && progress.total > 0 ? { value: progress.done, max: progress.total } : {})}
          />
        </Field>
      ) : null}
      {/* A failed sync is already shown as the catalog's last error; say it once. */}
      <ErrorBar title="The catalog operation failed" error={actionError?.message === lastSyncError ? null : actionError} />
      <CatalogOutcomeView />
      {!running && !actionError ? (
        <Caption1>Sync downloads from api.msrc.microsoft.com and cisa.gov; import and export stay on this computer.</Caption1>
      ) : null}
    </SectionCard>
  )
}

function progressText(progress: { done: number; total: number; current: string | null; message: string | null }): string {
  const count = progress.total > 0 ? `${progress.done} of ${progress.total}` : `${progress.done}`
  const detail = progress.message ?? progress.current
  return detail ? `${count} — ${detail}` : count
}
