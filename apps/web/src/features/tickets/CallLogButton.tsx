import { PhoneOutlined } from '@ant-design/icons';
import type { ManualCallInput } from '@kefu/protocol/api/calls';
import type { z } from 'zod';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';

interface Fields {
  direction: 'in' | 'out';
  minutes: number;
  seconds: number;
  note: string;
}

/** 记录通话: an agent logs a phone call on the ticket (a phone order, a call-back); it goes on the timeline. */
export function CallLogButton({ ticketId, onLogged }: { ticketId: number; onLogged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Fields>();

  async function save(fields: Fields) {
    setSaving(true);
    try {
      const body: z.input<typeof ManualCallInput> = {
        direction: fields.direction,
        durationSeconds: (fields.minutes ?? 0) * 60 + (fields.seconds ?? 0),
        note: fields.note,
      };
      await api.post(`/api/tickets/${ticketId}/calls`, body);
      void message.success(t('call.logged'));
      setOpen(false);
      form.resetFields();
      onLogged();
    } catch (err) {
      void message.error(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button size="small" icon={<PhoneOutlined />} onClick={() => setOpen(true)} data-testid="call-log-open">
        {t('call.log')}
      </Button>
      <Modal
        open={open}
        title={t('call.log')}
        okText={t('call.save')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<Fields>
          form={form}
          layout="vertical"
          initialValues={{ direction: 'out', minutes: 0, seconds: 0 }}
          onFinish={save}
          data-testid="call-log-form"
        >
          <Form.Item name="direction" label={t('call.direction')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'out', label: t('call.direction.out') },
                { value: 'in', label: t('call.direction.in') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('call.duration')} extra={t('call.durationHint')}>
            <Flex gap={8}>
              <Form.Item name="minutes" noStyle>
                <InputNumber min={0} max={1440} addonAfter={t('call.minutes')} style={{ width: 140 }} data-testid="call-minutes" />
              </Form.Item>
              <Form.Item name="seconds" noStyle>
                <InputNumber min={0} max={59} addonAfter={t('call.seconds')} style={{ width: 130 }} />
              </Form.Item>
            </Flex>
          </Form.Item>
          <Form.Item name="note" label={t('call.note')} rules={[{ required: true, whitespace: true, message: t('call.noteRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('call.notePlaceholder')} data-testid="call-note" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
