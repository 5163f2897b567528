import { Badge, Checkbox, Field, Input, makeStyles, tokens } from '@fluentui/react-components'
import type { ColumnDef } from '@tanstack/react-table'
import { useMemo, useState } from 'react'
import { formatCount } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { VirtualTable } from '../../components/virtual-table'
import type { MissingUpdate } from './assess-store'
import { useAssessStore } from './assess-store-context'
import { decisionLabel } from './decision-text'

const SEVERITY_ORDER: Readonly<Record<string, number>> = { Critical: 4, Important: 3, Moderate: 2, Low: 1 }

const COLUMNS: ReadonlyArray<ColumnDef<MissingUpdate, unknown>> = [
  { id: 'kb', header: 'Update', accessorFn: (u) => u.kb },
  { id: 'product', header: 'Product', accessorFn: (u) => u.products.join(', '), cell: ({ row }) => productText(row.original.products) },
  { id: 'computers', header: 'Computers', accessorFn: (u) => u.computers, cell: ({ row }) => formatCount(row.original.computers) },
  { id: 'severity', header: 'Worst severity', accessorFn: (u) => SEVERITY_ORDER[u.worstSeverity ?? ''] ?? 0, cell: ({ row }) => row.original.worstSeverity ?? 'Not rated' },
  {
    id: 'exploited',
    header: 'Exploited',
    accessorFn: (u) => (u.kev ? 2 : 0) + (u.exploited ? 1 : 0),
    cell: ({ row }) => (
      <>
        {row.original.exploited ? <Badge color="danger">Exploited</Badge> : null} {row.original.kev ? <Badge color="important">KEV</Badge> : null}
        {!row.original.exploited && !row.original.kev ? 'No' : null}
      </>
    ),
  },
  { id: 'age', header: 'Age', accessorFn: (u) => u.ageDays ?? -1, cell: ({ row }) => (row.original.ageDays === null ? '—' : `${formatCount(row.original.ageDays)} d`) },
  { id: 'decision', header: 'Decision', accessorFn: (u) => (u.decision && !u.decision.expired ? decisionLabel(u.decision) : 'Undecided') },
]

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-end', flexWrap: 'wrap' },
})

/** Every missing update across the newest assessment of every computer, worst first. */
export function MissingUpdatesCard() {
  const styles = useStyles()
  const updates = useAssessStore((s) => s.updates)
  const selectedKb = useAssessStore((s) => s.selectedKb)
  const select = useAssessStore((s) => s.select)
  const [text, setText] = useState('')
  const [undecided, setUndecided] = useState(false)
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase()
    return (updates ?? []).filter(
      (u) => (!needle || u.kb.toLowerCase().includes(needle) || u.products.some((p) => p.toLowerCase().includes(needle))) && (!undecided || !u.decision || u.decision.expired),
    )
  }, [updates, text, undecided])
  return (
    <SectionCard
      title="Missing updates"
      description={updates === null ? 'Loading…' : `${formatCount(shown.length)} of ${formatCount(updates.length)} updates missing on the newest scan of each computer. Select one to see the computers and decide.`}
    >
      <div className={styles.filters}>
        <Field label="Update or product">
          <Input value={text} placeholder="KB or product" onChange={(_, data) => setText(data.value)} />
        </Field>
        <Checkbox label="Undecided only" checked={undecided} onChange={(_, data) => setUndecided(data.checked === true)} />
      </div>
      <VirtualTable
        label="Missing updates"
        data={shown}
        columns={COLUMNS}
        template="8rem minmax(12rem, 2.5fr) 6.5rem 8rem 10rem 5rem minmax(9rem, 1.3fr)"
        rowKey={(u) => u.kb}
        selectedKey={selectedKb}
        onOpen={(u) => void select(u.kb)}
        emptyText={updates && updates.length === 0 ? 'No missing updates: scan or import computers first, or every computer is current.' : 'No update matches the filter.'}
      />
    </SectionCard>
  )
}

function productText(products: readonly string[]): string {
  if (products.length <= 1) return products[0] ?? 'Unknown'
  return `${products[0] ?? ''} +${(products.length - 1).toLocaleString()}`
}
