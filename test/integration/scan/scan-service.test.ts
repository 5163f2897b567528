import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../../../src-main/services'
import { testPowerShell } from '../../helpers/pwsh'
import { makeTempDir } from '../../helpers/temp-dir'

const pwsh = testPowerShell()

describe.skipIf(!pwsh)('scan service over the real probe and PowerShell (loopback only)', () => {
  let services: Services
  let cleanup: () => void
  let server: net.Server
  let port = 0

  beforeAll(async () => {
    const temp = makeTempDir()
    cleanup = temp.cleanup
    services = createServices({ dataDir: temp.dir, appVersion: 'test' })
    // Something that accepts TCP on the "SSH" port and hangs up at once: not an SSH server.
    server = net.createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.3', resolve))
    port = (server.address() as net.AddressInfo).port
  })

  afterAll(async () => {
    await services.close()
    await new Promise((resolve) => server.close(resolve))
    cleanup()
  })

  it('probes a range, explains each failure, and keeps every host in the store', async () => {
    const request = {
      targets: ['127.0.0.2-127.0.0.4'],
      transport: 'auto' as const,
      concurrency: 3,
      credential: { userName: 'nobody', keyFile: '/dev/null' },
      hostKeyPolicy: 'no' as const,
      connectTimeoutSeconds: 5,
      probe: { ports: [port], connectTimeoutMs: 500, reverseLookup: false as const },
      transportPorts: { winrmHttp: 1, winrmHttps: 2, ssh: port, dcom: 3 },
    }
    const created = await services.scans.create(request)
    expect(created.hosts).toBe(3)
    const summary = await services.scans.run(created.scanId, request)
    expect(summary.state).toBe('finished')
    const hosts = Object.fromEntries((services.scans.get(created.scanId)?.hosts ?? []).map((h) => [h.target, h]))
    // .2 and .4 refuse the connection: the machine is there, but no transport answers.
    expect(hosts['127.0.0.2']).toMatchObject({ state: 'failed', error: { kind: 'no-transport' } })
    expect(hosts['127.0.0.4']?.error?.fix).toMatch(/Enable-PSRemoting/)
    // .3 accepts on the SSH port but is no SSH server: an SSH failure, explained, not a crash.
    expect(hosts['127.0.0.3']?.state).toBe('failed')
    // The transport tried is kept on the failed host (chosen when collection started).
    expect(hosts['127.0.0.3']?.transport).toBe('ssh')
    expect(hosts['127.0.0.2']?.transport).toBeNull()
    expect(hosts['127.0.0.3']?.openPorts).toEqual([port])
    expect(hosts['127.0.0.3']?.error?.cause.length).toBeGreaterThan(10)
    expect(hosts['127.0.0.3']?.error?.detail).toMatch(/ssh|SSH/)
    expect(services.scans.list()[0]?.id).toBe(created.scanId)
  })

  it('refuses a hostile target before anything runs, naming the bad part', async () => {
    await expect(services.scans.create({ targets: [`pc1'; Remove-Item -Recurse C:\\ #`], transport: 'auto', concurrency: 1 })).rejects.toThrow(/single quote/)
    expect(services.scans.list()).toHaveLength(1)
  })
})
