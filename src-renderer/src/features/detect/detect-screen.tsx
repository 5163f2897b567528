import { makeStyles, tokens } from '@fluentui/react-components'
import { ErrorBar } from '../../components/error-bar'
import { PageHeader } from '../../components/page-header'
import { phaseLabel } from '../phases/phase-screen'
import { CredentialStoreProvider } from './credential-store-context'
import { useDetectStore } from './detect-store-context'
import { LargeScanDialog } from './large-scan-dialog'
import { ScanForm } from './scan-form'
import { ScanProgressCard } from './scan-progress-card'

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
})

/** Detect: scan one computer or many, then watch each host's progress. */
export function DetectScreen() {
  const styles = useStyles()
  const scanId = useDetectStore((s) => s.scanId)
  const error = useDetectStore((s) => s.error)
  return (
    <>
      <PageHeader eyebrow={phaseLabel('detect')} title="Detect" subtitle="Find which computers lack security updates: scan one computer or many." />
      <div className={styles.stack}>
        <ErrorBar title={scanId ? 'The scan could not be changed' : 'The scan could not start'} error={error} />
        {scanId ? (
          <ScanProgressCard />
        ) : (
          // Credentials are read when the form shows, so one added from the CLI appears on return.
          <CredentialStoreProvider>
            <ScanForm />
          </CredentialStoreProvider>
        )}
      </div>
      <LargeScanDialog />
    </>
  )
}
