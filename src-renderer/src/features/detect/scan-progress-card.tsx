import { Button, Caption1, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import { Facts, type Fact } from '../../components/facts'
import { formatCount, formatDateTime } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { VirtualTable } from '../../components/virtual-table'
import { hasWork } from './detect-store'
import { useDetectStore } from './detect-store-context'
import { formatElapsed, hostElapsedMs } from './elapsed'
import { HOST_COLUMNS, HOST_TEMPLATE, NowProvider, outcomeText, useNow, type ScanHostRow } from './host-columns'
import { HostStateBadge } from './host-state-badge'

const useStyles = makeStyles({
  counts: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
  hint: { color: tokens.colorNeutralForeground2 },
})

/**
 * The scan started here, live: one row per host with its state, elapsed time, and cause and fix
 * of a failure, in a virtualised grid (a /16 is 65,534 rows); Enter or a click shows one host in full.
 */
export function ScanProgressCard() {
  const styles = useStyles()
  const detail = useDetectStore((s) => s.detail)
  const notes = useDetectStore((s) => s.notes)
  const cancel = useDetectStore((s) => s.cancel)
  const retryFailed = useDetectStore((s) => s.retryFailed)
  const clear = useDetectStore((s) => s.clear)
  const [openId, setOpenId] = useState<number | null>(null)
  if (!detail) return <SectionCard title="Scan progress">Starting the scan…</SectionCard>

  const running = detail.summary.state === 'running' || hasWork(detail.summary.counts)
  const { counts } = detail.summary
  const total = detail.hosts.length
  const finished = counts.done + counts.failed + counts.unreachable + counts.cancelled
  const retryable = counts.failed + counts.unreachable
  const opened = openId === null ? null : (detail.hosts.find((host) => host.id === openId) ?? null)
  const actions = running ? (
    <Button onClick={() => void cancel()}>Cancel scan</Button>
  ) : (
    <>
      {retryable > 0 ? <Button onClick={() => void retryFailed()}>Retry {formatCount(retryable)} failed</Button> : null}
      <Button appearance="primary" onClick={clear}>
        New scan
      </Button>
    </>
  )
  return (
    <NowProvider live={running}>
      <SectionCard title="Scan progress" description={`${detail.summary.label} — started ${formatDateTime(detail.summary.createdAt)}`} actions={actions}>
        <ProgressBar aria-label="Hosts finished" value={total === 0 ? 1 : finished / total} />
        <Text className={styles.counts} role="status">
          {running ? `Scanning: ${formatCount(finished)} of ${formatCount(total)} finished` : `Scan ${detail.summary.state}: ${formatCount(finished)} of ${formatCount(total)} finished`}
          {` · ${formatCount(counts.done)} done · ${formatCount(counts.failed)} failed · ${formatCount(counts.unreachable)} unreachable`}
          {counts.cancelled > 0 ? ` · ${formatCount(counts.cancelled)} cancelled` : ''}
        </Text>
        {notes.map((note) => (
          <Caption1 key={note}>{note}</Caption1>
        ))}
        <Caption1 className={styles.hint}>Arrow keys move between hosts; Enter shows one in full. Sort by State to bring failures first.</Caption1>
        <VirtualTable
          label="Hosts of this scan"
          data={detail.hosts}
          columns={HOST_COLUMNS}
          template={HOST_TEMPLATE}
          rowKey={(host) => String(host.id)}
          selectedKey={openId === null ? null : String(openId)}
          onOpen={(host) => setOpenId(host.id)}
          emptyText="No host in this scan."
          height={440}
        />
        {opened ? <HostFacts host={opened} /> : null}
      </SectionCard>
    </NowProvider>
  )
}

/** One host in full: what the 40-pixel row may cut short (a long cause, its fix and the raw detail). */
function HostFacts({ host }: { readonly host: ScanHostRow }) {
  const elapsed = hostElapsedMs(host, useNow())
  const facts: Fact[] = [
    { label: 'Computer', value: host.assessment?.name ?? host.target },
    { label: 'Address', value: host.address ?? '—' },
    { label: 'State', value: <HostStateBadge state={host.state} /> },
    { label: 'Transport', value: host.transport ?? '—' },
    { label: 'Open ports', value: host.openPorts.length > 0 ? host.openPorts.join(', ') : '—' },
    { label: 'Elapsed', value: elapsed === null ? '—' : formatElapsed(elapsed) },
    ...(host.error ? [{ label: 'Cause', value: host.error.cause }, { label: 'Fix', value: host.error.fix }] : []),
    ...(host.error?.detail ? [{ label: 'Detail', value: host.error.detail, mono: true }] : []),
    ...(outcomeText(host) ? [{ label: 'Outcome', value: outcomeText(host) }] : []),
  ]
  return (
    <section aria-label={`Host ${host.target}`}>
      <Facts facts={facts} label={`Host ${host.target}`} />
    </section>
  )
}
