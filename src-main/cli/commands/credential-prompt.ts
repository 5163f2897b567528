import { CoreError } from '../../errors'

/**
 * Reads a password for `patchlane credential add`: all of stdin with `--password-stdin` (one
 * trailing line break dropped), else from the terminal with echo off. A password is never taken
 * as an argument, where the process list and shell history would keep it.
 */
export async function readPassword(options: { fromStdin: boolean; prompt: string; input?: NodeJS.ReadStream; output?: NodeJS.WriteStream }): Promise<string> {
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stderr
  let password: string
  if (options.fromStdin) password = (await readAll(input)).replace(/\r?\n$/, '')
  else if (input.isTTY) password = await readHidden(input, output, options.prompt)
  else throw new CoreError('invalid-input', 'No terminal to ask for the password on: pipe it in with --password-stdin.')
  if (password.length === 0) throw new CoreError('invalid-input', 'The password is empty; nothing was saved.')
  if (password.length > 1024) throw new CoreError('invalid-input', 'The password is longer than 1,024 characters; nothing was saved.')
  return password
}

async function readAll(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
  return Buffer.concat(chunks).toString('utf8')
}

/** Raw mode, so nothing typed is echoed; Enter ends, Backspace erases, Ctrl-C or Ctrl-D gives up. */
function readHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = ''
    output.write(prompt)
    input.setRawMode(true)
    input.resume()
    input.setEncoding('utf8')
    const finish = (error: CoreError | null) => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      output.write('\n')
      if (error) reject(error)
      else resolve(typed)
    }
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(null)
        if (char === '\u0003' || char === '\u0004') return finish(new CoreError('cancelled', 'Cancelled; nothing was saved.'))
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1)
        else if (char >= ' ') typed += char
      }
    }
    input.on('data', onData)
  })
}
