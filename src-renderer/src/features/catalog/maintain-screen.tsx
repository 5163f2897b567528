import { makeStyles, tokens } from '@fluentui/react-components'
import { useEffect, useState } from 'react'
import { PageHeader } from '../../components/page-header'
import { SCREEN_PLANS } from '../phases/phase-plans'
import { phaseLabel } from '../phases/phase-screen'
import { PlannedCard } from '../phases/planned-card'
import { CatalogActionsCard } from './catalog-actions-card'
import { CatalogStatusCard } from './catalog-status-card'
import { useCatalogStore } from './catalog-store-context'

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
})

/** Maintain: the catalog (live) and the rest of the phase (planned). */
export function MaintainScreen() {
  const styles = useStyles()
  const load = useCatalogStore((s) => s.load)
  // "Today" is read once per visit; the Patch Tuesday count does not need to tick.
  const [today] = useState(() => new Date())
  useEffect(() => {
    void load()
  }, [load])
  return (
    <>
      <PageHeader eyebrow={phaseLabel('maintain')} title="Maintain" subtitle={SCREEN_PLANS.maintain.purpose} />
      <div className={styles.stack}>
        <CatalogStatusCard today={today} />
        <CatalogActionsCard />
        <PlannedCard title="Also planned for Maintain" plan={SCREEN_PLANS.maintain} />
      </div>
    </>
  )
}
