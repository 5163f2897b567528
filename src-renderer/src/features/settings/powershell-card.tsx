import { Badge, Body1, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components'
import { ArrowClockwise20Regular, WindowConsole20Regular } from '@fluentui/react-icons'
import type { Output } from '../../../../src-main/contract/api'
import { ErrorBar } from '../../components/error-bar'
import { Facts, type Fact } from '../../components/facts'
import { formatDateTime } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { useSettingsStore } from './settings-store-context'

type PowerShellCheck = Output<'checkPowerShell'>

/** The PowerShell Patchlane will use on this machine, its last check, and "Check PowerShell". */
export function PowerShellCard() {
  const status = useSettingsStore((s) => s.powershell)
  const error = useSettingsStore((s) => s.powershellError)
  const checking = useSettingsStore((s) => s.checking)
  const checkPowerShell = useSettingsStore((s) => s.checkPowerShell)

  return (
    <SectionCard
      title="PowerShell"
      icon={<WindowConsole20Regular />}
      description="Patchlane reads Windows through PowerShell scripts. The check runs Get-PatchlaneHost.ps1 on this machine."
      actions={
        <Button
          appearance="primary"
          icon={checking ? <Spinner size="tiny" /> : <ArrowClockwise20Regular />}
          disabled={checking}
          onClick={() => void checkPowerShell()}
        >
          {checking ? 'Checking…' : 'Check PowerShell'}
        </Button>
      }
    >
      <ErrorBar title="PowerShell could not be checked" error={error} />
      {status?.problem ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>No PowerShell found</MessageBarTitle>
            {status.problem}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {status ? <Facts label="PowerShell found" facts={[{ label: 'Executable found', value: status.executable ?? 'none', mono: true }]} /> : null}
      {status ? <LastCheck check={status.lastCheck} /> : null}
    </SectionCard>
  )
}

function LastCheck({ check }: { readonly check: PowerShellCheck | null }) {
  if (!check) return <Body1>Not checked yet. Choose Check PowerShell to see its version, edition and rights.</Body1>
  if (!check.report) {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Last check failed ({formatDateTime(check.checkedAt)})</MessageBarTitle>
          {check.problem ?? 'No report came back.'}
        </MessageBarBody>
      </MessageBar>
    )
  }
  const { report } = check
  const facts: Fact[] = [
    { label: 'Version', value: report.psVersion },
    { label: 'Edition', value: report.edition === 'Core' ? 'Core (PowerShell 7)' : 'Desktop (Windows PowerShell)' },
    { label: 'Operating system', value: report.os },
    {
      label: 'Administrator',
      value: report.isAdmin ? (
        <Badge appearance="tint" color="success">Yes</Badge>
      ) : (
        <Badge appearance="tint" color="warning">No</Badge>
      ),
    },
    { label: 'Computer name', value: report.computerName },
    { label: 'Executable', value: check.executable ?? 'unknown', mono: true },
    { label: 'Checked', value: formatDateTime(check.checkedAt) },
  ]
  return <Facts label="Last PowerShell check" facts={facts} />
}
