import { DeleteOutlined, EditOutlined, MoreOutlined, SaveOutlined, SyncOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Dropdown, Flex, Form, Input, Modal, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { useI18n } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { filtersOf, paramsOf, showsView, ticketViewsApi, type TicketView } from './ticketViewsApi.ts';

/**
 * Saved views on the ticket list: the team's shared views and the viewer's own, one click each. The current filters
 * can be saved under a name (shared with the team by supervisors and admins), and a view the viewer may edit can be
 * updated to the current filters, renamed or deleted.
 */
export function TicketViewsBar() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const lead = LEAD_ROLES.includes(useAuth().user.role);
  const [params, setParams] = useSearchParams();
  const views = useAsync(() => ticketViewsApi.list(), []);
  const [editing, setEditing] = useState<TicketView | 'new' | null>(null);

  async function act(run: () => Promise<unknown>, done: string) {
    try {
      await run();
      message.success(done);
      views.reload();
    } catch (err) {
      message.error(errorText(t, err));
      views.reload();
    }
  }

  const menu = (view: TicketView) => ({
    items: [
      { key: 'update', icon: <SyncOutlined />, label: t('views.update') },
      { key: 'rename', icon: <EditOutlined />, label: t('views.rename') },
      { key: 'delete', icon: <DeleteOutlined />, danger: true, label: t('views.delete') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'update') void act(() => ticketViewsApi.change(view.id, { version: view.version, filters: filtersOf(params) }), t('views.updated'));
      if (key === 'rename') setEditing(view);
      if (key === 'delete')
        modal.confirm({
          title: t('views.deleteConfirm', { name: view.name }),
          okButtonProps: { danger: true },
          onOk: () => act(() => ticketViewsApi.remove(view.id, view.version), t('views.deleted')),
        });
    },
  });

  return (
    <Flex wrap align="center" gap={6} style={{ marginBottom: 12 }} data-testid="saved-views">
      <Typography.Text type="secondary">{t('views.title')}</Typography.Text>
      {(views.data ?? []).map((view) => (
        <span key={view.id} className="kefu-saved-view">
          <Tag.CheckableTag
            checked={showsView(params, view.filters)}
            onChange={() => setParams(paramsOf(view.filters))}
            data-testid={`view-${view.name}`}
          >
            {view.shared && (
              <Tooltip title={t('views.sharedHint')}>
                <TeamOutlined style={{ marginRight: 4 }} />
              </Tooltip>
            )}
            {view.name}
          </Tag.CheckableTag>
          {view.editable && (
            <Dropdown menu={menu(view)} trigger={['click']}>
              <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('views.manage', { name: view.name })} />
            </Dropdown>
          )}
        </span>
      ))}
      <Button type="link" size="small" icon={<SaveOutlined />} onClick={() => setEditing('new')} data-testid="save-view">
        {t('views.save')}
      </Button>
      <ViewModal
        view={editing}
        lead={lead}
        onClose={() => setEditing(null)}
        onSaved={(name) => {
          setEditing(null);
          message.success(t('views.saved', { name }));
          views.reload();
        }}
        filters={() => filtersOf(params)}
      />
    </Flex>
  );
}

function ViewModal({
  view,
  lead,
  filters,
  onClose,
  onSaved,
}: {
  view: TicketView | 'new' | null;
  lead: boolean;
  filters(): ReturnType<typeof filtersOf>;
  onClose(): void;
  onSaved(name: string): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const existing = view !== 'new' ? view : null;

  async function save() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      const name = values.name.trim();
      if (existing) await ticketViewsApi.change(existing.id, { version: existing.version, name });
      else await ticketViewsApi.create({ name, filters: filters(), shared: lead && Boolean(values.shared) });
      onSaved(name);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={view !== null}
      title={existing ? t('views.rename') : t('views.saveTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void save()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'view-ok' }}
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ name: existing?.name ?? '', shared: false }}>
        <Form.Item name="name" label={t('views.name')} rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }]}>
          <Input maxLength={40} placeholder={t('views.namePlaceholder')} autoFocus onPressEnter={() => void save()} data-testid="view-name" />
        </Form.Item>
        {!existing && lead && (
          <Form.Item name="shared" valuePropName="checked" extra={t('views.sharedHint')}>
            <Checkbox data-testid="view-shared">{t('views.share')}</Checkbox>
          </Form.Item>
        )}
        {!existing && <Typography.Text type="secondary">{t('views.saveHint')}</Typography.Text>}
      </Form>
    </Modal>
  );
}
