import {
  ArrowDownload20Filled,
  ArrowDownload20Regular,
  Beaker20Filled,
  Beaker20Regular,
  bundleIcon,
  DocumentTable20Filled,
  DocumentTable20Regular,
  Rocket20Filled,
  Rocket20Regular,
  Search20Filled,
  Search20Regular,
  Settings20Filled,
  Settings20Regular,
  ShieldCheckmark20Filled,
  ShieldCheckmark20Regular,
  WrenchScrewdriver20Filled,
  WrenchScrewdriver20Regular,
  type FluentIcon,
} from '@fluentui/react-icons'
import type { ScreenId } from './screens'

/** The navigation icon of each screen (filled when selected, as Fluent's NavItem expects). */
export const SCREEN_ICONS: Readonly<Record<ScreenId, FluentIcon>> = {
  detect: bundleIcon(Search20Filled, Search20Regular),
  assess: bundleIcon(ShieldCheckmark20Filled, ShieldCheckmark20Regular),
  acquire: bundleIcon(ArrowDownload20Filled, ArrowDownload20Regular),
  test: bundleIcon(Beaker20Filled, Beaker20Regular),
  deploy: bundleIcon(Rocket20Filled, Rocket20Regular),
  maintain: bundleIcon(WrenchScrewdriver20Filled, WrenchScrewdriver20Regular),
  reports: bundleIcon(DocumentTable20Filled, DocumentTable20Regular),
  settings: bundleIcon(Settings20Filled, Settings20Regular),
}
