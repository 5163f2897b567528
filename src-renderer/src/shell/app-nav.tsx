import { NavDivider, NavDrawer, NavDrawerBody, NavItem, NavSectionHeader, makeStyles, tokens } from '@fluentui/react-components'
import { PHASE_IDS, SCREEN_TITLES, type ScreenId } from './screens'
import { SCREEN_ICONS } from './nav-icons'

const useStyles = makeStyles({
  drawer: { height: '100%', borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
})

/** The left navigation: the six phases of the cycle, then Reports and Settings. */
export function AppNav({ screen, onSelect }: { readonly screen: ScreenId; readonly onSelect: (id: ScreenId) => void }) {
  const styles = useStyles()
  return (
    <NavDrawer
      className={styles.drawer}
      type="inline"
      open
      selectedValue={screen}
      onNavItemSelect={(_, data) => onSelect(data.value as ScreenId)}
      aria-label="Patchlane"
    >
      <NavDrawerBody>
        <NavSectionHeader>Patch cycle</NavSectionHeader>
        {PHASE_IDS.map((id) => item(id))}
        <NavDivider />
        {item('reports')}
        {item('settings')}
      </NavDrawerBody>
    </NavDrawer>
  )
}

function item(id: ScreenId) {
  const Icon = SCREEN_ICONS[id]
  return (
    <NavItem key={id} value={id} icon={<Icon />}>
      {SCREEN_TITLES[id]}
    </NavItem>
  )
}
