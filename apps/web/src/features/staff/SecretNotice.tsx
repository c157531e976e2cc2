import { Alert, Descriptions, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';

export interface Secret {
  title: ReactNode;
  warning: ReactNode;
  rows: { label: ReactNode; value: string; secret?: boolean }[];
}

/** A password or token shown this once, with a copy button; closing it is the last chance to see it. */
export function SecretNotice({ secret, onClose }: { secret: Secret | null; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={secret !== null}
      title={secret?.title}
      onOk={onClose}
      onCancel={onClose}
      okText={t('staff.secret.done')}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
      width={520}
    >
      {secret && (
        <div data-testid="secret-notice">
          <Alert type="warning" showIcon title={secret.warning} style={{ marginBottom: 16 }} />
          <Descriptions column={1} bordered size="small">
            {secret.rows.map((row, i) => (
              <Descriptions.Item key={i} label={row.label}>
                <Typography.Text
                  className="kefu-mono"
                  strong={row.secret}
                  copyable={{ text: row.value, tooltips: [t('staff.secret.copy'), t('staff.secret.copied')] }}
                  data-testid={row.secret ? 'secret-value' : undefined}
                >
                  {row.value}
                </Typography.Text>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </div>
      )}
    </Modal>
  );
}
