import type { z } from 'zod'
import { CoreError } from '../errors'
import type { getRemoteHostInventory } from '../powershell/scripts'
import type { Transport } from '../targets/choose-transport'
import { wuaScriptParams, type WuaRequest } from './wua-options'

export type RemoteInventoryParams = z.input<(typeof getRemoteHostInventory)['params']>

/** The account a scan uses on its hosts; never logged, never on a command line. */
export interface ScanCredential {
  readonly userName: string
  readonly password?: string
  /** SSH private key file. */
  readonly keyFile?: string
}

export interface RemoteOptions {
  readonly credential?: ScanCredential | null
  readonly includeUpdateHistory?: boolean
  /** SSH: where host keys are pinned (trust on first use); Patchlane keeps one in its data folder. */
  readonly knownHostsFile?: string
  readonly hostKeyPolicy?: 'accept-new' | 'yes' | 'no'
  readonly connectTimeoutSeconds?: number
  /** HKLM values the mitigating-factor rules test, as `SubKey::ValueName`. */
  readonly registryValues?: ReadonlyArray<string>
  /** Also run the Windows Update Agent search on the host (a one-shot SYSTEM task there). */
  readonly wua?: WuaRequest
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

/**
 * The parameters of Get-RemoteHostInventory.ps1 for one host and the transport chosen for it.
 *
 * WinRM: Kerberos for a name and no explicit account (the domain case); Negotiate with an
 * explicit account or an IP address, since Kerberos cannot authenticate to an address and a
 * workgroup has no KDC (then the host must be in TrustedHosts or reached over HTTPS).
 */
export function remoteInventoryParams(computerName: string | null, transport: Transport, port: number | null, useTls: boolean, options: RemoteOptions = {}): RemoteInventoryParams {
  const history = {
    ...(options.includeUpdateHistory ? { IncludeUpdateHistory: true } : {}),
    ...(options.registryValues && options.registryValues.length > 0 ? { RegistryValue: [...options.registryValues] } : {}),
    ...wuaScriptParams(options.wua),
  }
  const credential = options.credential ?? null
  if (transport === 'local') return { Transport: 'Local', ...history }
  if (!computerName) throw new CoreError('invalid-input', `The ${transport} transport needs a computer name or address.`)
  const account = credential?.password ? { UserName: credential.userName, Password: credential.password } : {}
  switch (transport) {
    case 'dcom':
      return { Transport: 'Dcom', ComputerName: computerName, ...account, ...history }
    case 'winrm': {
      const byAddress = IPV4.test(computerName) || computerName.includes(':')
      return {
        Transport: 'WinRM',
        ComputerName: computerName,
        ...(port ? { Port: port } : {}),
        ...(useTls ? { UseSsl: true } : {}),
        Authentication: credential || byAddress ? 'Negotiate' : 'Kerberos',
        ...account,
        ...(options.connectTimeoutSeconds ? { ConnectTimeoutSeconds: options.connectTimeoutSeconds } : {}),
        ...history,
      }
    }
    case 'ssh': {
      // A password goes to the script in the runner's stdin envelope; the script hands it to ssh
      // through a one-shot SSH_ASKPASS helper (Invoke-Command -HostName takes no password).
      const sshAccount = credential ? { UserName: credential.userName, ...(credential.keyFile ? { KeyFilePath: credential.keyFile } : credential.password ? { Password: credential.password } : {}) } : {}
      return {
        Transport: 'Ssh',
        ComputerName: computerName,
        ...(port ? { Port: port } : {}),
        ...sshAccount,
        HostKeyPolicy: options.hostKeyPolicy ?? 'accept-new',
        ...(options.knownHostsFile ? { KnownHostsFile: options.knownHostsFile } : {}),
        ...(options.connectTimeoutSeconds ? { ConnectTimeoutSeconds: options.connectTimeoutSeconds } : {}),
        ...history,
      }
    }
  }
}
