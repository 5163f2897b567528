import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components'
import { ArrowUploadRegular } from '@fluentui/react-icons'
import { useEffect, useRef } from 'react'
import { ErrorBar } from '../../components/error-bar'
import { formatCount } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { useImportStore } from './import-store-context'

const useStyles = makeStyles({
  zone: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    color: tokens.colorNeutralForeground2,
  },
  hidden: { display: 'none' },
  results: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  failed: { color: tokens.colorPaletteRedForeground1 },
})

/** The name shown for a result: an Electron import goes by full path, the file name says enough. */
function shortName(file: string): string {
  return file.split(/[\\/]/).pop() || file
}

/**
 * Import for consultants: systeminfo, wmic qfe or inventory files dropped anywhere on the window
 * (WindowFileDrop) or picked here are assessed and kept, then listed in Reports marked "Imported".
 */
export function ImportCard({ onImported }: { readonly onImported: () => void }) {
  const styles = useStyles()
  const picker = useRef<HTMLInputElement>(null)
  const busy = useImportStore((s) => s.busy)
  const results = useImportStore((s) => s.results)
  const error = useImportStore((s) => s.error)
  const completed = useImportStore((s) => s.completed)
  const importFiles = useImportStore((s) => s.importFiles)
  // Reload the list once per finished import, not when the card mounts.
  const seen = useRef(completed)
  useEffect(() => {
    if (completed === seen.current) return
    seen.current = completed
    onImported()
  }, [completed, onImported])

  return (
    <SectionCard title="Import computers" description="For consultants: systeminfo, wmic qfe or Patchlane inventory files from computers you cannot scan. They are assessed like scanned computers and marked Imported.">
      <div className={styles.zone}>
        <ArrowUploadRegular fontSize={28} aria-hidden />
        <Text>Drop files anywhere on this window, or</Text>
        <input
          ref={picker}
          className={styles.hidden}
          type="file"
          multiple
          aria-label="Inventory files"
          onChange={(event) => {
            void importFiles([...(event.target.files ?? [])])
            event.target.value = ''
          }}
        />
        <Button onClick={() => picker.current?.click()} disabled={busy}>
          Choose files…
        </Button>
        {busy ? <Spinner size="tiny" label="Assessing…" /> : null}
      </div>
      <ErrorBar title="The files could not be imported" error={error} />
      {results ? (
        <div role="status">
          <ul className={styles.results} aria-label="Import results">
            {results.map((result) =>
              result.ok ? (
                <li key={result.file}>
                  {shortName(result.file)}: {result.hostName ?? 'unnamed computer'}, {result.product ?? 'unknown product'} — {formatCount(result.missingUpdates)} missing
                </li>
              ) : (
                <li key={result.file} className={styles.failed}>
                  {shortName(result.file)}: {result.error}
                </li>
              ),
            )}
          </ul>
        </div>
      ) : null}
    </SectionCard>
  )
}
