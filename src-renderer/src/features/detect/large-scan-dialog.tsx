import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text } from '@fluentui/react-components'
import { useId } from 'react'
import { formatCount } from '../../components/format'
import { CONFIRM_ABOVE } from './address-count'
import { useDetectStore } from './detect-store-context'

/**
 * The console's own question before a very large scan (the CLI asks for `--yes`): how many
 * addresses, and "Scan them all?" with a button that sends the scan with `confirmLarge`.
 */
export function LargeScanDialog() {
  const question = useDetectStore((s) => s.largeScan)
  const confirm = useDetectStore((s) => s.confirmLargeScan)
  const dismiss = useDetectStore((s) => s.dismissLargeScan)
  const questionId = useId()
  if (!question) return null
  const size =
    question.addresses === null
      ? `This range has more than ${formatCount(CONFIRM_ABOVE)} addresses.`
      : `This range has ${formatCount(question.addresses)} addresses.`
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => (data.open ? undefined : dismiss())}>
      <DialogSurface aria-describedby={questionId}>
        <DialogBody>
          <DialogTitle>Scan a large range?</DialogTitle>
          <DialogContent>
            <Text as="p" block id={questionId} weight="semibold">
              {size} Scan them all?
            </Text>
            <Text as="p" block>
              Every address is probed before anything is collected, which takes a while at this size. If the range is a typo (/8 for /24), cancel and correct it.
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => void confirm()}>
              Scan them all
            </Button>
            <Button onClick={dismiss}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
