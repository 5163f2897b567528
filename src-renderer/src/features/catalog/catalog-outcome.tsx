import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components'
import { formatBytes, formatCount } from '../../components/format'
import { useCatalogStore } from './catalog-store-context'

const useStyles = makeStyles({
  failures: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalXL },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
})

/** What the last import, sync or export did, with each failed file and why. */
export function CatalogOutcomeView() {
  const styles = useStyles()
  const outcome = useCatalogStore((s) => s.outcome)
  if (!outcome) return null
  if (outcome.kind === 'export') {
    const { result } = outcome
    return (
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Exported</MessageBarTitle>
          {formatCount(result.documents)} documents, {formatBytes(result.bytes)}, to <span className={styles.mono}>{result.file}</span>
        </MessageBarBody>
      </MessageBar>
    )
  }
  const { summary } = outcome
  const failed = summary.files.filter((file) => file.outcome === 'failed')
  const verb = outcome.kind === 'sync' ? 'Sync' : 'Import'
  return (
    <MessageBar intent={summary.failed > 0 ? 'warning' : 'success'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {verb} finished in {(summary.elapsedMs / 1000).toFixed(1)} s
        </MessageBarTitle>
        {summary.imported} imported, {summary.replaced} replaced, {summary.skipped} skipped, {summary.failed} failed
        {summary.kev ? `; CISA KEV: ${formatCount(summary.kev.count)} entries` : ''}.
        {failed.length > 0 ? (
          <ul className={styles.failures}>
            {failed.map((file) => (
              <li key={file.source}>
                <span className={styles.mono}>{file.source}</span>: {file.message ?? 'failed'}
              </li>
            ))}
          </ul>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  )
}
