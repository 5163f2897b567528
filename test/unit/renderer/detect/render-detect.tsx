import { render } from '@testing-library/react'
import { ApiProvider } from '../../../../src-renderer/src/api/api-context'
import { DetectScreen } from '../../../../src-renderer/src/features/detect/detect-screen'
import { DetectStoreProvider } from '../../../../src-renderer/src/features/detect/detect-store-context'
import type { FakeApi } from '../../../helpers/fake-api'

/** The Detect screen with its store, talking to a fake API (the tests of this folder share it). */
export function renderDetect(api: FakeApi) {
  return render(
    <ApiProvider api={api}>
      <DetectStoreProvider>
        <DetectScreen />
      </DetectStoreProvider>
    </ApiProvider>,
  )
}
