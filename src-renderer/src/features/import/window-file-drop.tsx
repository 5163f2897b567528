import { makeStyles, Subtitle1, Text, tokens } from '@fluentui/react-components'
import { ArrowUploadRegular } from '@fluentui/react-icons'
import { useEffect, useRef, useState } from 'react'
import { useImportStore } from './import-store-context'

const useStyles = makeStyles({
  overlay: {
    position: 'fixed',
    inset: 0,
    zIndex: 1000,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: tokens.spacingHorizontalXXXL,
    backgroundColor: tokens.colorBackgroundOverlay,
    // The overlay only shows; the window's listeners take the drop, so it must not catch events.
    pointerEvents: 'none',
  },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalM,
    width: '100%',
    height: '100%',
    justifyContent: 'center',
    boxSizing: 'border-box',
    border: `3px dashed ${tokens.colorBrandStroke1}`,
    borderRadius: tokens.borderRadiusXLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    opacity: 0.96,
  },
  icon: { color: tokens.colorBrandForeground1, fontSize: '48px' },
  hint: { color: tokens.colorNeutralForeground2 },
})

/** Whether a drag carries files from the system (not text or a link dragged inside the page). */
export function carriesFiles(event: Pick<DragEvent, 'dataTransfer'>): boolean {
  const types = event.dataTransfer?.types
  return types ? Array.from(types).includes('Files') : false
}

/**
 * Drop files anywhere on the window to import them: while files are dragged over the window an
 * overlay says what happens, and a drop imports them (`onDropped` then shows where the results
 * are). Keyboard users have the Import card's file picker; the overlay is only a pointer aid.
 *
 * Listening on the window also stops Chromium's default for a drop outside any target, which
 * is to open the file in place of the console.
 */
export function WindowFileDrop({ onDropped }: { readonly onDropped?: () => void }) {
  const styles = useStyles()
  const importFiles = useImportStore((s) => s.importFiles)
  const [dragging, setDragging] = useState(false)
  // The latest callbacks, so the window listeners are added once.
  const latest = useRef({ importFiles, onDropped })
  latest.current = { importFiles, onDropped }

  useEffect(() => {
    // dragenter/dragleave fire for every element crossed: count them to know when the drag left.
    let depth = 0
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth += 1
      setDragging(true)
    }
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault() // makes the window a drop target
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth = 0
      setDragging(false)
      const files = Array.from(event.dataTransfer?.files ?? [])
      if (files.length === 0) return
      latest.current.onDropped?.()
      void latest.current.importFiles(files)
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', over)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', over)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [])

  if (!dragging) return null
  return (
    <div className={styles.overlay} data-testid="drop-overlay">
      <div className={styles.panel} role="status" aria-live="polite">
        <ArrowUploadRegular className={styles.icon} aria-hidden />
        <Subtitle1 as="p">Drop to import these files</Subtitle1>
        <Text className={styles.hint}>systeminfo, wmic qfe or Patchlane inventory files: each is assessed and listed in Reports, marked Imported.</Text>
      </div>
    </div>
  )
}
