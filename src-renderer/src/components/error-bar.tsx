import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components'
import type { ApiError } from '../../../src-main/contract/api'

/**
 * The one way the renderer presents a failed `Result`: a Fluent error MessageBar with the
 * message written for the administrator. The code goes to the console for support.
 */
export function ErrorBar({ title, error }: { readonly title: string; readonly error: ApiError | null }) {
  if (!error) return null
  console.warn(`${title}: ${error.code}`)
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {error.message}
      </MessageBarBody>
    </MessageBar>
  )
}
