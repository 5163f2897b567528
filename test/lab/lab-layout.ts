import path from 'node:path'

/**
 * Where the lab lives and what its pieces are called. Every name the lab creates starts with
 * `plab` so `down` can also sweep leftovers of a run whose state file was lost.
 */

/** The lab's folder (state, keys, fixtures, sshd configs, a hard-linked pwsh); PATCHLANE_LAB_DIR overrides. */
export function labDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.PATCHLANE_LAB_DIR ?? '/tmp/patchlane-lab')
}

/** The state file `up` writes before it creates anything, so `down` finds it all after a crash. */
export function stateFile(dir: string): string {
  return path.join(dir, 'state.json')
}

/** The account sshd lets in on every lab host (key-only, plain /bin/sh: root's shell start-up is slow). */
export const LAB_USER = 'patchlane-lab'
export const LAB_USER_HOME = '/var/lib/patchlane-lab'

/** The bridge in the root namespace; the lab's /24 is on it and goes nowhere else. */
export const BRIDGE = 'plab0'
/** A private /24 (RFC 1918) that nothing on this machine uses; hosts are .11 upwards, the bridge .1. */
export const SUBNET_PREFIX = '10.231.0'
export const SUBNET = `${SUBNET_PREFIX}.0/24`
export const BRIDGE_ADDRESS = `${SUBNET_PREFIX}.1`
/** Hosts take .11 … .210; .2–.10 and .211–.254 stay dead (no ARP answer) for range scans. */
export const MAX_HOSTS = 200

/** Host `n` (1-based): its name, namespace, root-side veth and address. */
export function hostNames(n: number): { name: string; namespace: string; veth: string; address: string } {
  const number = String(n).padStart(2, '0')
  return { name: `h${number}`, namespace: `plab-h${number}`, veth: `plab-v${number}`, address: `${SUBNET_PREFIX}.${10 + n}` }
}

/** Patterns of what the lab creates, for the leftover sweep. */
export const NAMESPACE_PATTERN = /^plab-h\d+$/
export const LINK_PATTERN = /^(plab0|plab-v\d+)$/
