import { Button, Caption1, makeStyles, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components'
import { useEffect, useState } from 'react'
import { SectionCard } from '../../components/section-card'
import { formatCount, formatDateTime } from '../../components/format'
import { hasWork } from './detect-store'
import { useDetectStore } from './detect-store-context'
import { formatElapsed, hostElapsedMs } from './elapsed'
import { HostStateBadge } from './host-state-badge'

const useStyles = makeStyles({
  counts: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
  cause: { display: 'block' },
  fix: { display: 'block', color: tokens.colorNeutralForeground2 },
  numeric: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
})

/** The scan started here, live: one row per host with its state, elapsed time, and cause and fix of a failure. */
export function ScanProgressCard() {
  const styles = useStyles()
  const detail = useDetectStore((s) => s.detail)
  const notes = useDetectStore((s) => s.notes)
  const cancel = useDetectStore((s) => s.cancel)
  const retryFailed = useDetectStore((s) => s.retryFailed)
  const clear = useDetectStore((s) => s.clear)
  const running = detail ? detail.summary.state === 'running' || hasWork(detail.summary.counts) : true
  const now = useNow(running)
  if (!detail) return <SectionCard title="Scan progress">Starting the scan…</SectionCard>

  const { counts } = detail.summary
  const total = detail.hosts.length
  const finished = counts.done + counts.failed + counts.unreachable + counts.cancelled
  const retryable = counts.failed + counts.unreachable
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
    <SectionCard
      title="Scan progress"
      description={`${detail.summary.label} — started ${formatDateTime(detail.summary.createdAt)}`}
      actions={actions}
    >
      <ProgressBar aria-label="Hosts finished" value={total === 0 ? 1 : finished / total} />
      <Text className={styles.counts} role="status">
        {running ? `Scanning: ${formatCount(finished)} of ${formatCount(total)} finished` : `Scan ${detail.summary.state}: ${formatCount(finished)} of ${formatCount(total)} finished`}
        {` · ${formatCount(counts.done)} done · ${formatCount(counts.failed)} failed · ${formatCount(counts.unreachable)} unreachable`}
        {counts.cancelled > 0 ? ` · ${formatCount(counts.cancelled)} cancelled` : ''}
      </Text>
      {notes.map((note) => (
        <Caption1 key={note}>{note}</Caption1>
      ))}
      <Table aria-label="Hosts of this scan" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: '18%' }}>Computer</TableHeaderCell>
            <TableHeaderCell style={{ width: '13%' }}>Address</TableHeaderCell>
            <TableHeaderCell style={{ width: '11%' }}>State</TableHeaderCell>
            <TableHeaderCell style={{ width: '10%' }}>Elapsed</TableHeaderCell>
            <TableHeaderCell>Outcome</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {detail.hosts.map((host) => {
            const elapsed = hostElapsedMs(host, now)
            return (
              <TableRow key={host.id}>
                <TableCell>{host.assessment?.name ?? host.target}</TableCell>
                <TableCell>{host.address ?? '—'}</TableCell>
                <TableCell>
                  <HostStateBadge state={host.state} />
                </TableCell>
                <TableCell className={styles.numeric}>{elapsed === null ? '—' : formatElapsed(elapsed)}</TableCell>
                <TableCell>
                  {host.error ? (
                    <>
                      <span className={styles.cause}>{host.error.cause}</span>
                      <span className={styles.fix}>Fix: {host.error.fix}</span>
                    </>
                  ) : host.assessment ? (
                    `${host.assessment.product ?? 'Windows'} — ${formatCount(host.assessment.summary.missingUpdates)} missing, ${formatCount(host.assessment.summary.unconfirmed)} cannot be confirmed`
                  ) : host.state === 'done' ? (
                    'Collected; not assessed (the catalog is empty)'
                  ) : (
                    ''
                  )}
                </TableCell>
              </TableRow>
            )
          })}
        </TableBody>
      </Table>
    </SectionCard>
  )
}

/** The time now, ticking each second while `live`, so running hosts' elapsed time moves. */
function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!live) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [live])
  return now
}
