/**
 * The failures an admin can act on, each recognised by the HRESULTs and message texts that
 * Windows (WinRM/WS-Management, SSPI/Kerberos, RPC, the Windows Update Agent) and OpenSSH
 * print, with a one-line cause and the fix. Order matters: the first rule that matches wins,
 * so rules whose texts contain another rule's words come first (Microsoft's TrustedHosts and
 * clock-skew messages mention Kerberos; its Kerberos messages mention the user name and password).
 */

/** What kind of failure it is; stable strings, stored and shown. */
export const ERROR_KINDS = [
  'name-not-resolved',
  'host-down',
  'port-filtered',
  'port-closed',
  'winrm-not-enabled',
  'host-not-trusted',
  'access-denied',
  'kerberos',
  'clock-skew',
  'rpc-unavailable',
  'wu-service-disabled',
  'ssh-subsystem-missing',
  'unknown',
] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]

/** What a rule's texts are written with: the host as the admin knows it, and the transport. */
export interface RuleContext {
  readonly host: string
  readonly transport: 'winrm' | 'ssh' | 'dcom' | 'local' | null
  /** True when the host was given as an IP address (Kerberos cannot be used then). */
  readonly isAddress: boolean
}

export interface ErrorRule {
  readonly kind: ErrorKind
  /** HRESULTs (and Win32 codes as HRESULTs) that mean this, as unsigned 32-bit numbers. */
  readonly codes: ReadonlyArray<number>
  readonly patterns: ReadonlyArray<RegExp>
  /** True for "could not connect" failures, which the probe result can refine. */
  readonly connection?: boolean
  readonly cause: (context: RuleContext) => string
  readonly fix: (context: RuleContext) => string
}

export const ERROR_RULES: ReadonlyArray<ErrorRule> = [
  {
    kind: 'clock-skew',
    // SEC_E_TIME_SKEW; ERROR_TIME_SKEW (1398) as an HRESULT.
    codes: [0x80090324, 0x80070576],
    patterns: [/KRB_AP_ERR_SKEW/i, /clock skew/i, /clocks on the client and server machines are skewed/i, /time and\/or date difference between the client and server/i],
    cause: ({ host }) => `Kerberos refused the ticket: the clocks of this computer and ${host} differ by more than the domain allows (5 minutes by default).`,
    fix: ({ host }) => `Sync both clocks with the domain: run "w32tm /resync /force" on ${host} and here; compare with "w32tm /stripchart /computer:${host} /samples:3".`,
  },
  {
    kind: 'wu-service-disabled',
    // ERROR_SERVICE_DISABLED (1058); WU_E_SERVICE_STOP; WU_E_WU_DISABLED.
    codes: [0x80070422, 0x8024001e, 0x8024002e],
    patterns: [/The service cannot be started, either because it is disabled/i, /WU_E_SERVICE_STOP/, /WU_E_WU_DISABLED/],
    cause: ({ host }) => `The Windows Update service (wuauserv) on ${host} is disabled or was stopped, so the update search could not run.`,
    fix: ({ host }) =>
      `On ${host} run "Set-Service -Name wuauserv -StartupType Manual; Start-Service -Name wuauserv"; if a GPO disables it, set Computer Configuration > Windows Settings > Security Settings > System Services > Windows Update to Manual.`,
  },
  {
    kind: 'host-not-trusted',
    // ERROR_WSMAN_SERVER_NOTTRUSTED, ERROR_WSMAN_CANNOTUSE_IP, ERROR_WSMAN_EXPLICIT_CREDENTIALS_REQUIRED.
    codes: [0x803380e4, 0x803381bb, 0x803380e5],
    patterns: [
      /TrustedHosts/i,
      /Default authentication may be used with an IP address/i,
      /Host key verification failed/i,
      /REMOTE HOST IDENTIFICATION HAS CHANGED/i,
      /No (?:[\w-]+ )?host key is known for/i,
    ],
    cause: ({ host, transport }) =>
      transport === 'ssh'
        ? `ssh does not know (or no longer trusts) the host key of ${host}, so it refused to connect.`
        : `WinRM will not send credentials to ${host}: without Kerberos (an IP address, or a computer outside the domain) the host must use HTTPS or be in this computer's TrustedHosts list.`,
    fix: ({ host, transport, isAddress }) =>
      transport === 'ssh'
        ? `Check the host's key fingerprint on ${host} ("ssh-keygen -lf C:\\ProgramData\\ssh\\ssh_host_ed25519_key.pub"), then add it here with "ssh-keyscan ${host} >> ~/.ssh/known_hosts" (after a reinstall, first "ssh-keygen -R ${host}").`
        : `${isAddress ? 'Scan it by its DNS name so Kerberos is used, or r' : 'R'}un "Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value '${host}' -Concatenate -Force" here (elevated) and give explicit credentials, or use WinRM over HTTPS (5986).`,
  },
  {
    kind: 'name-not-resolved',
    // ERROR_WSMAN_COMPUTER_NOTFOUND; WSAHOST_NOT_FOUND (11001) as an HRESULT.
    codes: [0x803381b9, 0x80072af9],
    patterns: [
      /Could not resolve hostname/i,
      /No such host is known/i,
      /Cannot find the computer/i,
      /server name cannot be resolved/i,
      /getaddrinfo (?:ENOTFOUND|EAI_AGAIN)/,
      /Name or service not known/i,
      /nodename nor servname provided/i,
      /Temporary failure in name resolution/i,
    ],
    cause: ({ host }) => `The name ${host} did not resolve to an address (DNS, hosts file, NetBIOS/LLMNR).`,
    fix: ({ host }) => `Check the spelling with "Resolve-DnsName ${host}"; register the computer in DNS, scan it by its full DNS name, or scan it by IP address.`,
  },
  {
    kind: 'kerberos',
    // SEC_E_TARGET_UNKNOWN, SEC_E_WRONG_PRINCIPAL, SEC_E_NO_CREDENTIALS, SEC_E_NO_AUTHENTICATING_AUTHORITY,
    // ERROR_WSMAN_WORKGROUP_NO_KERBEROS, ERROR_WSMAN_KERBEROS_IPADDRESS, ERROR_WSMAN_CLIENT_KERBEROS_DISABLED.
    codes: [0x80090303, 0x80090322, 0x8009030e, 0x80090311, 0x8033810c, 0x8033810b, 0x803380e2],
    patterns: [
      /unknown to Kerberos/i,
      /SPN with the format/i,
      /target principal name is incorrect/i,
      /A specified logon session does not exist/i,
      /No authority could be contacted for authentication/i,
      /Kerberos authentication cannot be used/i,
    ],
    cause: ({ host }) =>
      `Kerberos could not authenticate to ${host}: its service principal name (WSMAN/${host}) is missing or duplicated, the name is an alias or IP address, or the account given is a local one.`,
    fix: ({ host }) =>
      `Scan ${host} by its full DNS name; check the SPN with "setspn -Q WSMAN/${host}" (register it with "setspn -S WSMAN/${host} <computer account>"); or give explicit credentials as DOMAIN\\user.`,
  },
  {
    kind: 'access-denied',
    // E_ACCESSDENIED, ERROR_LOGON_FAILURE (1326), WBEM_E_ACCESS_DENIED; WinRM reports plain 5 too.
    codes: [0x80070005, 0x8007052e, 0x80041003, 5],
    patterns: [/Access is denied/i, /The user name or password is incorrect/i, /Logon failure/i, /Permission denied \(/i, /WBEM_E_ACCESS_DENIED/, /E_ACCESSDENIED/],
    cause: ({ host, transport }) =>
      transport === 'ssh'
        ? `${host} refused the SSH login: the key or password was not accepted for that account.`
        : `${host} refused the account: wrong password, or the account is not an administrator there.`,
    fix: ({ host, transport }) =>
      transport === 'ssh'
        ? `With a key: put your public key on ${host}: for an administrator in C:\\ProgramData\\ssh\\administrators_authorized_keys (readable only by Administrators and SYSTEM), otherwise in the user's .ssh\\authorized_keys. With a password: save the credential again with the right one ("patchlane credential add NAME --user USER"), and check that sshd_config on ${host} allows PasswordAuthentication.`
        : `Use an account in the Administrators group of ${host}; for a local account also set LocalAccountTokenFilterPolicy there: "New-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System -Name LocalAccountTokenFilterPolicy -Value 1 -PropertyType DWord -Force".`,
  },
  {
    kind: 'ssh-subsystem-missing',
    codes: [],
    patterns: [/subsystem request failed on channel/i],
    cause: ({ host }) => `SSH works on ${host}, but its sshd has no "powershell" subsystem, so PowerShell remoting over SSH cannot start.`,
    fix: ({ host }) =>
      `Install PowerShell 7 on ${host}, add "Subsystem powershell c:/progra~1/powershell/7/pwsh.exe -sshs -NoLogo" to C:\\ProgramData\\ssh\\sshd_config, then "Restart-Service sshd".`,
  },
  {
    kind: 'rpc-unavailable',
    // RPC_S_SERVER_UNAVAILABLE (1722) as an HRESULT; RPC_S_CALL_FAILED (1726).
    codes: [0x800706ba, 0x800706be],
    patterns: [/The RPC server is unavailable/i, /The remote procedure call failed/i],
    connection: true,
    cause: ({ host }) => `${host} did not answer on RPC: its firewall blocks the WMI (DCOM) endpoint mapper (TCP 135) or the dynamic RPC ports (49152-65535).`,
    fix: ({ host }) => `On ${host} run "Enable-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)'" (or enable that rule group by GPO), or collect over WinRM instead.`,
  },
  {
    kind: 'winrm-not-enabled',
    // ERROR_WSMAN_DESTINATION_UNREACHABLE (SENDDATA_CANNOT_CONNECT), ERROR_WSMAN_NETWORK_TIMEDOUT, ERROR_WSMAN_HTTP_SERVICE_UNAVAILABLE.
    codes: [0x80338012, 0x80338126, 0x80338112],
    patterns: [
      /WinRM cannot complete the operation/i,
      /The client cannot connect to the destination specified in the request/i,
      /The WinRM client cannot complete the operation within the time specified/i,
      /The connection to the remote host was refused/i,
      /winrm quickconfig/i,
    ],
    connection: true,
    cause: ({ host }) => `WinRM on ${host} did not take the connection: PowerShell remoting is not enabled there, or its firewall rule does not admit this computer.`,
    fix: ({ host }) =>
      `On ${host} run "Enable-PSRemoting -Force" (elevated), or by GPO enable Computer Configuration > Administrative Templates > Windows Components > Windows Remote Management (WinRM) > WinRM Service > "Allow remote server management through WinRM".`,
  },
  {
    kind: 'port-closed',
    codes: [0x8007274d],
    patterns: [/Connection refused/i, /ECONNREFUSED/, /actively refused/i],
    connection: true,
    cause: ({ host, transport }) => `${host} is up but nothing listens on the ${transport === 'ssh' ? 'SSH' : transport ?? 'transport'} port (the connection was refused).`,
    fix: ({ host, transport }) =>
      transport === 'ssh'
        ? `On ${host} run "Add-WindowsCapability -Online -Name OpenSSH.Server~~~~0.0.1.0; Set-Service sshd -StartupType Automatic; Start-Service sshd".`
        : transport === 'winrm'
          ? `On ${host} run "Enable-PSRemoting -Force" (elevated): it starts WinRM and creates its listener.`
          : `Start the service on ${host} that the transport needs, or choose another transport with --transport.`,
  },
  {
    kind: 'port-filtered',
    codes: [0x8007274c],
    patterns: [/Connection timed out/i, /Operation timed out/i, /ETIMEDOUT/, /did not properly respond after a period of time/i],
    connection: true,
    cause: ({ host }) => `${host} answers, but its firewall silently drops the transport port.`,
    fix: ({ host, transport }) =>
      transport === 'ssh'
        ? `On ${host} run "Enable-NetFirewallRule -Name OpenSSH-Server-In-TCP" (created when OpenSSH Server is installed).`
        : transport === 'dcom'
          ? `On ${host} run "Enable-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)'".`
          : `On ${host} run "Enable-NetFirewallRule -Name WINRM-HTTP-In-TCP" (and WINRM-HTTP-In-TCP-PUBLIC on a Public network), or "Enable-PSRemoting -Force".`,
  },
  {
    kind: 'host-down',
    codes: [0x80070035, 0x80072751],
    patterns: [/No route to host/i, /Host is unreachable/i, /EHOSTUNREACH/, /ENETUNREACH/, /Network is unreachable/i, /The network path was not found/i],
    connection: true,
    cause: ({ host }) => `${host} did not answer on any port: it is off, disconnected, or a firewall drops everything.`,
    fix: ({ host }) => `Check that ${host} is on and on the network ("Test-NetConnection ${host} -Port 5985"); then check the Windows Firewall profile of its network.`,
  },
]
