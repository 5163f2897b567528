import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CoreError } from '../../../../src-main/errors'
import { decodeListFile, parseListFile, readListFile } from '../../../../src-main/targets/list-file'
import { makeTempDir } from '../../../helpers/temp-dir'

const OFFICE_LIST = [
  '# Office computers, exported 2026-11-02',
  '',
  'PC1',
  'pc2.corp.example.com   # reception',
  '   10.0.0.20   ',
  '10.0.1.1-10.0.1.10',
  '\t# indented comment',
  '192.168.5.0/29',
  '::1',
  'domain:corp.example.com',
  '.',
].join('\r\n')

describe('parseListFile', () => {
  it('reads one target a line, skipping blanks and # comments, with line numbers', () => {
    const { entries, problems } = parseListFile(OFFICE_LIST)
    expect(problems).toEqual([])
    expect(entries.map((e) => [e.line, e.spec.kind, e.spec.text])).toEqual([
      [3, 'netbios', 'PC1'],
      [4, 'fqdn', 'pc2.corp.example.com'],
      [5, 'ipv4', '10.0.0.20'],
      [6, 'ipv4-range', '10.0.1.1-10.0.1.10'],
      [8, 'ipv4-cidr', '192.168.5.0/29'],
      [9, 'ipv6', '::1'],
      [10, 'ad-domain', 'domain:corp.example.com'],
      [11, 'local', '.'],
    ])
  })

  it('treats LF, CRLF and lone CR line ends alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { entries } = parseListFile(['a1', 'b2', 'c3'].join(eol))
      expect(entries.map((e) => [e.line, e.spec.text])).toEqual([
        [1, 'a1'],
        [2, 'b2'],
        [3, 'c3'],
      ])
    }
  })

  it('reports every bad line with its number and the bad part', () => {
    const text = ['PC1', "pc1'; Remove-Item -Recurse C:\\ #", '010.0.0.1', 'ok-host', '10.0.0.1-254', '@other.txt', 'way-too-long-netbios-name'].join('\n')
    const { entries, problems } = parseListFile(text)
    expect(entries.map((e) => e.spec.text)).toEqual(['PC1', 'ok-host'])
    expect(problems.map((p) => [p.line, p.text])).toEqual([
      // The trailing " #" starts a comment, so the rest of the line is what is judged.
      [2, "pc1'; Remove-Item -Recurse C:\\"],
      [3, '010.0.0.1'],
      [5, '10.0.0.1-254'],
      [6, '@other.txt'],
      [7, 'way-too-long-netbios-name'],
    ])
    expect(problems[0]?.problem).toMatch(/single quote \('\) at position 4/)
    expect(problems[1]?.problem).toMatch(/leading zero/)
    expect(problems[2]?.problem).toMatch(/write the end of the range in full/)
    expect(problems[3]?.problem).toMatch(/cannot include another list file/)
    expect(problems[4]?.problem).toMatch(/at most 15 characters/)
  })

  it('keeps a # that is part of a word as a bad character rather than a comment', () => {
    const { problems } = parseListFile('pc#1')
    expect(problems[0]?.problem).toMatch(/hash sign \(#\) at position 3/)
  })
})

describe('decodeListFile', () => {
  const lines = 'PC1\r\nPC2\r\n'
  it.each([
    ['UTF-8', Buffer.from(lines, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines, 'utf8')])],
    ['UTF-16 LE with BOM (Windows PowerShell 5.1 ">")', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines, 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(lines, 'utf16le').swap16()])],
  ])('reads %s', (_name, bytes) => {
    const decoded = decodeListFile(bytes)
    expect(decoded).toEqual({ ok: true, text: lines })
  })

  it('refuses UTF-16 without a BOM and invalid UTF-8', () => {
    expect(decodeListFile(Buffer.from(lines, 'utf16le'))).toMatchObject({ ok: false, problem: expect.stringMatching(/NUL bytes/) })
    expect(decodeListFile(Buffer.from([0x50, 0x43, 0xe9, 0x0a]))).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid UTF-8/) })
  })
})

describe('readListFile', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => temp.cleanup())

  it('reads a UTF-16 LE file with CRLF lines as Windows PowerShell 5.1 writes it', async () => {
    const file = path.join(temp.dir, 'ad-export.txt')
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(OFFICE_LIST, 'utf16le')]))
    const entries = await readListFile(file)
    expect(entries).toHaveLength(8)
    expect(entries[0]).toMatchObject({ line: 3, spec: { kind: 'netbios', name: 'PC1' } })
  })

  it('names the file and every bad line in one bad-file error', async () => {
    const file = path.join(temp.dir, 'bad.txt')
    fs.writeFileSync(file, ['PC1', '10.0.0.999', 'PC2', 'pc 3'].join('\n'))
    const error = await readListFile(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CoreError)
    expect((error as CoreError).code).toBe('bad-file')
    expect((error as CoreError).message).toBe(
      `The list file ${file} has 2 bad lines; fix them and try again. ` +
        'line 2: "10.0.0.999": the fourth number "999" is over 255; line 4: "pc 3": it contains a space at position 3; a computer name holds only letters, digits, hyphens and dots.',
    )
  })

  it('lists the first ten bad lines and counts the rest', async () => {
    const file = path.join(temp.dir, 'many.txt')
    fs.writeFileSync(file, Array.from({ length: 14 }, (_, i) => `bad;${i}`).join('\n'))
    const message = await readListFile(file).catch((e: unknown) => (e as Error).message)
    expect(message).toMatch(/has 14 bad lines/)
    expect(message).toMatch(/line 10: "bad;9"/)
    expect(message).not.toMatch(/line 11:/)
    expect(message).toMatch(/and 4 more bad lines\.$/)
  })

  it('says when the file is missing, is a folder, or is too large', async () => {
    const missing = path.join(temp.dir, 'nope.txt')
    await expect(readListFile(missing)).rejects.toThrow(`Cannot read the list file ${missing}: it does not exist.`)
    await expect(readListFile(temp.dir)).rejects.toThrow(`The list file ${temp.dir} is not a file.`)
    const big = path.join(temp.dir, 'big.txt')
    fs.writeFileSync(big, 'PC1\n'.repeat(100))
    await expect(readListFile(big, 100)).rejects.toThrow(`The list file ${big} is 400 bytes, more than the 100 a list file may have.`)
  })
})
