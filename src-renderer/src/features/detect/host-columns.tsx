import { makeStyles, tokens } from '@fluentui/react-components'
import type { ColumnDef } from '@tanstack/react-table'
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { Output } from '../../../../src-main/contract/api'
import { formatCount } from '../../components/format'
import { formatElapsed, hostElapsedMs } from './elapsed'
import { HostStateBadge } from './host-state-badge'

/** One host row of the progress table, as getScan returns it. */
export type ScanHostRow = Output<'getScan'>['hosts'][number]

const STATE_ORDER = ['failed', 'unreachable', 'collecting', 'assessing', 'probing', 'queued', 'cancelled', 'done']

const useStyles = makeStyles({
  // Two lines inside the grid's 40 px rows: the cause, then the fix in caption size.
  cause: { display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', lineHeight: tokens.lineHeightBase300 },
  fix: { display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  numeric: { fontVariantNumeric: 'tabular-nums' },
})

const NowContext = createContext<number>(0)

/**
 * The time now for the Elapsed cells, ticking each second while `live`. Only the cells that read
 * it render again each second, not the 65,000-row table around them.
 */
export function NowProvider({ live, children }: { readonly live: boolean; readonly children: ReactNode }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    setNow(Date.now())
    if (!live) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [live])
  return <NowContext.Provider value={now}>{children}</NowContext.Provider>
}

/** The ticking time of the nearest NowProvider. */
export function useNow(): number {
  return useContext(NowContext)
}

function ElapsedCell({ host }: { readonly host: ScanHostRow }) {
  const styles = useStyles()
  const elapsed = hostElapsedMs(host, useNow())
  return <span className={styles.numeric}>{elapsed === null ? '—' : formatElapsed(elapsed)}</span>
}

/** The outcome of a host in words: its assessment, or the cause and fix of its failure. */
export function outcomeText(host: ScanHostRow): string {
  if (host.assessment) {
    const { summary } = host.assessment
    return `${host.assessment.product ?? 'Windows'} — ${formatCount(summary.missingUpdates)} missing, ${formatCount(summary.unconfirmed)} cannot be confirmed`
  }
  if (host.state === 'done' && !host.error) return 'Collected; not assessed (the catalog is empty)'
  return ''
}

function OutcomeCell({ host }: { readonly host: ScanHostRow }) {
  const styles = useStyles()
  if (host.error && !host.assessment) {
    return (
      <>
        <span className={styles.cause}>{host.error.cause}</span>
        <span className={styles.fix}>Fix: {host.error.fix}</span>
      </>
    )
  }
  return <>{outcomeText(host)}</>
}

/** 10.0.0.9 before 10.0.0.10: addresses sort by number, names after them alphabetically. */
function addressKey(address: string | null): string {
  if (!address) return '~'
  const parts = address.split('.')
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part))) return `~${address}`
  return parts.map((part) => part.padStart(3, '0')).join('.')
}

/** The progress table's columns: computer, address, state, elapsed time, outcome. */
export const HOST_COLUMNS: ReadonlyArray<ColumnDef<ScanHostRow, unknown>> = [
  { id: 'computer', header: 'Computer', accessorFn: (host) => host.assessment?.name ?? host.target },
  { id: 'address', header: 'Address', accessorFn: (host) => addressKey(host.address), cell: ({ row }) => row.original.address ?? '—' },
  {
    id: 'state',
    header: 'State',
    // Sorting by state brings failures first, then hosts being worked on.
    accessorFn: (host) => STATE_ORDER.indexOf(host.state),
    cell: ({ row }) => <HostStateBadge state={row.original.state} />,
  },
  { id: 'elapsed', header: 'Elapsed', enableSorting: false, cell: ({ row }) => <ElapsedCell host={row.original} /> },
  { id: 'outcome', header: 'Outcome', enableSorting: false, cell: ({ row }) => <OutcomeCell host={row.original} /> },
]

/** Grid tracks of the columns above. */
export const HOST_TEMPLATE = 'minmax(9rem, 1.2fr) minmax(7rem, 0.9fr) minmax(7rem, 0.7fr) minmax(6rem, 0.6fr) minmax(14rem, 3fr)'
