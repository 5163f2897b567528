import { Badge, Body1, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components'
import { BookDatabase20Regular } from '@fluentui/react-icons'
import type { Output } from '../../../../src-main/contract/api'
import { ErrorBar } from '../../components/error-bar'
import { Facts, type Fact } from '../../components/facts'
import { formatBytes, formatCount, formatDate, formatDateTime } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { useCatalogStore } from './catalog-store-context'
import { patchTuesdaysBehind } from './patch-tuesday'

/** What the catalog holds and how current it is, counted in Patch Tuesdays. */
export function CatalogStatusCard({ today }: { readonly today: Date }) {
  const status = useCatalogStore((s) => s.status)
  const error = useCatalogStore((s) => s.statusError)

  return (
    <SectionCard
      title="Catalog"
      icon={<BookDatabase20Regular />}
      description="Microsoft's security updates (MSRC CVRF) and CISA's Known Exploited Vulnerabilities, held locally so scans can be assessed offline."
    >
      <ErrorBar title="The catalog status could not be read" error={error} />
      {status?.lastError ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Last sync failed</MessageBarTitle>
            {status.lastError}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {status && status.documents === 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The catalog is empty</MessageBarTitle>
            Sync it from Microsoft and CISA, or import catalog files copied from another machine.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {status ? <Facts label="Catalog contents" facts={catalogFacts(status, today)} /> : error ? null : <Body1>Reading the catalog…</Body1>}
    </SectionCard>
  )
}

function catalogFacts(status: Output<'getCatalogStatus'>, today: Date): Fact[] {
  // An empty catalog has nothing to count: a column of zeros would only hide the warning.
  if (status.documents === 0 && !status.kev) {
    return [{ label: 'Last sync', value: status.lastSync ? formatDateTime(status.lastSync) : 'never' }]
  }
  const facts: Fact[] = [{ label: 'As of', value: status.asOf ? <AsOf asOf={status.asOf} today={today} /> : 'empty' }]
  if (status.newestDocument) facts.push({ label: 'Newest release', value: status.newestDocument })
  facts.push(
    { label: 'Release documents', value: formatCount(status.documents) },
    { label: 'Vulnerabilities (CVEs)', value: formatCount(status.vulnerabilities) },
    { label: 'Exploited (Microsoft)', value: formatCount(status.exploited) },
    { label: 'Products', value: formatCount(status.products) },
    { label: 'Remediations', value: formatCount(status.remediations) },
    {
      label: 'CISA KEV',
      value: status.kev ? `${formatCount(status.kev.count)} entries${status.kev.asOf ? `, as of ${formatDate(status.kev.asOf)}` : ''}` : 'not loaded',
    },
    { label: 'Size in database', value: formatBytes(status.dbBytes) },
    { label: 'Last sync', value: status.lastSync ? formatDateTime(status.lastSync) : 'never' },
  )
  return facts
}

function AsOf({ asOf, today }: { readonly asOf: string; readonly today: Date }) {
  const behind = patchTuesdaysBehind(new Date(asOf), today)
  return (
    <span>
      {formatDate(asOf)}{' '}
      {behind === 0 ? (
        <Badge appearance="tint" color="success">Current</Badge>
      ) : (
        <Badge appearance="tint" color={behind > 1 ? 'danger' : 'warning'}>
          {behind === 1 ? '1 Patch Tuesday behind' : `${behind} Patch Tuesdays behind`}
        </Badge>
      )}
    </span>
  )
}
