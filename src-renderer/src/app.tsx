import { FluentProvider, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components'
import type { PatchlaneApi } from '../../src-main/contract/api'
import { ApiProvider } from './api/api-context'
import { CatalogStoreProvider } from './features/catalog/catalog-store-context'
import { MaintainScreen } from './features/catalog/maintain-screen'
import { AssessScreen } from './features/assess/assess-screen'
import { AssessStoreProvider } from './features/assess/assess-store-context'
import { DetectScreen } from './features/detect/detect-screen'
import { DetectStoreProvider } from './features/detect/detect-store-context'
import { ReportsScreen } from './features/reports/reports-screen'
import { ReportsStoreProvider } from './features/reports/reports-store-context'
import { ImportStoreProvider } from './features/import/import-store-context'
import { WindowFileDrop } from './features/import/window-file-drop'
import { PhaseScreen } from './features/phases/phase-screen'
import { SettingsStoreProvider } from './features/settings/settings-store-context'
import { SettingsScreen } from './features/settings/settings-screen'
import { AppNav } from './shell/app-nav'
import type { ScreenId } from './shell/screens'
import { TitleBar } from './shell/title-bar'
import { useScreen } from './shell/use-screen'
import { useColorScheme } from './theme/use-color-scheme'

const useStyles = makeStyles({
  provider: { height: '100%', display: 'flex', flexDirection: 'column' },
  body: { flex: 1, display: 'flex', minHeight: 0 },
  main: { flex: 1, overflowY: 'auto', backgroundColor: tokens.colorNeutralBackground2 },
  content: { maxWidth: '1100px', padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXXL}` },
})

/**
 * The whole console: Fluent theme following the OS, title bar, left navigation, one screen.
 *
 * Feature stores are provided here, above the screens, so switching screens keeps their state
 * (a running import keeps its progress while the user looks at Settings).
 */
export function App({ api }: { readonly api: PatchlaneApi }) {
  const styles = useStyles()
  const scheme = useColorScheme()
  const [screen, go] = useScreen()
  return (
    <FluentProvider theme={scheme === 'dark' ? webDarkTheme : webLightTheme} className={styles.provider}>
      <ApiProvider api={api}>
        <SettingsStoreProvider>
          <CatalogStoreProvider>
            <DetectStoreProvider>
              <ReportsStoreProvider>
                <AssessStoreProvider>
                  <ImportStoreProvider>
                    <TitleBar />
                    <div className={styles.body}>
                      <AppNav screen={screen} onSelect={go} />
                      <main className={styles.main} aria-label={screen}>
                        <div className={styles.content}>
                          <Screen id={screen} />
                        </div>
                      </main>
                    </div>
                    {/* Files dropped anywhere are imported; Reports shows them (issue #6). */}
                    <WindowFileDrop onDropped={() => go('reports')} />
                  </ImportStoreProvider>
                </AssessStoreProvider>
              </ReportsStoreProvider>
            </DetectStoreProvider>
          </CatalogStoreProvider>
        </SettingsStoreProvider>
      </ApiProvider>
    </FluentProvider>
  )
}

function Screen({ id }: { readonly id: ScreenId }) {
  switch (id) {
    case 'settings':
      return <SettingsScreen />
    case 'maintain':
      return <MaintainScreen />
    case 'detect':
      return <DetectScreen />
    case 'reports':
      return <ReportsScreen />
    case 'assess':
      return <AssessScreen />
    default:
      return <PhaseScreen id={id} />
  }
}
