import { makeStyles, tokens } from '@fluentui/react-components'
import { useEffect } from 'react'
import { PageHeader } from '../../components/page-header'
import { AppInfoCard } from './app-info-card'
import { PowerShellCard } from './powershell-card'
import { useSettingsStore } from './settings-store-context'

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
})

/** Settings: real facts about this installation, and the PowerShell check. */
export function SettingsScreen() {
  const styles = useStyles()
  const load = useSettingsStore((s) => s.load)
  useEffect(() => {
    void load()
  }, [load])
  return (
    <>
      <PageHeader title="Settings" subtitle="Where Patchlane keeps its data, and the PowerShell it uses to read Windows." />
      <div className={styles.stack}>
        <PowerShellCard />
        <AppInfoCard />
      </div>
    </>
  )
}
