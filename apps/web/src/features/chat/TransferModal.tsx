import { Form, Input, Modal, Segmented, Select } from 'antd';
import { useState } from 'react';
import { DESK_ROLES } from '../../auth.tsx';
import { useDirectory } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { chatStore } from './store.ts';
import type { Conversation } from './types.ts';

/** 转接: to another agent or to a skill group, with a note for the colleague. */
export function TransferModal({ conversation, open, onClose }: { conversation: Conversation; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { users, groups } = useDirectory();
  const [to, setTo] = useState<'agent' | 'group'>('agent');
  const [target, setTarget] = useState<number | undefined>();
  const [note, setNote] = useState('');
  const me = chatStore().state.agent?.id;
  const agents = users.filter((u) => u.active && DESK_ROLES.includes(u.role) && u.id !== me);

  function submit() {
    if (!target) return;
    chatStore().command({
      type: 'transfer',
      conversationId: conversation.id,
      ...(to === 'agent' ? { toAgentId: target } : { toGroupId: target }),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    setTarget(undefined);
    setNote('');
    onClose();
  }

  return (
    <Modal
      open={open}
      title={t('chat.transfer')}
      onCancel={onClose}
      onOk={submit}
      okButtonProps={{ disabled: !target, 'data-testid': 'transfer-ok' }}
      okText={t('chat.transfer')}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item>
          <Segmented<'agent' | 'group'>
            value={to}
            onChange={(v) => {
              setTo(v);
              setTarget(undefined);
            }}
            options={[
              { value: 'agent', label: t('chat.transferToAgent') },
              { value: 'group', label: t('chat.transferToGroup') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t(to === 'agent' ? 'chat.transferToAgent' : 'chat.transferToGroup')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={target}
            onChange={setTarget}
            data-testid="transfer-target"
            options={
              to === 'agent' ? agents.map((u) => ({ value: u.id, label: u.displayName })) : groups.map((g) => ({ value: g.id, label: g.name }))
            }
          />
        </Form.Item>
        <Form.Item label={t('chat.transferNote')}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={500}
            placeholder={t('chat.transferNotePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
