import { describe, expect, it } from 'vitest'
import { classifyError, codesOf, type ClassifyInput } from '../../../../src-main/targets/classify-error'
import { ERROR_KINDS, ERROR_RULES, type ErrorKind } from '../../../../src-main/targets/error-rules'

// Real texts as Windows PowerShell, WinRM, CIM, the Windows Update Agent and OpenSSH print them.
const WINRM_DESTINATION_UNREACHABLE =
  'Connecting to remote server PC1 failed with the following error message : The client cannot connect to the destination specified in the request. ' +
  'Verify that the service on the destination is running and is accepting requests. Consult the logs and documentation for the WS-Management service ' +
  'running on the destination, most commonly IIS or WinRM. If the destination is the WinRM service, run the following command on the destination to ' +
  'analyze and configure the WinRM service: "winrm quickconfig". For more information, see the about_Remote_Troubleshooting Help topic.'
const WINRM_CANNOT_COMPLETE =
  'Connecting to remote server PC1 failed with the following error message : WinRM cannot complete the operation. Verify that the specified computer ' +
  'name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access ' +
  'from this computer. By default, the WinRM firewall exception for public profiles limits access to remote computers within the same local subnet. ' +
  'For more information, see the about_Remote_Troubleshooting Help topic.'
const WINRM_IP_DEFAULT_AUTH =
  'Connecting to remote server 10.10.0.7 failed with the following error message : The WinRM client cannot process the request. Default authentication ' +
  'may be used with an IP address under the following conditions: the transport is HTTPS or the destination is in the TrustedHosts list, and explicit ' +
  'credentials are provided. Use winrm.cmd to configure TrustedHosts. Note that computers in the TrustedHosts list might not be authenticated. For more ' +
  'information on how to set TrustedHosts run the following command: winrm help config. For more information, see the about_Remote_Troubleshooting Help topic.'
const WINRM_NOT_TRUSTED =
  'Enter-PSSession : Connecting to remote server 10.10.0.7 failed with the following error message : The WinRM client cannot process the request. If the ' +
  'authentication scheme is different from Kerberos, or if the client computer is not joined to a domain, then HTTPS transport must be used or the ' +
  'destination machine must be added to the TrustedHosts configuration setting. Use winrm.cmd to configure TrustedHosts. Note that computers in the ' +
  'TrustedHosts list might not be authenticated. You can get more information about that by running the following command: winrm help config. For more ' +
  'information, see the about_Remote_Troubleshooting Help topic.'
const WINRM_NO_LOGON_SESSION =
  'Enter-PSSession : Connecting to remote server CLIENT01 failed with the following error message : WinRM cannot process the request. The following error ' +
  'with errorcode 0x8009030e occurred while using Negotiate authentication: A specified logon session does not exist. It may already have been terminated.\n' +
  ' Possible causes are:\n  -The user name or password specified are invalid.\n  -Kerberos is used when no authentication method and no user name are specified.\n' +
  '  -Kerberos accepts domain user names, but not local user names.\n  -The Service Principal Name (SPN) for the remote computer name and port does not exist.\n' +
  '  -The client and remote computers are in different domains and there is no trust between the two domains.'
const KERBEROS_UNKNOWN =
  'New-PSSession : [mail.corp.example.com] Connecting to remote server mail.corp.example.com failed with the following error message : WinRM cannot ' +
  'process the request. The following error occurred while using Kerberos authentication: The computer mail.corp.example.com is unknown to Kerberos. ' +
  'Verify that the computer exists on the network, that the name provided is spelled correctly, and that the Kerberos configuration for accessing the ' +
  'computer is correct. The most common Kerberos configuration issue is that an SPN with the format HTTP/mail.corp.example.com is not configured for the ' +
  'target. If Kerberos is not required, specify the Negotiate authentication mechanism and resubmit the operation.'
const KERBEROS_CANNOT_FIND =
  '[foo] Connecting to remote server foo failed with the following error message : WinRM cannot process the request. The following error occurred while ' +
  'using Kerberos authentication: Cannot find the computer foo. Verify that the computer exists on the network and that the name provided is spelled ' +
  'correctly. For more information, see the about_Remote_Troubleshooting Help topic.'

const UP_ALL_CLOSED = { up: true, openPorts: [], closedPorts: [5985, 5986, 22, 135, 445], filteredPorts: [], address: '10.0.0.5', name: 'PC1', problem: null }
const UP_WINRM_FILTERED = { up: true, openPorts: [445], closedPorts: [], filteredPorts: [5985, 5986, 22, 135], address: '10.0.0.5', name: 'PC1', problem: null }
const UP_WINRM_OPEN = { up: true, openPorts: [5985, 135, 445], closedPorts: [5986, 22], filteredPorts: [], address: '10.0.0.5', name: 'PC1', problem: null }
const DOWN = { up: false, openPorts: [], closedPorts: [], filteredPorts: [5985, 5986, 22, 135, 445], address: '10.0.0.9', name: null, problem: null }
const NOT_RESOLVED = { up: false, openPorts: [], closedPorts: [], filteredPorts: [], address: null, name: 'PC9', problem: 'the name PC9 did not resolve (ENOTFOUND)' }

const cases: ReadonlyArray<[string, ClassifyInput, ErrorKind, RegExp]> = [
  ['0x80338012 text, WinRM port refused', { transport: 'winrm', probe: UP_ALL_CLOSED, error: WINRM_DESTINATION_UNREACHABLE }, 'winrm-not-enabled', /Enable-PSRemoting -Force/],
  ['0x80338012 as a signed HRESULT only', { transport: 'winrm', hresult: -2144108526, host: 'PC1' }, 'winrm-not-enabled', /Allow remote server management through WinRM/],
  ['0x80338012 text, WinRM port filtered', { transport: 'winrm', probe: UP_WINRM_FILTERED, error: WINRM_DESTINATION_UNREACHABLE }, 'port-filtered', /Enable-NetFirewallRule -Name WINRM-HTTP-In-TCP/],
  ['"WinRM cannot complete the operation", no probe', { transport: 'winrm', error: WINRM_CANNOT_COMPLETE, host: 'PC1' }, 'winrm-not-enabled', /Enable-PSRemoting/],
  ['"WinRM cannot complete the operation", host down', { transport: 'winrm', probe: DOWN, error: WINRM_CANNOT_COMPLETE }, 'host-down', /Test-NetConnection 10\.0\.0\.9/],
  ['0x80338126 as text HRESULT', { transport: 'winrm', hresult: '0x80338126', host: 'PC1' }, 'winrm-not-enabled', /Enable-PSRemoting/],
  ['IP address with default authentication', { transport: 'winrm', error: WINRM_IP_DEFAULT_AUTH, host: '10.10.0.7' }, 'host-not-trusted', /Scan it by its DNS name .*TrustedHosts -Value '10\.10\.0\.7' -Concatenate -Force/],
  ['TrustedHosts required', { transport: 'winrm', error: WINRM_NOT_TRUSTED, host: 'ws7.other.example' }, 'host-not-trusted', /^Run "Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value 'ws7\.other\.example'/],
  ['0x8009030e logon session', { transport: 'winrm', probe: UP_WINRM_OPEN, error: WINRM_NO_LOGON_SESSION }, 'kerberos', /setspn -Q WSMAN\/PC1/],
  ['unknown to Kerberos / SPN', { transport: 'winrm', error: KERBEROS_UNKNOWN, host: 'mail.corp.example.com' }, 'kerberos', /setspn -S WSMAN\/mail\.corp\.example\.com/],
  ['Kerberos cannot find the computer', { transport: 'winrm', error: KERBEROS_CANNOT_FIND, host: 'foo' }, 'name-not-resolved', /Resolve-DnsName foo/],
  ['WinRM server name cannot be resolved', { transport: 'winrm', hresult: -2144108103, error: 'The WinRM client cannot process the request because the server name cannot be resolved.', host: 'pc9' }, 'name-not-resolved', /Resolve-DnsName pc9/],
  ['WinRM access denied', { transport: 'winrm', probe: UP_WINRM_OPEN, error: 'Connecting to remote server PC1 failed with the following error message : Access is denied. For more information, see the about_Remote_Troubleshooting Help topic.' }, 'access-denied', /LocalAccountTokenFilterPolicy -Value 1/],
  ['CIM access denied by HRESULT', { transport: 'dcom', hresult: 0x80070005, error: 'Get-CimInstance : Access is denied. ', host: 'PC1' }, 'access-denied', /Administrators group of PC1/],
  ['logon failure', { transport: 'dcom', error: 'The user name or password is incorrect. (Exception from HRESULT: 0x8007052E)', host: 'PC1' }, 'access-denied', /Administrators/],
  ['RPC server unavailable', { transport: 'dcom', probe: UP_WINRM_OPEN, error: 'Get-CimInstance : The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)' }, 'rpc-unavailable', /Windows Management Instrumentation \(WMI\)/],
  ['RPC server unavailable, host down', { transport: 'dcom', probe: DOWN, error: 'The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)' }, 'host-down', /is on and on the network/],
  ['SSPI clock skew', { transport: 'winrm', error: 'InitializeSecurityContext: The clocks on the client and server machines are skewed.', host: 'dc1' }, 'clock-skew', /w32tm \/resync \/force/],
  ['KRB_AP_ERR_SKEW', { transport: 'ssh', error: 'Kerberos SessionError: KRB_AP_ERR_SKEW(Clock skew too great)', host: 'dc1' }, 'clock-skew', /w32tm \/stripchart \/computer:dc1/],
  ['SEC_E_TIME_SKEW as a signed HRESULT', { transport: 'winrm', hresult: -2146893020, host: 'dc1' }, 'clock-skew', /w32tm/],
  ['WU service disabled 0x80070422', { transport: 'winrm', error: 'Exception from HRESULT: 0x80070422', host: 'PC1' }, 'wu-service-disabled', /Set-Service -Name wuauserv -StartupType Manual/],
  ['WU_E_SERVICE_STOP 0x8024001E', { transport: 'winrm', error: 'Exception calling "Search" with "1" argument(s): "Exception from HRESULT: 0x8024001E"', host: 'PC1' }, 'wu-service-disabled', /Start-Service -Name wuauserv/],
  ['service disabled text', { transport: 'local', error: 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.', host: 'this computer' }, 'wu-service-disabled', /System Services > Windows Update/],
  ['ssh cannot resolve', { transport: 'ssh', error: 'ssh: Could not resolve hostname pc9: Name or service not known', host: 'pc9' }, 'name-not-resolved', /Resolve-DnsName pc9/],
  ['ssh connection refused', { transport: 'ssh', error: 'ssh: connect to host 10.0.0.5 port 22: Connection refused', host: '10.0.0.5' }, 'port-closed', /Add-WindowsCapability -Online -Name OpenSSH\.Server/],
  ['PowerShell over ssh refused', { transport: 'ssh', probe: UP_ALL_CLOSED, error: 'New-PSSession : [pc1] The background process reported an error with the following message: The SSH client session has ended with error message: ssh: connect to host pc1 port 22: Connection refused.' }, 'port-closed', /Start-Service sshd/],
  ['WinRM refused, no probe', { transport: 'winrm', error: 'No connection could be made because the target machine actively refused it.', host: 'PC1' }, 'port-closed', /Enable-PSRemoting -Force/],
  ['ssh timed out', { transport: 'ssh', error: 'ssh: connect to host 10.0.0.5 port 22: Connection timed out', host: '10.0.0.5' }, 'port-filtered', /OpenSSH-Server-In-TCP/],
  ['ssh permission denied', { transport: 'ssh', error: 'admin@10.0.0.5: Permission denied (publickey,password,keyboard-interactive).', host: '10.0.0.5' }, 'access-denied', /administrators_authorized_keys/],
  ['ssh host key', { transport: 'ssh', error: 'No ED25519 host key is known for pc1 and you have requested strict checking.\r\nHost key verification failed.', host: 'pc1' }, 'host-not-trusted', /ssh-keyscan pc1 >> ~\/\.ssh\/known_hosts/],
  ['ssh no powershell subsystem', { transport: 'ssh', error: 'subsystem request failed on channel 0', host: 'pc1' }, 'ssh-subsystem-missing', /Subsystem powershell c:\/progra~1\/powershell\/7\/pwsh\.exe -sshs/],
  ['probe: name never resolved', { transport: 'winrm', probe: NOT_RESOLVED, error: WINRM_CANNOT_COMPLETE }, 'name-not-resolved', /Resolve-DnsName PC9/],
  ['probe: nothing answered, no text', { transport: null, probe: DOWN }, 'host-down', /10\.0\.0\.9/],
  ['probe: WinRM filtered, text unknown', { transport: 'winrm', probe: UP_WINRM_FILTERED, error: 'The operation was canceled.' }, 'port-filtered', /WINRM-HTTP-In-TCP-PUBLIC/],
  ['probe: DCOM port refused, no text', { transport: 'dcom', probe: UP_ALL_CLOSED }, 'rpc-unavailable', /WMI/],
]

describe('classifyError with real error texts', () => {
  it.each(cases)('%s → %s', (_name, input, kind, fix) => {
    const result = classifyError(input)
    expect(result.kind).toBe(kind)
    expect(result.fix).toMatch(fix)
    expect(result.cause.length).toBeGreaterThan(20)
    expect(result.cause).not.toMatch(/\n/)
  })

  it('names the host in the cause', () => {
    expect(classifyError({ transport: 'winrm', probe: UP_ALL_CLOSED, error: WINRM_DESTINATION_UNREACHABLE }).cause).toBe(
      'WinRM on PC1 did not take the connection: PowerShell remoting is not enabled there, or its firewall rule does not admit this computer.',
    )
  })

  it('keeps the first line and the code of an error it does not know', () => {
    expect(classifyError({ transport: 'winrm', host: 'PC1', error: 'Unspecified error\r\nAt line:1 char:1', hresult: -2147467259 })).toEqual({
      kind: 'unknown',
      cause: 'PC1 failed: Unspecified error (code 0x80004005)',
      fix: "See the full error in the scan log; PowerShell's about_Remote_Troubleshooting help topic lists further causes.",
    })
    expect(classifyError({ transport: null }).cause).toBe('the computer failed without an error message')
  })

  it('has a rule for every kind but unknown, with distinct codes', () => {
    expect(new Set(ERROR_RULES.map((rule) => rule.kind))).toEqual(new Set(ERROR_KINDS.filter((kind) => kind !== 'unknown')))
    const codes = ERROR_RULES.flatMap((rule) => rule.codes)
    expect(new Set(codes).size).toBe(codes.length)
  })
})

describe('codesOf', () => {
  it('reads HRESULTs given as numbers, hex text and signed decimals inside a message', () => {
    expect(codesOf(-2144108526, '')).toEqual([0x80338012])
    expect(codesOf('0x80338126', '')).toEqual([0x80338126])
    expect(codesOf(null, 'Error number: -2144108526 0x80338012')).toEqual([0x80338012, 0x80338012])
    expect(codesOf(undefined, 'errorcode 0x8009030e occurred')).toEqual([0x8009030e])
    expect(codesOf(undefined, 'build 10.0.19045.1234 and port 5985')).toEqual([])
  })
})
