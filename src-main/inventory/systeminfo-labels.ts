/**
 * The labels `systeminfo` prints, in every language found in real captures (English, German,
 * French, Italian, Spanish, Russian, Simplified Chinese; Dutch and Spanish-Argentina machines in
 * the data print English labels). Only the fields Patchlane reads are listed.
 *
 * Labels are compared after `normalizeLabel` (lower case, single spaces), so "System type" (XP)
 * and "System Type" are one label.
 */

/** The systeminfo fields Patchlane reads. */
export type SystemInfoField =
  | 'hostName'
  | 'osName'
  | 'osVersion'
  | 'osConfiguration'
  | 'installDate'
  | 'bootTime'
  | 'systemType'
  | 'biosVersion'
  | 'systemLocale'
  | 'domain'
  | 'hotfixes'
  | 'networkCards'

/** Label text per field; each list holds every language's spelling. */
export const SYSTEMINFO_LABELS: Readonly<Record<SystemInfoField, readonly string[]>> = {
  hostName: ['Host Name', 'Hostname', "Nom de l'hôte", 'Nome host', 'Nombre de host', 'Имя узла', '主机名'],
  osName: ['OS Name', 'Betriebssystemname', "Nom du système d'exploitation", 'Nome SO', 'Nombre del sistema operativo', 'Название ОС', 'OS 名称'],
  osVersion: ['OS Version', 'Betriebssystemversion', 'Version du système', 'Versione SO', 'Versión del sistema operativo', 'Версия ОС', 'OS 版本'],
  osConfiguration: [
    'OS Configuration',
    'Betriebssystemkonfiguration',
    "Configuration du système d'exploitation",
    'Configurazione SO',
    'Configuración del sistema operativo',
    'Параметры ОС',
    'OS 配置',
  ],
  installDate: [
    'Original Install Date',
    'Ursprüngliches Installationsdatum',
    "Date d'installation originale",
    'Data di installazione originale',
    'Fecha de instalación original',
    'Дата установки',
    '初始安装日期',
  ],
  bootTime: [
    'System Boot Time',
    'Systemstartzeit',
    'Heure de démarrage du système',
    'Tempo di avvio sistema',
    'Tiempo de arranque del sistema',
    'Время загрузки системы',
    '系统启动时间',
  ],
  systemType: ['System Type', 'Systemtyp', 'Type du système', 'Tipo sistema', 'Tipo de sistema', 'Тип системы', '系统类型'],
  biosVersion: ['BIOS Version', 'BIOS-Version', 'Version du BIOS', 'Versione BIOS', 'Versión del BIOS', 'Версия BIOS', 'BIOS 版本'],
  systemLocale: [
    'System Locale',
    'Systemgebietsschema',
    'Option régionale du système',
    'Impostazioni locali sistema',
    'Configuración regional del sistema',
    'Язык системы',
    '系统区域设置',
  ],
  domain: ['Domain', 'Domäne', 'Domaine', 'Dominio', 'Домен', '域'],
  hotfixes: ['Hotfix(s)', 'Hotfix(es)', 'Correctif(s)', 'Aggiornamenti rapidi', 'Revisión(es)', 'Исправление(я)', '修补程序'],
  networkCards: ['Network Card(s)', 'Netzwerkkarte(n)', 'Carte(s) réseau', 'Schede di rete', 'Tarjeta(s) de red', 'Сетевые адаптеры', '网卡'],
}

/** Lower case, one space between words, no space before the colon (French typography). */
export function normalizeLabel(label: string): string {
  return label.replace(/\s+/g, ' ').trim().toLowerCase()
}

const LOOKUP: ReadonlyMap<string, SystemInfoField> = new Map(
  (Object.entries(SYSTEMINFO_LABELS) as Array<[SystemInfoField, readonly string[]]>).flatMap(([field, labels]) =>
    labels.map((label) => [normalizeLabel(label), field] as const),
  ),
)

/** The field a label names, or undefined for labels Patchlane does not read or does not know. */
export function fieldOfLabel(label: string): SystemInfoField | undefined {
  return LOOKUP.get(normalizeLabel(label))
}

/** Every known label, normalised (used to rank candidate decodings of a file). */
export function knownLabels(): IterableIterator<string> {
  return LOOKUP.keys()
}
