import { PageHeader } from '../../components/page-header'
import { PHASE_IDS, SCREEN_TITLES, type ScreenId } from '../../shell/screens'
import { SCREEN_PLANS } from './phase-plans'
import { PlannedCard } from './planned-card'

/** A screen that a later issue fills: its purpose and plan, and no made-up data. */
export function PhaseScreen({ id }: { readonly id: Exclude<ScreenId, 'settings' | 'maintain'> }) {
  const plan = SCREEN_PLANS[id]
  return (
    <>
      <PageHeader eyebrow={phaseLabel(id)} title={SCREEN_TITLES[id]} subtitle={plan.purpose} />
      <PlannedCard plan={plan} />
    </>
  )
}

/** "Phase 2 of 6" for the cycle's phases, nothing for Reports and Settings. */
export function phaseLabel(id: ScreenId): string | undefined {
  const index = (PHASE_IDS as readonly ScreenId[]).indexOf(id)
  return index < 0 ? undefined : `Phase ${index + 1} of ${PHASE_IDS.length}`
}
