import type { OfficeProfile } from '@shared/domain/office'
import { t } from '../i18n'
import { PlaceholderPage } from '../placeholder/PlaceholderPage'

export function ReviewPage(_props: { office: OfficeProfile }) {
  return <PlaceholderPage title={t('nav.review')} />
}
