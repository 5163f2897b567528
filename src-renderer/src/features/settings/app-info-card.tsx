import { Skeleton, SkeletonItem } from '@fluentui/react-components'
import { Database20Regular } from '@fluentui/react-icons'
import { ErrorBar } from '../../components/error-bar'
import { Facts } from '../../components/facts'
import { formatBytes } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { useSettingsStore } from './settings-store-context'

/** Where the data lives: data folder, database file, its size and schema version. */
export function AppInfoCard() {
  const info = useSettingsStore((s) => s.appInfo)
  const error = useSettingsStore((s) => s.appInfoError)
  return (
    <SectionCard
      title="Data and database"
      icon={<Database20Regular />}
      description="Every scan, check and catalog is kept in one SQLite database in the data folder."
    >
      <ErrorBar title="Application details could not be read" error={error} />
      {info ? (
        <Facts
          label="Data and database"
          facts={[
            { label: 'Patchlane version', value: info.version },
            { label: 'Data folder', value: info.dataDir, mono: true },
            { label: 'Database', value: info.db.path, mono: true },
            { label: 'Database size', value: formatBytes(info.db.bytes) },
            { label: 'Schema version', value: String(info.db.schemaVersion) },
          ]}
        />
      ) : error ? null : (
        <Skeleton aria-label="Loading application details">
          <SkeletonItem />
          <SkeletonItem />
        </Skeleton>
      )}
    </SectionCard>
  )
}
