import { Command, CommanderError } from 'commander'
import { CoreError } from '../errors'
import { registerCatalog } from './commands/catalog'
import { registerCredential } from './commands/credential'
import { registerAssess } from './commands/assess'
import { registerDoctor } from './commands/doctor'
import { registerScan } from './commands/scan'
import { APP_VERSION } from '../version'
import { reportFailure } from './output'

/**
 * The `patchlane` command line. Every command takes `--json`: then stdout carries exactly one
 * JSON document and nothing else; people get readable text. Errors go to stderr with a non-zero
 * exit code either way.
 */
export function buildProgram(): Command {
  const program = new Command()
    .name('patchlane')
    .description('Windows patch management: detect, assess, acquire, test, deploy, maintain.')
    .version(APP_VERSION)
    .showHelpAfterError()
    .exitOverride()
  registerDoctor(program)
  registerScan(program)
  registerAssess(program)
  registerCatalog(program)
  registerCredential(program)
  return program
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  try {
    await program.parseAsync(argv, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    reportFailure(error)
    return error instanceof CoreError && error.code === 'invalid-input' ? 2 : 1
  }
}

/**
 * Exits once stdout has taken everything written: on a pipe, writes are asynchronous and
 * process.exit() would cut a large --json document short (a scan of many hosts is megabytes).
 */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code))
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  reportFailure(error)
  exitAfterFlush(1)
})
