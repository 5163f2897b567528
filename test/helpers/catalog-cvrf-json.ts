import { SaxesParser } from 'saxes'

/**
 * Turns a real CVRF XML document into the MSRC API's JSON form (`Accept: application/json`):
 * text wrapped as `{ Value }`, enumerations as numbers, ProductIDs as arrays. The JSON importer is
 * tested on documents built this way from Microsoft's own XML, since no monthly JSON document is
 * stored in ../shared/data.
 */
interface Node {
  name: string
  attrs: Record<string, string>
  children: Node[]
  text: string
}

const THREAT = { Impact: 0, 'Exploit Status': 1, 'Target Set': 2, Severity: 3 } as Record<string, number>
const REMEDIATION = { Workaround: 0, Mitigation: 1, 'Vendor Fix': 2, 'Release Notes': 3, 'Will Not Fix': 4, 'Known Issue': 5 } as Record<string, number>
const NOTE = { General: 0, Details: 1, Description: 2, Summary: 3, FAQ: 4, 'Legal Disclaimer': 5, Other: 6, Tag: 7, CNA: 8 } as Record<string, number>

function parseTree(xml: string): Node {
  const parser = new SaxesParser<{ xmlns: false }>({ xmlns: false })
  const stack: Node[] = []
  let root: Node | null = null
  parser.on('opentag', (tag) => {
    const local = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name
    const node: Node = { name: local, attrs: tag.attributes as Record<string, string>, children: [], text: '' }
    stack.at(-1)?.children.push(node)
    stack.push(node)
    root ??= node
  })
  parser.on('text', (text) => {
    const top = stack.at(-1)
    if (top) top.text += text
  })
  parser.on('closetag', () => {
    stack.pop()
  })
  parser.write(xml.replace(/^\uFEFF/, '')).close()
  if (!root) throw new Error('empty XML')
  return root
}

const kids = (node: Node | undefined, name: string): Node[] => node?.children.filter((c) => c.name === name) ?? []
const kid = (node: Node | undefined, name: string): Node | undefined => kids(node, name)[0]
const value = (node: Node | undefined): { Value: string } | undefined => (node ? { Value: node.text } : undefined)
const ids = (node: Node): string[] => kids(node, 'ProductID').map((p) => p.text.trim())

function branch(node: Node): unknown {
  return {
    Type: node.attrs.Type === 'Vendor' ? 0 : node.attrs.Type === 'Product Family' ? 2 : 1,
    Name: node.attrs.Name,
    Items: [
      ...kids(node, 'Branch').map(branch),
      ...kids(node, 'FullProductName').map((p) => ({ ProductID: p.attrs.ProductID, Value: p.text })),
    ],
  }
}

/** The JSON form of a CVRF XML document (as a parsed JSON value). */
export function cvrfXmlToJson(xml: string): unknown {
  const root = parseTree(xml)
  const tracking = kid(root, 'DocumentTracking')
  const identification = kid(tracking, 'Identification')
  const tree = kid(root, 'ProductTree')
  return {
    DocumentTitle: value(kid(root, 'DocumentTitle')),
    DocumentType: value(kid(root, 'DocumentType')),
    DocumentTracking: {
      Identification: { ID: value(kid(identification, 'ID')), Alias: value(kid(identification, 'Alias')) },
      Status: 2,
      Version: kid(tracking, 'Version')?.text,
      RevisionHistory: kids(kid(tracking, 'RevisionHistory'), 'Revision').map((r) => ({
        Number: kid(r, 'Number')?.text,
        Date: kid(r, 'Date')?.text,
        Description: value(kid(r, 'Description')),
      })),
      InitialReleaseDate: kid(tracking, 'InitialReleaseDate')?.text,
      CurrentReleaseDate: kid(tracking, 'CurrentReleaseDate')?.text,
    },
    ProductTree: {
      Branch: kids(tree, 'Branch').map(branch),
      FullProductName: kids(tree, 'FullProductName').map((p) => ({ ProductID: p.attrs.ProductID, Value: p.text, ...(p.attrs.CPE ? { CPE: p.attrs.CPE } : {}) })),
    },
    Vulnerability: kids(root, 'Vulnerability').map((v) => ({
      Title: value(kid(v, 'Title')),
      Notes: kids(kid(v, 'Notes'), 'Note').map((n) => ({ Title: n.attrs.Title, Type: NOTE[n.attrs.Type ?? ''], Ordinal: n.attrs.Ordinal, Value: n.text })),
      DiscoveryDateSpecified: false,
      ReleaseDateSpecified: false,
      CVE: kid(v, 'CVE')?.text,
      CWE: kids(v, 'CWE').map((c) => ({ ID: c.attrs.ID, Value: c.text })),
      ProductStatuses: kids(kid(v, 'ProductStatuses'), 'Status').map((s) => ({ ProductID: ids(s), Type: 3 })),
      Threats: kids(kid(v, 'Threats'), 'Threat').map((t) => ({
        Description: value(kid(t, 'Description')),
        ProductID: ids(t),
        Type: THREAT[t.attrs.Type ?? ''],
        DateSpecified: false,
      })),
      CVSSScoreSets: kids(kid(v, 'CVSSScoreSets'), 'ScoreSet').map((s) => ({
        BaseScore: Number(kid(s, 'BaseScore')?.text),
        TemporalScore: Number(kid(s, 'TemporalScore')?.text),
        Vector: kid(s, 'Vector')?.text,
        ProductID: ids(s),
      })),
      Remediations: kids(kid(v, 'Remediations'), 'Remediation').map((r) => ({
        Description: value(kid(r, 'Description')),
        URL: kid(r, 'URL')?.text ?? '',
        Supercedence: kid(r, 'Supercedence')?.text,
        ProductID: ids(r),
        Type: REMEDIATION[r.attrs.Type ?? ''],
        DateSpecified: false,
        AffectedFiles: [],
        RestartRequired: value(kid(r, 'RestartRequired')),
        SubType: kid(r, 'SubType')?.text,
        FixedBuild: kid(r, 'FixedBuild')?.text,
      })),
      Acknowledgments: [],
      Ordinal: v.attrs.Ordinal,
      RevisionHistory: [],
    })),
  }
}
