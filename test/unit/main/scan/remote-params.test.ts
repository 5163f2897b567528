import { describe, expect, it } from 'vitest'
import { getRemoteHostInventory } from '../../../../src-main/powershell/scripts'
import { remoteInventoryParams } from '../../../../src-main/scan/remote-params'

describe('remoteInventoryParams', () => {
  it('WinRM to a domain name without an account uses Kerberos on 5985', () => {
    const params = remoteInventoryParams('pc1.corp.example', 'winrm', 5985, false)
    expect(params).toEqual({ Transport: 'WinRM', ComputerName: 'pc1.corp.example', Port: 5985, Authentication: 'Kerberos' })
    expect(getRemoteHostInventory.params.parse(params)).toEqual(params)
  })

  it('WinRM over HTTPS with an explicit account uses Negotiate and passes the account as parameters', () => {
    const params = remoteInventoryParams('pc1', 'winrm', 5986, true, { credential: { userName: 'PC1\\admin', password: 's3cret' } })
    expect(params).toMatchObject({ Transport: 'WinRM', Port: 5986, UseSsl: true, Authentication: 'Negotiate', UserName: 'PC1\\admin', Password: 's3cret' })
  })

  it('WinRM to an IP address never asks for Kerberos, which cannot work there', () => {
    expect(remoteInventoryParams('192.0.2.10', 'winrm', 5985, false).Authentication).toBe('Negotiate')
  })

  it('DCOM reads the host through a remote CimSession', () => {
    expect(remoteInventoryParams('pc2', 'dcom', 135, false, { credential: { userName: 'admin', password: 'pw' } })).toEqual({
      Transport: 'Dcom',
      ComputerName: 'pc2',
      UserName: 'admin',
      Password: 'pw',
    })
  })

  it('SSH uses a key file or a password, and pins host keys', () => {
    expect(remoteInventoryParams('10.0.0.5', 'ssh', 22, false, { credential: { userName: 'lab', keyFile: '/k/id' }, knownHostsFile: '/d/known_hosts' })).toEqual({
      Transport: 'Ssh',
      ComputerName: '10.0.0.5',
      Port: 22,
      UserName: 'lab',
      KeyFilePath: '/k/id',
      HostKeyPolicy: 'accept-new',
      KnownHostsFile: '/d/known_hosts',
    })
    // Password sign-in: the password goes to the script (stdin envelope), which hands it to ssh through SSH_ASKPASS.
    expect(remoteInventoryParams('pc3', 'ssh', 22, false, { credential: { userName: 'u', password: 'p' } })).toMatchObject({ Transport: 'Ssh', UserName: 'u', Password: 'p' })
    expect(remoteInventoryParams('pc3', 'ssh', 22, false, { credential: { userName: 'u', password: 'p' } })).not.toHaveProperty('KeyFilePath')
  })

  it('local needs no name; remote transports do', () => {
    expect(remoteInventoryParams(null, 'local', null, false, { includeUpdateHistory: true })).toEqual({ Transport: 'Local', IncludeUpdateHistory: true })
    expect(() => remoteInventoryParams(null, 'winrm', 5985, false)).toThrow(/needs a computer name/)
  })

  it('the script spec refuses a hostile name even if one slipped past target validation', () => {
    const params = remoteInventoryParams(`pc1'; Remove-Item -Recurse C:\\ #`, 'dcom', 135, false)
    expect(getRemoteHostInventory.params.safeParse(params).success).toBe(false)
  })
})
