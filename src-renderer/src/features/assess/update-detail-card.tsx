import { Badge, Button, Field, Input, makeStyles, Radio, RadioGroup, Spinner, Text, Textarea, tokens } from '@fluentui/react-components'
import type { ColumnDef } from '@tanstack/react-table'
import { useState } from 'react'
import type { Input as ApiInput } from '../../../../src-main/contract/api'
import { ErrorBar } from '../../components/error-bar'
import { formatCount } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { VirtualTable } from '../../components/virtual-table'
import type { AffectedComputer, MissingUpdate } from './assess-store'
import { useAssessStore } from './assess-store-context'
import { DecisionHistory } from './decision-history'
import { decisionByline, decisionLabel } from './decision-text'

type Affected = AffectedComputer
type DecisionKind = ApiInput<'recordDecision'>['decision']

const COLUMNS: ReadonlyArray<ColumnDef<Affected, unknown>> = [
  {
    id: 'computer',
    header: 'Computer',
    accessorFn: (a) => a.computer,
    cell: ({ row }) => (
      <>
        {row.original.computer}{' '}
        {row.original.source === 'imported' ? (
          <Badge appearance="outline" color="informative">
            Imported
          </Badge>
        ) : null}
      </>
    ),
  },
  { id: 'product', header: 'Product', accessorFn: (a) => a.product ?? '' },
  { id: 'mitigations', header: 'Mitigating factors', accessorFn: (a) => a.mitigations.join('; '), cell: ({ row }) => (row.original.mitigations.length === 0 ? 'None found' : row.original.mitigations.join('; ')) },
]

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '40rem' },
  muted: { color: tokens.colorNeutralForeground2 },
})

/** The selected update: the computers it affects with their mitigating factors, and the decision. */
export function UpdateDetailCard({ update }: { readonly update: MissingUpdate }) {
  const styles = useStyles()
  const decide = useAssessStore((s) => s.decide)
  const saving = useAssessStore((s) => s.saving)
  const affected = useAssessStore((s) => s.affected)
  const decisionError = useAssessStore((s) => s.decisionError)
  const history = useAssessStore((s) => s.history)
  const historyError = useAssessStore((s) => s.historyError)
  const [kind, setKind] = useState<DecisionKind>('approve-testing')
  const [until, setUntil] = useState('')
  const [reason, setReason] = useState('')
  const ready = reason.trim().length > 0 && (kind !== 'defer' || until !== '')
  const submit = async () => {
    const saved = await decide({ kb: update.kb, decision: kind, reason: reason.trim(), ...(kind === 'defer' ? { deferUntil: until } : {}) })
    if (saved) setReason('')
  }
  return (
    <SectionCard
      title={`${update.kb} — ${formatCount(update.computers)} ${update.computers === 1 ? 'computer' : 'computers'}`}
      description={`${update.products.join(', ')} · ${update.worstSeverity ?? 'not rated'} · ${formatCount(update.cves)} CVEs`}
    >
      {affected === null ? <Spinner size="tiny" label="Reading the computers…" /> : null}
      <VirtualTable label={`Computers missing ${update.kb}`} data={affected ?? []} columns={COLUMNS} template="minmax(12rem, 1fr) minmax(12rem, 1.5fr) minmax(12rem, 2fr)" rowKey={(a) => String(a.assessmentId)} emptyText="No computer." height={280} />
      <section aria-label="Decision" className={styles.form}>
        {update.decision ? (
          <Text>
            <Badge appearance="outline" color={update.decision.expired ? 'warning' : 'brand'}>
              {decisionLabel(update.decision)}
            </Badge>{' '}
            <span className={styles.muted}>{decisionByline(update.decision)}</span>
          </Text>
        ) : (
          <Text className={styles.muted}>No decision yet.</Text>
        )}
        <RadioGroup aria-label="Decision" value={kind} onChange={(_, data) => setKind(data.value as DecisionKind)}>
          <Radio value="approve-testing" label="Approve for testing" />
          <Radio value="defer" label="Defer until a date" />
          <Radio value="not-applicable" label="Not applicable" />
        </RadioGroup>
        {kind === 'defer' ? (
          <Field label="Deferred until" hint="The last day; after it the update is undecided again.">
            <Input type="date" value={until} onChange={(_, data) => setUntil(data.value)} />
          </Field>
        ) : null}
        <Field label="Reason" required>
          <Textarea value={reason} onChange={(_, data) => setReason(data.value)} resize="vertical" />
        </Field>
        <ErrorBar title="The decision was not recorded" error={decisionError} />
        <div>
          <Button appearance="primary" disabled={!ready || saving} onClick={() => void submit()}>
            Record decision
          </Button>
        </div>
      </section>
      <DecisionHistory kb={update.kb} history={history} error={historyError} />
    </SectionCard>
  )
}
