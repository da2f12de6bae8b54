import { t } from '../i18n'

/** Pages the later releases fill in; the navigation is already in place. */
export function PlaceholderPage({ title }: { title: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p className="muted">{t('placeholder.text', { title })}</p>
    </section>
  )
}
