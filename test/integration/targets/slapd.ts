import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { makeTempDir } from '../../helpers/temp-dir'

/**
 * A real OpenLDAP server (Debian's slapd) on 127.0.0.1, shaped like a small AD domain:
 * corp.example.com with enabled and disabled computer accounts, a user to bind as, plain LDAP
 * and LDAPS (self-signed certificate for 127.0.0.1). .ci/run installs it with
 * `apt-get install -y slapd ldap-utils` (ldap-utils is not needed by the tests themselves).
 *
 * The schema is the few AD attributes the query reads, under their AD OIDs. One difference
 * from AD: AD expands `objectCategory=computer` to the class's DN; here objectCategory is a
 * plain string holding "computer", so the same filter text matches the same entries.
 * `userAccountControl:1.2.840.113556.1.4.803:=2` is OpenLDAP's own integerBitAndMatch.
 */
export interface Slapd {
  readonly ldapUrl: string
  readonly ldapsUrl: string
  /** The self-signed certificate LDAPS presents (PEM), to trust explicitly. */
  readonly certificatePem: string
  readonly baseDn: string
  readonly user: { readonly dn: string; readonly password: string }
  /** How many computer accounts are enabled, disabled, and unusable (bad name). */
  readonly counts: { readonly enabled: number; readonly disabled: number; readonly badName: number }
  stop(): Promise<void>
}

export const SLAPD = '/usr/sbin/slapd'
const SLAPADD = '/usr/sbin/slapadd'

const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.782 NAME 'objectCategory' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.619 NAME 'dNSHostName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.363 NAME 'operatingSystem' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.364 NAME 'operatingSystemVersion' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.2.840.113556.1.3.30 NAME 'computer' SUP top STRUCTURAL MUST cn
  MAY ( objectCategory $ userAccountControl $ dNSHostName $ operatingSystem $ operatingSystemVersion ) )
`

/** True when slapd is installed; under CI=true its absence is an error, not a skip. */
export function slapdAvailable(): boolean {
  const present = fs.existsSync(SLAPD) && fs.existsSync(SLAPADD)
  if (!present && process.env.CI === 'true') throw new Error('CI=true but slapd is not installed: .ci/run must apt-get install -y slapd')
  return present
}

/** 640 workstations (every tenth disabled: userAccountControl 4098), a server without a DNS name, one bad name. */
function directoryLdif(baseDn: string): { ldif: string; counts: Slapd['counts'] } {
  const entries = [
    `dn: ${baseDn}\nobjectClass: dcObject\nobjectClass: organization\ndc: corp\no: Corp`,
    `dn: ou=Workstations,${baseDn}\nobjectClass: organizationalUnit\nou: Workstations`,
    `dn: ou=Servers,${baseDn}\nobjectClass: organizationalUnit\nou: Servers`,
    `dn: ou=Users,${baseDn}\nobjectClass: organizationalUnit\nou: Users`,
    `dn: cn=scanner,ou=Users,${baseDn}\nobjectClass: person\ncn: scanner\nsn: scanner\nuserPassword: scan-Pa55`,
  ]
  let enabled = 0
  let disabled = 0
  for (let i = 0; i < 640; i++) {
    const off = i % 10 === 9
    if (off) disabled++
    else enabled++
    const name = `WS${String(i).padStart(4, '0')}`
    entries.push(
      `dn: cn=${name},ou=Workstations,${baseDn}\nobjectClass: computer\ncn: ${name}\nobjectCategory: computer\n` +
        `userAccountControl: ${off ? 4098 : 4096}\ndNSHostName: ${name.toLowerCase()}.corp.example.com\n` +
        `operatingSystem: Windows 11 Enterprise\noperatingSystemVersion: 10.0 (22631)`,
    )
  }
  // An old server whose account never got a DNS name: scanned by its NetBIOS name.
  entries.push(
    `dn: cn=FS01,ou=Servers,${baseDn}\nobjectClass: computer\ncn: FS01\nobjectCategory: computer\nuserAccountControl: 4096\n` +
      `operatingSystem: Windows Server 2012 R2 Standard\noperatingSystemVersion: 6.3 (9600)`,
  )
  enabled++
  // A name that must never reach a command line.
  entries.push(`dn: cn=bad name,ou=Servers,${baseDn}\nobjectClass: computer\ncn: bad name\nobjectCategory: computer\nuserAccountControl: 4096`)
  return { ldif: `${entries.join('\n\n')}\n`, counts: { enabled, disabled, badName: 1 } }
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}): ${log()}`)
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
    })
    if (up) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`slapd did not listen on ${port} within 15 s: ${log()}`)
}

/** Starts slapd on two free loopback ports; `stop()` ends it (by its own PID) and removes its files. */
export async function startSlapd(): Promise<Slapd> {
  const temp = makeTempDir('patchlane-slapd-')
  const dir = temp.dir
  const baseDn = 'dc=corp,dc=example,dc=com'
  fs.mkdirSync(path.join(dir, 'db'))
  fs.writeFileSync(path.join(dir, 'ad.schema'), AD_SCHEMA)
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' })
  fs.writeFileSync(
    path.join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      `include ${path.join(dir, 'ad.schema')}`,
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `TLSCertificateFile ${path.join(dir, 'cert.pem')}`,
      `TLSCertificateKeyFile ${path.join(dir, 'key.pem')}`,
      // Like AD's MaxPageSize: an unpaged search stops at 300 entries, a paged one gets them all.
      'sizelimit size.soft=300 size.hard=300 size.prtotal=unlimited',
      'database mdb',
      'maxsize 67108864',
      `suffix "${baseDn}"`,
      `rootdn "cn=admin,${baseDn}"`,
      'rootpw admin-Pa55',
      `directory ${path.join(dir, 'db')}`,
    ].join('\n'),
  )
  const { ldif, counts } = directoryLdif(baseDn)
  fs.writeFileSync(path.join(dir, 'data.ldif'), ldif)
  execFileSync(SLAPADD, ['-q', '-f', path.join(dir, 'slapd.conf'), '-l', path.join(dir, 'data.ldif')], { stdio: 'pipe' })

  const [ldapPort, ldapsPort] = [await freePort(), await freePort()]
  // -d 0: stay in the foreground (no fork), so the child's PID is slapd's and stop() ends exactly it.
  const child = spawn(SLAPD, ['-d', '0', '-f', path.join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${ldapPort}/ ldaps://127.0.0.1:${ldapsPort}/`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    temp.cleanup()
  }
  try {
    await waitForPort(ldapPort, child, () => stderr)
    await waitForPort(ldapsPort, child, () => stderr)
  } catch (error) {
    await stop()
    throw error
  }
  return {
    ldapUrl: `ldap://127.0.0.1:${ldapPort}`,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    certificatePem: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    baseDn,
    user: { dn: `cn=scanner,ou=Users,${baseDn}`, password: 'scan-Pa55' },
    counts,
    stop,
  }
}
