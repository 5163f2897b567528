import { makeStyles, tokens } from '@fluentui/react-components'
import { useEffect } from 'react'
import { ErrorBar } from '../../components/error-bar'
import { PageHeader } from '../../components/page-header'
import { phaseLabel } from '../phases/phase-screen'
import { useAssessStore } from './assess-store-context'
import { MissingUpdatesCard } from './missing-updates-card'
import { UpdateDetailCard } from './update-detail-card'

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
})

/** Assess: what is missing across the fleet, and what to do about each update. */
export function AssessScreen() {
  const styles = useStyles()
  const load = useAssessStore((s) => s.load)
  const error = useAssessStore((s) => s.error)
  const selected = useAssessStore((s) => s.updates?.find((u) => u.kb === s.selectedKb) ?? null)
  useEffect(() => {
    void load()
  }, [load])
  return (
    <>
      <PageHeader eyebrow={phaseLabel('assess')} title="Assess" subtitle="Every update missing on the newest scan of each computer: decide what to test, defer or set aside." />
      <div className={styles.stack}>
        <ErrorBar title="The missing updates could not be listed" error={error} />
        <MissingUpdatesCard />
        {selected ? <UpdateDetailCard key={selected.kb} update={selected} /> : null}
      </div>
    </>
  )
}
