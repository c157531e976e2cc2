import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n.ts';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      extra={
        <Link to="/tickets">
          <Button type="primary">{t('nav.tickets')}</Button>
        </Link>
      }
    />
  );
}
