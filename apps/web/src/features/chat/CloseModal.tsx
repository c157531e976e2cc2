import { Modal, Radio, Space } from 'antd';
import { useState } from 'react';
import { enumLabel, useI18n } from '../../i18n.ts';
import { chatStore } from './store.ts';
import { CLOSE_REASONS, type Conversation } from './types.ts';

/** 结束会话 with a reason. */
export function CloseModal({ conversation, open, onClose }: { conversation: Conversation; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState<string>('resolved');
  return (
    <Modal
      open={open}
      title={t('chat.close')}
      okText={t('chat.close')}
      okButtonProps={{ danger: true, 'data-testid': 'close-ok' }}
      onCancel={onClose}
      onOk={() => {
        chatStore().command({ type: 'close', conversationId: conversation.id, reason });
        onClose();
      }}
      destroyOnHidden
      width={380}
    >
      <Radio.Group value={reason} onChange={(e) => setReason(e.target.value as string)} data-testid="close-reason">
        <Space orientation="vertical">
          {CLOSE_REASONS.map((r) => (
            <Radio key={r} value={r}>
              {enumLabel(t, 'chat.closeReason', r)}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </Modal>
  );
}
