import { forwardRef, useId, type ButtonHTMLAttributes, type MouseEvent } from 'react'
import './components.css'

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  variant?: 'default' | 'primary' | 'danger' | 'link'
  /**
   * Why the button cannot be used now. Set, the button is disabled and says why: next to it on
   * screen, in its tooltip and to screen readers (aria-describedby). A clerk's click on it then
   * answers with the reason instead of doing nothing silently.
   */
  disabledReason?: string | null | undefined
  /** Disabled with no reason to give (the reason is already on screen nearby). Prefer disabledReason. */
  disabled?: boolean | undefined
  /** The action it started is running: the button shows a spinner and does not start it again. */
  busy?: boolean | undefined
}

/**
 * The program's button. A disabled button stays in the tab order (aria-disabled rather than the
 * `disabled` attribute) so a keyboard user reaches it and hears why; clicks on it, and the form
 * submission it would trigger, are swallowed. A busy button is disabled the same way.
 */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'default', disabledReason, disabled, busy, className, onClick, type = 'button', children, title, ...rest },
  ref,
) {
  const reasonId = useId()
  const off = Boolean(disabledReason) || Boolean(disabled) || Boolean(busy)
  const classes = ['btn', variant === 'default' ? null : variant, off ? 'btn--disabled' : null, busy ? 'btn--busy' : null, className]
    .filter(Boolean)
    .join(' ')
  const describedBy = [rest['aria-describedby'], disabledReason && !busy ? reasonId : null].filter(Boolean).join(' ') || undefined
  const handle = (e: MouseEvent<HTMLButtonElement>) => {
    if (off) {
      e.preventDefault()
      return
    }
    onClick?.(e)
  }
  return (
    <span className="btn-wrap">
      <button
        {...rest}
        ref={ref}
        type={type}
        className={classes}
        aria-disabled={off || undefined}
        aria-busy={busy || undefined}
        aria-describedby={describedBy}
        title={disabledReason && !busy ? disabledReason : title}
        onClick={handle}
      >
        {children}
      </button>
      {disabledReason && !busy ? (
        <span id={reasonId} className="btn__reason">
          {disabledReason}
        </span>
      ) : null}
    </span>
  )
})
