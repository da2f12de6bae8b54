import { useRef, type ReactNode } from 'react'
import { t } from '../i18n'

/**
 * A card whose chart can be printed on its own: the print stylesheet hides everything but the card
 * marked for printing, then the OS print dialog (Electron's, in the app) takes over.
 */
export function PrintableCard({ title, children }: { title: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null)
  return (
    <section className="card" ref={ref} aria-label={title}>
      <header className="card__head">
        <h2>{title}</h2>
        <button
          type="button"
          className="link"
          onClick={() => {
            ref.current?.classList.add('print-target')
            document.body.classList.add('printing-one')
            window.print()
            document.body.classList.remove('printing-one')
            ref.current?.classList.remove('print-target')
          }}
        >
          {t('overview.print')}
        </button>
      </header>
      {children}
    </section>
  )
}
