/** Which of MBSA's two entries the admin chose. */
export type ScanMode = 'one' | 'many'

/** How the computers of a many-computer scan are given. */
export type ManySource = 'range' | 'list'

/** The target fields of the Detect form, as typed. */
export interface TargetFields {
  readonly mode: ScanMode
  /** One computer: a name or address; empty with `thisComputer`. */
  readonly computer: string
  readonly thisComputer: boolean
  readonly manySource: ManySource
  /** An a-b range or a CIDR network (several separated by commas or spaces). */
  readonly range: string
  /** Pasted names or a list file's contents: one per line, `#` comments allowed as in list files. */
  readonly list: string
}

/**
 * The target specs the scan service takes (the CLI's own syntax), from the form's fields.
 * Empty when nothing usable was typed; the service checks and names every bad spec.
 */
export function targetsOf(fields: TargetFields): string[] {
  if (fields.mode === 'one') {
    if (fields.thisComputer) return ['.']
    const name = fields.computer.trim()
    return name ? [name] : []
  }
  if (fields.manySource === 'range') return splitSpecs(fields.range)
  return splitSpecs(
    fields.list
      .split(/\r?\n/)
      .map((line) => line.replace(/#.*$/, ''))
      .join('\n'),
  )
}

/** Splits on commas, semicolons and white space, dropping duplicates but keeping the first order. */
function splitSpecs(text: string): string[] {
  const seen = new Set<string>()
  const specs: string[] = []
  for (const part of text.split(/[\s,;]+/)) {
    const spec = part.trim()
    if (!spec || spec.startsWith('@') || seen.has(spec.toLowerCase())) continue
    seen.add(spec.toLowerCase())
    specs.push(spec)
  }
  return specs
}
