import { makeStyles, Spinner, tokens } from '@fluentui/react-components'
import { useEffect } from 'react'
import { ErrorBar } from '../../components/error-bar'
import { PageHeader } from '../../components/page-header'
import { ImportCard } from '../import/import-card'
import { useImportStore } from '../import/import-store-context'
import { HostReportView } from './host-report-view'
import { ReportListCard } from './report-list-card'
import { useReportsStore } from './reports-store-context'

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
})

/** Reports: pick a security report (scanned or imported computer), read it, open result details. */
export function ReportsScreen() {
  const styles = useStyles()
  const load = useReportsStore((s) => s.load)
  const open = useReportsStore((s) => s.open)
  const report = useReportsStore((s) => s.report)
  const listError = useReportsStore((s) => s.listError)
  const reportError = useReportsStore((s) => s.reportError)
  const closeReport = useReportsStore((s) => s.closeReport)
  useEffect(() => {
    void load()
  }, [load])
  // Files dropped on the window while a report is open: go back to the list, where the import shows.
  const importing = useImportStore((s) => s.busy)
  useEffect(() => {
    if (importing) closeReport()
  }, [importing, closeReport])
  return (
    <>
      <PageHeader title="Reports" subtitle="Every scanned or imported computer’s security report, newest first." />
      <div className={styles.stack}>
        <ErrorBar title="The reports could not be listed" error={listError} />
        <ErrorBar title="The report could not be opened" error={reportError} />
        {open === null ? (
          <>
            <ReportListCard />
            <ImportCard onImported={() => void load()} />
          </>
        ) : report ? (
          <HostReportView report={report} onBack={closeReport} />
        ) : reportError ? null : (
          <Spinner label="Opening the report…" />
        )}
      </div>
    </>
  )
}
