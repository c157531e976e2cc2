import {
  ApartmentOutlined,
  AppstoreOutlined,
  BookOutlined,
  CommentOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  HourglassOutlined,
  LogoutOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  ShoppingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Badge, Button, Layout, Menu, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { DESK_ROLES, LEAD_ROLES, useAuth } from '../auth.tsx';
import { useUnreadTotal } from '../features/chat/store.ts';
import { enumLabel, useI18n, type Lang } from '../i18n.ts';

export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const section = pathname.startsWith('/chat/monitor')
    ? 'chat/monitor'
    : pathname.startsWith('/chat')
      ? 'chat'
      : pathname.startsWith('/customers')
        ? 'customers'
        : pathname.startsWith('/orders')
          ? 'orders'
          : pathname.startsWith('/tasks')
            ? 'tasks'
            : pathname.startsWith('/products')
              ? 'products'
              : pathname.startsWith('/knowledge')
                ? 'knowledge'
                : pathname.startsWith('/admin/jobs')
                  ? 'admin/jobs'
                  : pathname.startsWith('/admin/sla')
                    ? 'admin/sla'
                    : pathname.startsWith('/sla/board')
                      ? 'sla/board'
                      : 'tickets';
  const desk = DESK_ROLES.includes(user.role);
  const unread = useUnreadTotal(desk && section === 'chat');
  const items = [
    ...(desk
      ? [
          {
            key: 'chat',
            icon: <CommentOutlined />,
            label: (
              <span className="kefu-menu-chat">
                {t('nav.chat')}
                <Badge count={unread} size="small" />
              </span>
            ),
          },
        ]
      : []),
    ...(LEAD_ROLES.includes(user.role)
      ? [
          { key: 'chat/monitor', icon: <DashboardOutlined />, label: t('nav.monitor') },
          { key: 'sla/board', icon: <HourglassOutlined />, label: t('nav.slaBoard') },
        ]
      : []),
    { key: 'tickets', icon: <ProfileOutlined />, label: t('nav.tickets') },
    { key: 'orders', icon: <ShoppingOutlined />, label: t('nav.orders') },
    ...(desk ? [{ key: 'customers', icon: <TeamOutlined />, label: t('nav.customers') }] : []),
    { key: 'products', icon: <AppstoreOutlined />, label: t('nav.products') },
    { key: 'knowledge', icon: <BookOutlined />, label: t('nav.knowledge') },
    { key: 'tasks', icon: <ApartmentOutlined />, label: t('nav.tasks') },
    ...(user.role === 'admin' ? [{ key: 'admin/jobs', icon: <FieldTimeOutlined />, label: t('nav.jobs') }] : []),
    ...(LEAD_ROLES.includes(user.role) ? [{ key: 'admin/sla', icon: <ScheduleOutlined />, label: t('nav.sla') }] : []),
  ];
  const flush = pathname === '/chat';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} breakpoint="lg" collapsedWidth={64} style={{ background: '#0d5f6b' }}>
        <div className="kefu-logo">
          <span className="kefu-logo-mark">
            <CustomerServiceOutlined />
          </span>
          <span>{t('app.name')}</span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[section]}
          items={items}
          onClick={({ key }) => navigate(`/${key}`)}
          style={{ background: 'transparent', borderInlineEnd: 0 }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="kefu-header">
          <Segmented<Lang>
            size="small"
            value={lang}
            onChange={setLang}
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'EN' },
            ]}
            aria-label={t('header.language')}
          />
          <Space size={8}>
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#0f7b8a' }} />
            <Typography.Text strong data-testid="current-user">
              {user.displayName}
            </Typography.Text>
            <Tag variant="filled">{enumLabel(t, 'role', user.role)}</Tag>
          </Space>
          <Tooltip title={t('header.logout')}>
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()} aria-label={t('header.logout')} />
          </Tooltip>
        </Layout.Header>
        <Layout.Content className={flush ? 'kefu-content kefu-content-flush' : 'kefu-content'}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
