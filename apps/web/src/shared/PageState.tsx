import { Button, Result, Spin } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../api.ts';
import { errorText } from './errors.ts';
import { useI18n, type MessageKey } from '../i18n.ts';

/** Loading, "not found" or error in place of a page's content: never a blank page. */
export function PageState({
  loading,
  error,
  notFoundKey,
  onRetry,
  backTo,
}: {
  loading?: boolean;
  error?: unknown;
  notFoundKey?: MessageKey;
  onRetry?: () => void;
  backTo?: string;
}) {
  const { t } = useI18n();
  if (error) {
    if (error instanceof ApiError && error.status === 404 && notFoundKey) {
      return (
        <Result
          status="404"
          title={t(notFoundKey)}
          extra={
            backTo && (
              <Link to={backTo}>
                <Button type="primary">{t('common.backToList')}</Button>
              </Link>
            )
          }
        />
      );
    }
    return (
      <Result
        status="warning"
        title={t('common.error')}
        subTitle={errorText(t, error)}
        extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
      />
    );
  }
  if (loading)
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  return null;
}
