import { Body1, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components'
import { TaskListLtr20Regular } from '@fluentui/react-icons'
import { SectionCard } from '../../components/section-card'
import type { ScreenPlan } from './phase-plans'

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  guide: { color: tokens.colorNeutralForeground2 },
})

/** "Planned for this screen": what a later release adds here, said plainly. */
export function PlannedCard({ plan, title = 'Planned for this screen' }: { readonly plan: ScreenPlan; readonly title?: string }) {
  const styles = useStyles()
  return (
    <SectionCard title={title} icon={<TaskListLtr20Regular />}>
      <MessageBar intent="info">
        <MessageBarBody>Not available yet: this part of Patchlane arrives in a later release.</MessageBarBody>
      </MessageBar>
      <ul className={styles.list}>
        {plan.planned.map((line) => (
          <li key={line}>
            <Body1>{line}</Body1>
          </li>
        ))}
      </ul>
      <Body1 className={styles.guide}>In Microsoft’s patch-management guide: {plan.guide}</Body1>
    </SectionCard>
  )
}
