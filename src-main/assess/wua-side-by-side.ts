import type { Database } from 'better-sqlite3'
import type { HostAssessment } from '../contract/schemas/assessment'
import type { WuaSideBySide } from '../contract/schemas/wua'
import { kbInfo } from '../catalog/queries'
import { latestAssessmentOfScanHost } from '../store/assessments'
import { getWuaResult } from '../store/wua-results'
import { compareWithAgent } from './wua-compare'

/**
 * A scanned host's two answers side by side: the agent's answer kept with the scan, against the
 * host's newest assessment (or the one given, e.g. just re-judged by `assess --scan`), with the
 * catalog telling which of the agent's KBs are security fixes for products the host was not seen to run.
 *
 * Null when the host's scan did not ask the agent. With no assessment yet (empty catalog), the
 * agent's answer is returned without rows: there is nothing of Patchlane's to compare it with.
 */
export function wuaSideBySideOf(db: Database, scanHostId: number, assessment?: HostAssessment | null): WuaSideBySide | null {
  const search = getWuaResult(db, scanHostId)
  if (!search) return null
  const judged = assessment === undefined ? latestAssessmentOfScanHost(db, scanHostId) : assessment
  if (!judged) return { search, rows: [], disagreements: 0 }
  const catalogProductsOf = (kb: string) => [...new Set(kbInfo(db, kb).map((info) => info.productName ?? info.productId))]
  return compareWithAgent(search, judged, { catalogProductsOf })
}
