import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import { ArrowSortDownRegular, ArrowSortUpRegular } from '@fluentui/react-icons'
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type Row, type SortingState } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef, useState, type KeyboardEvent } from 'react'

const ROW_HEIGHT = 40

const useStyles = makeStyles({
  scroller: { overflowY: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1 },
  header: { position: 'sticky', top: 0, zIndex: 1, display: 'grid', backgroundColor: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  headCell: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`, fontWeight: tokens.fontWeightSemibold, textAlign: 'start' },
  sortButton: {
    border: 'none',
    backgroundColor: 'transparent',
    padding: 0,
    fontFamily: 'inherit',
    fontSize: 'inherit',
    fontWeight: 'inherit',
    color: 'inherit',
    cursor: 'pointer',
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px', borderRadius: tokens.borderRadiusSmall },
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'grid',
    alignItems: 'center',
    height: `${ROW_HEIGHT}px`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  cell: { padding: `0 ${tokens.spacingHorizontalM}`, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  empty: { padding: tokens.spacingVerticalL, color: tokens.colorNeutralForeground2 },
})

/**
 * A sortable, virtualised grid (TanStack Table + Virtual): only the rows in view are in the DOM,
 * so tens of thousands stay smooth. Keyboard: Tab to the grid, arrows move between rows, Home /
 * End jump, Enter or Space opens the row. Column widths are CSS grid tracks.
 */
export function VirtualTable<T>(props: {
  readonly label: string
  readonly data: readonly T[]
  readonly columns: ReadonlyArray<ColumnDef<T, unknown>>
  /** CSS grid-template-columns for the header and every row. */
  readonly template: string
  readonly rowKey: (row: T) => string
  readonly onOpen?: (row: T) => void
  readonly selectedKey?: string | null
  readonly emptyText: string
  readonly height?: number
  readonly initialSorting?: SortingState
}) {
  const styles = useStyles()
  const [sorting, setSorting] = useState<SortingState>(props.initialSorting ?? [])
  const table = useReactTable({
    data: props.data as T[],
    columns: props.columns as Array<ColumnDef<T, unknown>>,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (row) => props.rowKey(row),
  })
  const rows = table.getRowModel().rows
  const scroller = useRef<HTMLDivElement>(null)
  const height = props.height ?? 480
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Without layout (first paint, jsdom) assume the grid's own height, so rows show at once.
    initialRect: { width: 1000, height },
  })
  const [active, setActive] = useState(0)

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index))
    setActive(target)
    virtualizer.scrollToIndex(target)
    // The row may only exist after the scroll renders it.
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${target}"]`)?.focus())
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, row: Row<T>) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1)
    const moves: Record<string, number> = { ArrowDown: row.index + 1, ArrowUp: row.index - 1, PageDown: row.index + page, PageUp: row.index - page, Home: 0, End: rows.length - 1 }
    const index = rows.indexOf(row)
    if (event.key in moves) {
      event.preventDefault()
      const delta = (moves[event.key] ?? 0) - row.index
      focusRow(event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : index + delta)
    } else if ((event.key === 'Enter' || event.key === ' ') && props.onOpen) {
      event.preventDefault()
      props.onOpen(row.original)
    }
  }

  return (
    <div role="grid" aria-label={props.label} aria-rowcount={rows.length + 1} aria-colcount={props.columns.length}>
      <div ref={scroller} className={styles.scroller} style={{ maxHeight: `${height}px` }}>
        {table.getHeaderGroups().map((group) => (
          <div key={group.id} role="row" aria-rowindex={1} className={styles.header} style={{ gridTemplateColumns: props.template }}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted()
              return (
                <div key={header.id} role="columnheader" className={styles.headCell} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                  {header.column.getCanSort() ? (
                    <button type="button" className={styles.sortButton} onClick={header.column.getToggleSortingHandler()}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      {sorted === 'asc' ? <ArrowSortUpRegular aria-hidden /> : sorted === 'desc' ? <ArrowSortDownRegular aria-hidden /> : null}
                    </button>
                  ) : (
                    flexRender(header.column.columnDef.header, header.getContext())
                  )}
                </div>
              )
            })}
          </div>
        ))}
        {rows.length === 0 ? (
          <div role="row" aria-rowindex={2}>
            <div role="gridcell" className={styles.empty}>
              {props.emptyText}
            </div>
          </div>
        ) : (
          <div style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
            {visibleItems(virtualizer.getVirtualItems(), rows.length, height).map((item) => {
              const row = rows[item.index]
              if (!row) return null
              const selected = props.selectedKey === row.id
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  data-index={item.index}
                  tabIndex={item.index === Math.min(active, rows.length - 1) ? 0 : -1}
                  className={mergeClasses(styles.row, selected && styles.selected)}
                  style={{ transform: `translateY(${item.start}px)`, gridTemplateColumns: props.template }}
                  onClick={() => {
                    setActive(item.index)
                    props.onOpen?.(row.original)
                  }}
                  onKeyDown={(event) => onKeyDown(event, row)}
                >
                  {row.getVisibleCells().map((cell) => (
                    <div key={cell.id} role="gridcell" className={styles.cell}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  ))}
                </div>
              )
            })}
          </div>
        )}
      </div>
    </div>
  )
}

/**
 * The virtualiser's rows, or, where nothing has layout (jsdom; a grid not yet measured), the
 * first screenful, so the grid never shows blank while it holds rows.
 */
function visibleItems(items: ReadonlyArray<{ index: number; start: number }>, count: number, height: number): ReadonlyArray<{ index: number; start: number }> {
  if (items.length > 0 || count === 0) return items
  return Array.from({ length: Math.min(count, Math.ceil(height / ROW_HEIGHT)) }, (_, index) => ({ index, start: index * ROW_HEIGHT }))
}
