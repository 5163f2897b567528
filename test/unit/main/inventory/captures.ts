import fs from 'node:fs'
import path from 'node:path'
import { sharedDataPath } from '../../../helpers/shared-data'

/** A real capture file from ../shared/data. */
export interface Capture {
  readonly name: string
  readonly file: string
}

/** Every file in the given shared-data folders whose name matches, enumerated at run time. */
export function captures(match: RegExp): Capture[] {
  const dirs = [
    sharedDataPath('wesng', 'validation'),
    sharedDataPath('wesng', 'validation-2019-falsepositives-with-wes-output'),
    sharedDataPath('vuls', 'windows-outputs'),
  ]
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => match.test(name))
      .map((name) => ({ name, file: path.join(dir, name) })),
  )
}
