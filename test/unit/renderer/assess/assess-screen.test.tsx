import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Output } from '../../../../src-main/contract/api'
import { ApiProvider } from '../../../../src-renderer/src/api/api-context'
import { AssessScreen } from '../../../../src-renderer/src/features/assess/assess-screen'
import { AssessStoreProvider } from '../../../../src-renderer/src/features/assess/assess-store-context'
import { createFakeApi, fail, ok, type FakeApi } from '../../../helpers/fake-api'

type MissingUpdate = Output<'listMissingUpdates'>[number]
type Decision = Output<'listDecisions'>[number]

function decision(overrides: Partial<Decision> = {}): Decision {
  return { id: 1, kb: 'KB5060999', decision: 'defer', deferUntil: '2099-12-31', reason: 'Change freeze', decidedBy: 'CORP\\ann', decidedAt: '2026-11-27T09:00:00.000Z', expired: false, ...overrides }
}

function missing(overrides: Partial<MissingUpdate> = {}): MissingUpdate {
  return {
    kb: 'KB5060999',
    products: ['Windows 11 Version 23H2 for x64-based Systems'],
    computers: 2,
    worstSeverity: 'Critical',
    exploited: true,
    kev: true,
    cves: 12,
    releaseDate: '2026-06-09',
    ageDays: 171,
    decision: null,
    ...overrides,
  }
}

function renderAssess(api: FakeApi) {
  return render(
    <ApiProvider api={api}>
      <AssessStoreProvider>
        <AssessScreen />
      </AssessStoreProvider>
    </ApiProvider>,
  )
}

describe('Assess', () => {
  it('lists missing updates, shows the affected computers with mitigations, and records a deferral', async () => {
    const api = createFakeApi({
      listMissingUpdates: ok([missing(), missing({ kb: 'KB5046617', computers: 1, worstSeverity: 'Important', exploited: false, kev: false, ageDays: 380 })]),
      listAffectedComputers: ok([
        { computer: 'DESKTOP-JNEK-01', source: 'scan', scanHostId: 1, assessmentId: 3, product: 'Windows 11 Version 23H2 for x64-based Systems', assessedAt: '2026-11-27T08:56:12.000Z', mitigations: [] },
        { computer: 'DESKTOP-JNEKK9U', source: 'imported', scanHostId: null, assessmentId: 4, product: 'Windows 11 Version 23H2 for x64-based Systems', assessedAt: '2026-11-27T08:57:00.000Z', mitigations: ['SMBv1 is disabled'] },
      ]),
      listDecisions: ok([]),
      recordDecision: (input) =>
        ok({ id: 1, kb: input.kb, decision: input.decision, deferUntil: input.deferUntil ?? null, reason: input.reason, decidedBy: 'CORP\\ann', decidedAt: '2026-11-27T09:00:00.000Z', expired: false }),
    })
    renderAssess(api)
    const grid = await screen.findByRole('grid', { name: 'Missing updates' })
    const first = (await within(grid).findByText('KB5060999')).closest('[role="row"]') as HTMLElement
    expect(within(first).getByText('KEV')).toBeInTheDocument()
    expect(within(first).getByText(`${(171).toLocaleString()} d`)).toBeInTheDocument()
    first.focus()
    await userEvent.keyboard('{Enter}')
    const computers = await screen.findByRole('grid', { name: 'Computers missing KB5060999' })
    expect(await within(computers).findByText('SMBv1 is disabled')).toBeInTheDocument()
    expect(within(computers).getByText('Imported')).toBeInTheDocument()

    await userEvent.click(screen.getByRole('radio', { name: 'Defer until a date' }))
    const record = screen.getByRole('button', { name: 'Record decision' })
    expect(record).toBeDisabled()
    await userEvent.type(screen.getByLabelText(/Deferred until/), '2099-12-31')
    await userEvent.type(screen.getByRole('textbox', { name: /Reason/ }), 'Change freeze')
    api.answer('listMissingUpdates', ok([missing({ decision: { id: 1, kb: 'KB5060999', decision: 'defer', deferUntil: '2099-12-31', reason: 'Change freeze', decidedBy: 'CORP\\ann', decidedAt: '2026-11-27T09:00:00.000Z', expired: false } })]))
    await userEvent.click(record)
    expect(api.calls.find((call) => call.method === 'recordDecision')?.input).toEqual({ kb: 'KB5060999', decision: 'defer', deferUntil: '2099-12-31', reason: 'Change freeze' })
    expect((await screen.findAllByText(/^Deferred until/)).length).toBeGreaterThan(0)
    expect(screen.getByText(/^Change freeze — CORP\\ann/)).toBeInTheDocument()
  }, 30_000)

  it('shows why a decision was refused', async () => {
    const message = 'The deferral of KB5060999 would end on 2020-01-01, which has passed: pick today or a later date.'
    const api = createFakeApi({ listMissingUpdates: ok([missing()]), listAffectedComputers: ok([]), listDecisions: ok([]), recordDecision: fail('invalid-input', message) })
    renderAssess(api)
    await userEvent.click(await screen.findByText('KB5060999'))
    await userEvent.type(await screen.findByRole('textbox', { name: /Reason/ }), 'Not for kiosks')
    await userEvent.click(screen.getByRole('radio', { name: 'Not applicable' }))
    await userEvent.click(screen.getByRole('button', { name: 'Record decision' }))
    expect(await screen.findByText(message)).toBeInTheDocument()
  }, 30_000)

  it('shows every decision recorded on the selected update, newest first: in force, replaced, expired', async () => {
    // As listDecisions({ kb }) answers (store/decisions.ts decisionHistory): newest first.
    const history = [
      decision({ id: 3, decision: 'approve-testing', deferUntil: null, reason: 'Pilot ring next week', decidedBy: 'CORP\\bob', decidedAt: '2026-11-20T10:00:00.000Z' }),
      decision({ id: 2, deferUntil: '2026-10-31', reason: 'Change freeze until October', decidedAt: '2026-10-01T09:00:00.000Z', expired: true }),
      decision({ id: 1, decision: 'not-applicable', deferUntil: null, reason: 'Thought to be kiosks only', decidedAt: '2026-09-15T08:00:00.000Z' }),
    ]
    const api = createFakeApi({ listMissingUpdates: ok([missing({ decision: history[0] ?? null })]), listAffectedComputers: ok([]), listDecisions: ok(history) })
    renderAssess(api)
    await userEvent.click(await screen.findByText('KB5060999'))
    const list = await screen.findByRole('list', { name: 'Decision history for KB5060999' })
    expect(api.calls.find((call) => call.method === 'listDecisions')?.input).toEqual({ kb: 'KB5060999' })
    const items = within(list).getAllByRole('listitem')
    expect(items.map((item) => within(item).getAllByText(/^(Approved for testing|Deferral ended .*|Not applicable)$/)[0]?.textContent)).toEqual([
      'Approved for testing',
      expect.stringMatching(/^Deferral ended /),
      'Not applicable',
    ])
    expect(within(items[0] as HTMLElement).getByText('In force')).toBeInTheDocument()
    expect(within(items[0] as HTMLElement).getByText(/^Pilot ring next week — CORP\\bob, /)).toBeInTheDocument()
    expect(within(items[1] as HTMLElement).getByText('Replaced')).toBeInTheDocument()
    expect(within(items[1] as HTMLElement).getByText('Expired')).toBeInTheDocument()
    expect(within(items[1] as HTMLElement).getByText(/^Replaced by “Approved for testing”, /)).toBeInTheDocument()
    expect(within(items[2] as HTMLElement).getByText(/^Replaced by “Deferral ended /)).toBeInTheDocument()
  }, 30_000)

  it('says when the newest decision, a deferral, has expired, and reads the history again after a new decision', async () => {
    const lapsed = decision({ deferUntil: '2026-10-31', expired: true })
    const api = createFakeApi({
      listMissingUpdates: ok([missing({ decision: lapsed })]),
      listAffectedComputers: ok([]),
      listDecisions: ok([lapsed]),
      recordDecision: (input) => ok(decision({ id: 2, decision: input.decision, deferUntil: null, reason: input.reason, decidedAt: '2026-11-27T10:00:00.000Z' })),
    })
    renderAssess(api)
    await userEvent.click(await screen.findByText('KB5060999'))
    const list = await screen.findByRole('list', { name: 'Decision history for KB5060999' })
    expect(within(list).getByText('Expired')).toBeInTheDocument()
    expect(within(list).getByText('The deferral has passed: the update is undecided again.')).toBeInTheDocument()

    api.answer('listDecisions', ok([decision({ id: 2, decision: 'not-applicable', deferUntil: null, reason: 'Kiosk image', decidedAt: '2026-11-27T10:00:00.000Z' }), lapsed]))
    await userEvent.click(screen.getByRole('radio', { name: 'Not applicable' }))
    await userEvent.type(screen.getByRole('textbox', { name: /Reason/ }), 'Kiosk image')
    await userEvent.click(screen.getByRole('button', { name: 'Record decision' }))
    expect(await within(list).findByText('In force')).toBeInTheDocument()
    expect(within(list).getAllByRole('listitem')).toHaveLength(2)
    expect(api.calls.filter((call) => call.method === 'listDecisions')).toHaveLength(2)
  }, 30_000)
})
