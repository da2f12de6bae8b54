import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { t } from '../i18n'
import { Button } from './Button'
import './components.css'

export interface ConfirmDialogProps {
  /** The question, naming the thing: "Thu hồi chứng thư của Sở Nông nghiệp (37)?" */
  title: string
  /** What will happen when the clerk confirms. */
  message: ReactNode
  /** What cannot be undone afterwards; shown apart so it is not missed. */
  irreversible?: string | undefined
  /** The confirming button's label says the action ("Thu hồi", "Xóa thành viên"), never just "OK". */
  confirmLabel: string
  cancelLabel?: string | undefined
  /** A destructive action: the confirming button is red. */
  danger?: boolean | undefined
  /** The clerk must type this text (an office code, a name) before the action is allowed. */
  typeToConfirm?: string | undefined
  /** The action runs: both buttons wait; the dialog stays open until the caller closes it. */
  busy?: boolean | undefined
  /** Why the action failed; the dialog stays open. */
  error?: string | null | undefined
  /** Further fields (a reason, say) between the message and the buttons. */
  children?: ReactNode
  onConfirm: () => void
  onCancel: () => void
}

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'

/**
 * A modal confirmation: a native <dialog> opened with showModal (the page behind is inert), the
 * focus kept inside (Tab wraps), Escape cancels, and the focus goes back to what had it before.
 * Mounted means open: the caller renders it while a confirmation is pending.
 */
export function ConfirmDialog({
  title,
  message,
  irreversible,
  confirmLabel,
  cancelLabel,
  danger,
  typeToConfirm,
  busy,
  error,
  children,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const typedRef = useRef<HTMLInputElement>(null)
  const [typed, setTyped] = useState('')
  const id = useId()
  const matches = typeToConfirm === undefined || typed.trim() === typeToConfirm

  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    // The first thing to do has the focus: a field marked data-autofocus, the text to type, else
    // Cancel (the safe choice).
    ;(dialog.querySelector<HTMLElement>('[data-autofocus]') ?? typedRef.current ?? cancelRef.current)?.focus()
    return () => {
      if (dialog.open) dialog.close()
      if (before?.isConnected) before.focus()
    }
  }, [])
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    // The dialog is portalled to <body>, but React still bubbles its events to the component that
    // rendered it (a form whose Escape means "leave"): keys pressed here stay here.
    e.stopPropagation()
    if (e.key === 'Escape') {
      e.preventDefault()
      if (!busy) onCancel()
      return
    }
    if (e.key !== 'Tab') return
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter((el) => !el.hasAttribute('disabled'))
    const first = items[0]
    const last = items.at(-1)
    if (!first || !last) return
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }

  return createPortal(
    <dialog
      ref={ref}
      className="confirm"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-what${irreversible ? ` ${id}-undo` : ''}`}
      onKeyDown={onKeyDown}
      // The browser's own close request (Escape seen by a close watcher rather than as a key press) cancels too.
      onCancel={(e) => {
        e.preventDefault()
        if (!busy) onCancel()
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault()
          e.stopPropagation()
          if (matches && !busy) onConfirm()
        }}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-what`} className="confirm__what">
          {message}
        </div>
        {irreversible ? (
          <p id={`${id}-undo`} className="confirm__undo">
            {irreversible}
          </p>
        ) : null}
        {children}
        {typeToConfirm !== undefined ? (
          <div className="field">
            <label htmlFor={`${id}-typed`}>{t('confirm.typeToConfirm', { text: typeToConfirm })}</label>
            <input
              ref={typedRef}
              id={`${id}-typed`}
              autoComplete="off"
              spellCheck={false}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
        ) : null}
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="actions">
          <Button
            type="submit"
            variant={danger ? 'danger' : 'primary'}
            busy={busy}
            disabledReason={matches ? null : t('confirm.typeFirst', { text: typeToConfirm ?? '' })}
          >
            {confirmLabel}
          </Button>
          <Button ref={cancelRef} onClick={onCancel} disabled={busy}>
            {cancelLabel ?? t('common.cancel')}
          </Button>
        </div>
      </form>
    </dialog>,
    document.body,
  )
}
