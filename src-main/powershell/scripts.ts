import { z } from 'zod'
import { PowerShellHostReport } from '../contract/schemas/system'
import { CollectorOutput } from './collector-output'
import { defineScript } from './script-spec'

/**
 * A host name, FQDN or IP address as a script parameter. Targets are validated with a clear
 * message before they get here (src-main/targets/host-name.ts); this is the last line of defence.
 */
/** HKLM values for the mitigating-factor rules, each `SubKey::ValueName`. */
const RegistryValueParam = z.array(z.string().min(3).max(512).regex(/^[^:]+::[^:]+$/, 'SubKey::ValueName')).max(64)

const ComputerNameParam = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._:%-]+$/, 'a host name, FQDN or IP address')

/** Describes the PowerShell engine and machine (Settings → Check PowerShell, `patchlane doctor`). */
export const getPatchlaneHost = defineScript({
  file: 'Get-PatchlaneHost.ps1',
  params: z.strictObject({}),
  output: PowerShellHostReport,
  timeoutMs: 30_000,
})

/**
 * Collects one host's inventory over CIM (locally, or to `ComputerName` over DCOM or WS-Man) and
 * the Windows Update Agent. Host names are checked here as well as passed only as a parameter value.
 */
export const getHostInventory = defineScript({
  file: 'Get-HostInventory.ps1',
  params: z.strictObject({
    ComputerName: ComputerNameParam.optional(),
    Protocol: z.enum(['Local', 'Dcom', 'Wsman']).default('Local'),
    IncludeUpdateHistory: z.boolean().optional(),
    MaxHistory: z.number().int().min(1).max(5000).optional(),
    RegistryValue: RegistryValueParam.optional(),
  }),
  output: CollectorOutput,
  timeoutMs: 180_000,
})

/**
 * Collects one host's inventory over a transport (Get-RemoteHostInventory.ps1): WinRM or SSH
 * remoting run the collector on the target; DCOM reads the target over a remote CimSession.
 * The password, when there is one, travels only inside the runner's stdin envelope.
 */
export const getRemoteHostInventory = defineScript({
  file: 'Get-RemoteHostInventory.ps1',
  params: z.strictObject({
    Transport: z.enum(['Local', 'Dcom', 'WinRM', 'Ssh']),
    ComputerName: ComputerNameParam.optional(),
    Port: z.number().int().min(1).max(65535).optional(),
    UserName: z.string().min(1).max(256).optional(),
    Password: z.string().min(1).max(1024).optional(),
    KeyFilePath: z.string().min(1).max(4096).optional(),
    UseSsl: z.boolean().optional(),
    Authentication: z.enum(['Default', 'Kerberos', 'Negotiate']).optional(),
    HostKeyPolicy: z.enum(['accept-new', 'yes', 'no']).optional(),
    KnownHostsFile: z.string().min(1).max(4096).optional(),
    ConnectTimeoutSeconds: z.number().int().min(5).max(3600).optional(),
    IncludeUpdateHistory: z.boolean().optional(),
    RegistryValue: RegistryValueParam.optional(),
    /** Also ask the host's Windows Update Agent (PatchlaneWua.psm1); the answer is the document's `wua`. */
    WuaMode: z.enum(['Online', 'Offline']).optional(),
    /** Offline: a wsusscn2.cab on this computer (only ever a -LiteralPath). */
    WuaCabPath: z.string().min(1).max(4096).optional(),
    WuaTimeoutSeconds: z.number().int().min(5).max(86_400).optional(),
  }),
  output: CollectorOutput,
  timeoutMs: 300_000,
})
