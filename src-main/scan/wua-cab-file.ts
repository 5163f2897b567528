import fs from 'node:fs'
import { CoreError } from '../errors'

/**
 * Checks, before a scan starts, that the wsusscn2.cab of an offline agent search is a readable
 * cabinet file on this computer: otherwise every host would fail the same way minutes later.
 * A cabinet starts with `MSCF`; anything else (an HTML error page saved as .cab) is refused.
 */
export function assertCabFileReadable(file: string): void {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    throw new CoreError('invalid-input', `The offline Windows Update scan file ${file} does not exist. Download wsusscn2.cab from Microsoft (https://go.microsoft.com/fwlink/?LinkId=76054) and give its path.`)
  }
  if (!stat.isFile()) throw new CoreError('invalid-input', `The offline Windows Update scan file ${file} is not a file.`)
  const head = Buffer.alloc(4)
  let fd: number | null = null
  try {
    fd = fs.openSync(file, 'r')
    fs.readSync(fd, head, 0, 4, 0)
  } catch (error) {
    const cause = (error as NodeJS.ErrnoException).code === 'EACCES' ? 'this account may not read it' : (error as Error).message
    throw new CoreError('invalid-input', `The offline Windows Update scan file ${file} cannot be read: ${cause}.`)
  } finally {
    if (fd !== null) fs.closeSync(fd)
  }
  if (head.toString('latin1') !== 'MSCF') {
    throw new CoreError('invalid-input', `${file} is not a cabinet file (wsusscn2.cab starts with "MSCF"): download it again from Microsoft.`)
  }
}
