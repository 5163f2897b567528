import fs from 'node:fs'
import { z } from 'zod'
import { stateFile } from './lab-layout'

/** How a lab host behaves. */
export const hostModeSchema = z.enum(['ok', 'slow', 'down', 'unreachable', 'refuse-auth', 'garbage', 'garbage-protocol', 'password-auth', 'wua-broken'])
export type HostMode = z.infer<typeof hostModeSchema>

const hostStateSchema = z.strictObject({
  name: z.string(),
  namespace: z.string(),
  veth: z.string(),
  address: z.string(),
  mode: hostModeSchema,
  dir: z.string(),
  fixture: z.string(),
  /** sshd's PID (it daemonises); null while not started or for a down host. */
  sshdPid: z.number().int().nullable(),
})
export type HostState = z.infer<typeof hostStateSchema>

/** What `up` made, written before each thing is made, so `down` can remove exactly that. */
export const labStateSchema = z.strictObject({
  schemaVersion: z.literal(1),
  dir: z.string(),
  createdAt: z.string(),
  bridge: z.string().nullable(),
  hosts: z.array(hostStateSchema),
  /** The `up` document, once everything is up. */
  output: z.unknown().nullable(),
})
export type LabState = z.infer<typeof labStateSchema>

/** Reads the state file, or null when there is none; a corrupt one is reported, not trusted. */
export function readLabState(dir: string): LabState | null {
  const file = stateFile(dir)
  if (!fs.existsSync(file)) return null
  const parsed = labStateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file} is not a lab state file (${parsed.error.message}); remove it after checking \`ip netns list\``)
  return parsed.data
}

/** Writes the state file atomically (temp file + rename): a crash never leaves half a file. */
export function writeLabState(state: LabState): void {
  const file = stateFile(state.dir)
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2))
  fs.renameSync(`${file}.tmp`, file)
}
