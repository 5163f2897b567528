import { Button, makeStyles, mergeClasses, Spinner, Text, tokens } from '@fluentui/react-components'
import { ArrowUploadRegular } from '@fluentui/react-icons'
import { useRef, useState, type DragEvent } from 'react'
import type { ApiError, Output } from '../../../../src-main/contract/api'
import { useApi } from '../../api/api-context'
import { ErrorBar } from '../../components/error-bar'
import { formatCount } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { readInventoryFiles } from './read-dropped-files'

type ImportResult = Output<'importInventoryFiles'>

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
  over: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hidden: { display: 'none' },
  results: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  failed: { color: tokens.colorPaletteRedForeground1 },
})

/**
 * Import for consultants: systeminfo, wmic qfe or inventory files dropped or picked are assessed
 * and kept, then listed in Reports marked "Imported".
 */
export function ImportCard({ onImported }: { readonly onImported: () => void }) {
  const styles = useStyles()
  const api = useApi()
  const picker = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  const [busy, setBusy] = useState(false)
  const [results, setResults] = useState<ImportResult | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  const importFiles = async (files: readonly File[]) => {
    if (files.length === 0 || busy) return
    setBusy(true)
    setError(null)
    const { files: read, tooLarge } = await readInventoryFiles(files)
    const rejected: ImportResult = tooLarge.map((file) => ({ file, ok: false as const, error: `${file} is larger than 512 KB: not a systeminfo or wmic qfe capture.` }))
    const result = read.length > 0 ? await api.importInventoryFiles({ files: read }) : ({ ok: true, value: [] } as const)
    setBusy(false)
    if (!result.ok) return setError(result.error)
    setResults([...result.value, ...rejected])
    onImported()
  }
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault()
    setOver(false)
    void importFiles([...event.dataTransfer.files])
  }

  return (
    <SectionCard title="Import computers" description="For consultants: systeminfo, wmic qfe or Patchlane inventory files from computers you cannot scan. They are assessed like scanned computers and marked Imported.">
      <div
        className={mergeClasses(styles.zone, over && styles.over)}
        onDragOver={(event) => {
          event.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <ArrowUploadRegular fontSize={28} aria-hidden />
        <Text>Drop files here, or</Text>
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
                  {result.file}: {result.hostName ?? 'unnamed computer'}, {result.product ?? 'unknown product'} — {formatCount(result.missingUpdates)} missing
                </li>
              ) : (
                <li key={result.file} className={styles.failed}>
                  {result.file}: {result.error}
                </li>
              ),
            )}
          </ul>
        </div>
      ) : null}
    </SectionCard>
  )
}
