import type { ScreenId } from '../../shell/screens'

/** What a screen is for and what it will do once its issue lands. Plain, honest text: no sample data. */
export interface ScreenPlan {
  /** One sentence: the job of the screen. */
  readonly purpose: string
  /** What the guide ("How To: Implement Patch Management") asked of this phase. */
  readonly guide: string
  /** What Patchlane will do here, one capability per line. */
  readonly planned: readonly string[]
}

/** The plan of every screen that a later issue fills in (Settings is live; Maintain is partly). */
export const SCREEN_PLANS: Readonly<Record<Exclude<ScreenId, 'settings'>, ScreenPlan>> = {
  detect: {
    purpose: 'Find out which updates are missing on the computers you manage.',
    guide: 'Scan a computer, a range or a domain, and keep a report per machine.',
    planned: [
      'Scan by computer name, a list file, an IPv4 range or CIDR block, or an Active Directory domain (LDAP).',
      'Probe reachability first, then collect an inventory over PowerShell remoting (WinRM or SSH), CIM over DCOM, or locally.',
      'Optionally ask the Windows Update Agent, online or offline with wsusscn2.cab.',
      'Keep every scan, with each host committed as it arrives, so an interrupted scan can resume.',
    ],
  },
  assess: {
    purpose: 'Decide which missing updates matter, and in what order.',
    guide: 'Read the bulletin: attack requirements, mitigating factors, severity rating.',
    planned: [
      'Show each finding with its KB, CVEs, MSRC severity and impact, exploited / publicly disclosed, CISA KEV listing and CVSS score.',
      'Evaluate mitigating factors against the host’s own inventory (service stopped, role absent).',
      'Record a decision per patch — approve, defer or not applicable — with a reason.',
    ],
  },
  acquire: {
    purpose: 'Get the update files you approved, and prove they are intact.',
    guide: 'Download from Windows Update or the bulletin links.',
    planned: [
      'Download links from the catalog into a local patch repository (a folder or a share).',
      'Import files by hand for offline networks.',
      'Check every file’s hash before it is used.',
    ],
  },
  test: {
    purpose: 'Try updates on a few computers before everyone gets them.',
    guide: 'Test on a mirror or a few production machines; confirm the install; test the uninstall.',
    planned: [
      'Choose a test ring of computers and deploy there first.',
      'Confirm from each host that the KB is present and the expected build was reached.',
      'Run the uninstall and confirm it, so the way back is known to work.',
    ],
  },
  deploy: {
    purpose: 'Roll approved updates out ring by ring, with a way back.',
    guide: 'Distribute with WSUS or SMS.',
    planned: [
      'Rings: test, pilot, production.',
      'A pre-flight before each run: backup or restore point confirmed, maintenance window, reboot policy.',
      'Progress per host, and rollback by uninstall.',
    ],
  },
  maintain: {
    purpose: 'Keep the catalog current and watch for what changes.',
    guide: 'Schedule daily scans, subscribe to bulletins, scan before a new service goes online.',
    planned: [
      'Scheduled headless scans, run by Windows Task Scheduler through the patchlane command line.',
      'A desktop notification of what is new since the last scan.',
      'The difference and trend of every host over time.',
      'A “before it listens” check for a computer about to offer a new service.',
    ],
  },
  reports: {
    purpose: 'Hand over what was found and what was done.',
    guide: 'Pick a report sorted by timestamp; result details per machine.',
    planned: [
      'Reports of scans, findings and deployments as HTML, CSV or JSON.',
      'Per-machine details: missing updates (red cross) and those that cannot be confirmed (blue asterisk).',
    ],
  },
}
