/**
 * DOS (OEM) code pages that `cmd.exe` writes when its output is redirected to a file, and that
 * Node's TextDecoder (WHATWG encodings only) does not know. `ibm866` (Cyrillic) and `gbk` (936)
 * are in WHATWG and need no table here.
 *
 * Each string holds the characters for bytes 0x80…0xFF in order; bytes below 0x80 are ASCII.
 * Tables from the Unicode consortium's mappings (VENDORS/MICSFT/PC/CP437.TXT, CP850.TXT, CP852.TXT).
 */
const HIGH_HALVES = {
  // United States
  ibm437:
    'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0',
  // Western Europe (French, German, Italian, Spanish, Dutch … consoles)
  ibm850:
    'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0',
  // Central Europe (Polish, Czech, Hungarian … consoles)
  ibm852:
    'ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×čáíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀ÓßÔŃńňŠšŔÚŕŰýÝţ´\u00ad˝˛ˇ˘§÷¸°¨˙űŘř■\u00a0',
} as const

/** An OEM code page this module decodes itself. */
export type OemCodePage = keyof typeof HIGH_HALVES

/** The OEM code pages decoded here, in the order they are tried. */
export const OEM_CODE_PAGES: readonly OemCodePage[] = ['ibm850', 'ibm437', 'ibm852']

/** Decodes bytes written in one of the OEM code pages above. Never fails: every byte maps. */
export function decodeOem(bytes: Uint8Array, codePage: OemCodePage): string {
  const high = HIGH_HALVES[codePage]
  let out = ''
  for (const byte of bytes) out += byte < 0x80 ? String.fromCharCode(byte) : high.charAt(byte - 0x80)
  return out
}
