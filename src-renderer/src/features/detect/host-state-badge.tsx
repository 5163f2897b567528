import { Badge, type BadgeProps } from '@fluentui/react-components'

const LOOK: Readonly<Record<string, { readonly label: string; readonly color: BadgeProps['color'] }>> = {
  queued: { label: 'Queued', color: 'informative' },
  probing: { label: 'Probing', color: 'brand' },
  collecting: { label: 'Collecting', color: 'brand' },
  assessing: { label: 'Assessing', color: 'brand' },
  done: { label: 'Done', color: 'success' },
  failed: { label: 'Failed', color: 'danger' },
  unreachable: { label: 'Unreachable', color: 'warning' },
  cancelled: { label: 'Cancelled', color: 'subtle' },
}

/** A scanned host's state as a coloured badge with the state in words (colour is never the only cue). */
export function HostStateBadge({ state }: { readonly state: string }) {
  const look = LOOK[state] ?? { label: state, color: 'informative' as const }
  return (
    <Badge appearance="tint" color={look.color}>
      {look.label}
    </Badge>
  )
}
