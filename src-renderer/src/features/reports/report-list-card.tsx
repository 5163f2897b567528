import { Badge, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components'
import type { ColumnDef } from '@tanstack/react-table'
import { useMemo } from 'react'
import { formatCount, formatDateTime } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { VirtualTable } from '../../components/virtual-table'
import { filterReports, OUTCOME_LABELS, outcomeOf, reportKey, type ReportOutcome, type ReportRow } from './report-filters'
import { useReportsStore } from './reports-store-context'

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'flex-end' },
  muted: { color: tokens.colorNeutralForeground2 },
})

const COLUMNS: ReadonlyArray<ColumnDef<ReportRow, unknown>> = [
  {
    id: 'computer',
    header: 'Computer',
    accessorFn: (row) => row.computer,
    cell: ({ row }) => (
      <>
        {row.original.computer}
        {row.original.source === 'imported' ? (
          <>
            {' '}
            <Badge appearance="outline" color="informative">
              Imported
            </Badge>
          </>
        ) : null}
      </>
    ),
  },
  { id: 'address', header: 'Address or file', accessorFn: (row) => row.address ?? row.fileName ?? '' },
  { id: 'time', header: 'Time', accessorFn: (row) => row.time, cell: ({ row }) => formatDateTime(row.original.time) },
  { id: 'outcome', header: 'Outcome', accessorFn: (row) => OUTCOME_LABELS[outcomeOf(row)] },
  { id: 'missing', header: 'Missing', accessorFn: (row) => row.missingUpdates ?? -1, cell: ({ row }) => (row.original.missingUpdates === null ? '—' : formatCount(row.original.missingUpdates)) },
  { id: 'unconfirmed', header: 'Unconfirmed', accessorFn: (row) => row.unconfirmed ?? -1, cell: ({ row }) => (row.original.unconfirmed === null ? '—' : formatCount(row.original.unconfirmed)) },
]

/** "Pick a security report to view": every scanned and imported computer, newest first, filterable. */
export function ReportListCard() {
  const styles = useStyles()
  const rows = useReportsStore((s) => s.rows)
  const filter = useReportsStore((s) => s.filter)
  const setFilter = useReportsStore((s) => s.setFilter)
  const openReport = useReportsStore((s) => s.openReport)
  const shown = useMemo(() => filterReports(rows ?? [], filter), [rows, filter])
  const total = rows?.length ?? 0
  return (
    <SectionCard
      title="Pick a security report to view"
      description={rows === null ? 'Loading…' : `${formatCount(shown.length)} of ${formatCount(total)} reports, newest first. Open one with Enter or a click.`}
    >
      <div className={styles.filters}>
        <Field label="Computer">
          <Input value={filter.computer} placeholder="Name, address or file" onChange={(_, data) => setFilter({ computer: data.value })} />
        </Field>
        <Field label="From date">
          <Input type="date" value={filter.from} onChange={(_, data) => setFilter({ from: data.value })} />
        </Field>
        <Field label="Outcome">
          <Select value={filter.outcome} onChange={(_, data) => setFilter({ outcome: data.value as ReportOutcome | 'all' | 'imported' })}>
            <option value="all">All</option>
            {(Object.keys(OUTCOME_LABELS) as ReportOutcome[]).map((outcome) => (
              <option key={outcome} value={outcome}>
                {OUTCOME_LABELS[outcome]}
              </option>
            ))}
            <option value="imported">Imported files</option>
          </Select>
        </Field>
      </div>
      <VirtualTable
        label="Security reports"
        data={shown}
        columns={COLUMNS}
        template="minmax(12rem, 2fr) minmax(9rem, 1.3fr) minmax(10rem, 1.3fr) minmax(9rem, 1.2fr) 6rem 7rem"
        rowKey={reportKey}
        onOpen={(row) => void openReport(row.scanHostId !== null ? { scanHostId: row.scanHostId } : { assessmentId: row.assessmentId ?? 0 })}
        emptyText={total === 0 ? 'No reports yet: scan computers on the Detect screen, or import files below.' : 'No report matches the filter.'}
      />
    </SectionCard>
  )
}
