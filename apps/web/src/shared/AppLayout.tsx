import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  BarChartOutlined,
  BookOutlined,
  CheckSquareOutlined,
  CommentOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileTextOutlined,
  GiftOutlined,
  HourglassOutlined,
  LogoutOutlined,
  ProfileOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShoppingOutlined,
  SmileOutlined,
  StarOutlined,
  PhoneOutlined,
  TeamOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Avatar, Badge, Button, Layout, Menu, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { DESK_ROLES, LEAD_ROLES, useAuth } from '../auth.tsx';
import { useUnreadTotal } from '../features/chat/store.ts';
import { DefectAlarmMenuLabel } from '../features/defects/DefectAlarmMenuLabel.tsx';
import { ApprovalsMenuLabel } from '../features/approvals/ApprovalsMenuLabel.tsx';
import { enumLabel, useI18n, type Lang } from '../i18n.ts';

/** 管理: the console's pages, in one sub-menu (open while one of them is shown). */
const ADMIN_PAGES = [
  'settings',
  'admin/staff',
  'admin/groups',
  'admin/tokens',
  'admin/sla',
  'admin/quality',
  'admin/segments',
  'admin/outreach',
  'admin/jobs',
  'admin/webhooks',
  'admin/channels',
  'admin/audit',
];

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
                  : pathname.startsWith('/admin/webhooks')
                    ? 'admin/webhooks'
                    : pathname.startsWith('/admin/sla')
                      ? 'admin/sla'
                      : pathname.startsWith('/sla/board')
                        ? 'sla/board'
                        : pathname.startsWith('/approvals')
                          ? 'approvals'
                          : pathname.startsWith('/aftersales')
                            ? 'aftersales'
                            : pathname.startsWith('/reviews')
                              ? 'reviews'
                              : pathname.startsWith('/follow-ups')
                                ? 'follow-ups'
                                : 'tickets';
  // Report pages: /reports (and /dashboard) is the dashboard, /reports/<page>[/…] its siblings in the 报表 sub-menu.
  const reportPage =
    pathname === '/reports' || pathname === '/dashboard'
      ? 'reports'
      : pathname.startsWith('/reports/')
        ? pathname.split('/').slice(1, 3).join('/')
        : null;
  // Quality pages: 质检 and an inspection under it (supervisors), 我的质检 (an agent's inspections too), 质检规则.
  const qualityPage = pathname.startsWith('/admin/quality')
    ? 'admin/quality'
    : pathname.startsWith('/quality')
      ? LEAD_ROLES.includes(user.role) && pathname !== '/quality/mine'
        ? 'quality'
        : 'quality/mine'
      : null;
  const adminPage = ADMIN_PAGES.find((page) => pathname.startsWith(`/${page}`)) ?? null;
  const surveysPage = pathname.startsWith('/surveys') ? 'surveys' : pathname.startsWith('/care') ? 'care' : null;
  const ownersPage = pathname.startsWith('/customers/owners') ? 'customers/owners' : null;
  const menuKey = adminPage ?? reportPage ?? qualityPage ?? surveysPage ?? ownersPage ?? section;
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
          { key: 'approvals', icon: <CheckSquareOutlined />, label: <ApprovalsMenuLabel /> },
        ]
      : []),
    ...(LEAD_ROLES.includes(user.role)
      ? [
          {
            key: 'reports-menu',
            icon: <BarChartOutlined />,
            label: t('nav.reports'),
            children: [
              { key: 'reports', label: t('nav.reportsDashboard') },
              { key: 'reports/agents', label: t('nav.reportsAgents') },
              { key: 'reports/questions', label: t('nav.reportsQuestions') },
              { key: 'reports/alarms', label: <DefectAlarmMenuLabel /> },
              { key: 'reports/briefs', label: t('nav.briefs') },
            ],
          },
        ]
      : []),
    // The product department gets the quality alarms without the rest of 报表.
    ...(user.role === 'product' ? [{ key: 'reports/alarms', icon: <AlertOutlined />, label: <DefectAlarmMenuLabel /> }] : []),
    ...(user.role === 'product' ? [{ key: 'reports/briefs', icon: <FileTextOutlined />, label: t('nav.briefs') }] : []),
    ...(LEAD_ROLES.includes(user.role) ? [{ key: 'quality', icon: <SafetyCertificateOutlined />, label: t('nav.quality') }] : []),
    ...(LEAD_ROLES.includes(user.role) ? [{ key: 'surveys', icon: <SmileOutlined />, label: t('nav.surveys') }] : []),
    ...(LEAD_ROLES.includes(user.role) ? [{ key: 'care', icon: <GiftOutlined />, label: t('nav.care') }] : []),
    ...(user.role === 'agent' ? [{ key: 'quality/mine', icon: <SafetyCertificateOutlined />, label: t('nav.qualityMine') }] : []),
    { key: 'tickets', icon: <ProfileOutlined />, label: t('nav.tickets') },
    ...(desk ? [{ key: 'aftersales', icon: <RollbackOutlined />, label: t('nav.aftersales') }] : []),
    ...(desk ? [{ key: 'reviews', icon: <StarOutlined />, label: t('nav.reviews') }] : []),
    ...(desk ? [{ key: 'follow-ups', icon: <PhoneOutlined />, label: t('nav.followUps') }] : []),
    { key: 'orders', icon: <ShoppingOutlined />, label: t('nav.orders') },
    ...(desk ? [{ key: 'customers', icon: <TeamOutlined />, label: t('nav.customers') }] : []),
    ...(LEAD_ROLES.includes(user.role) ? [{ key: 'customers/owners', icon: <UserSwitchOutlined />, label: t('nav.customerOwners') }] : []),
    { key: 'products', icon: <AppstoreOutlined />, label: t('nav.products') },
    { key: 'knowledge', icon: <BookOutlined />, label: t('nav.knowledge') },
    { key: 'tasks', icon: <ApartmentOutlined />, label: t('nav.tasks') },
    ...(LEAD_ROLES.includes(user.role)
      ? [
          {
            key: 'admin-menu',
            icon: <SettingOutlined />,
            label: t('nav.adminSection'),
            children: [
              { key: 'settings', label: t('nav.settings') },
              { key: 'admin/staff', label: t('nav.staff') },
              ...(user.role === 'admin'
                ? [
                    { key: 'admin/groups', label: t('nav.groups') },
                    { key: 'admin/tokens', label: t('nav.tokens') },
                  ]
                : []),
              { key: 'admin/sla', label: t('nav.sla') },
              { key: 'admin/quality', label: t('nav.qualityRules') },
              { key: 'admin/segments', label: t('nav.segments') },
              { key: 'admin/outreach', label: t('nav.outreach') },
              { key: 'admin/audit', label: t('nav.audit') },
              ...(user.role === 'admin'
                ? [
                    { key: 'admin/jobs', label: t('nav.jobs') },
                    { key: 'admin/channels', label: t('nav.channels') },
                    { key: 'admin/webhooks', label: t('nav.webhooks') },
                  ]
                : []),
            ],
          },
        ]
      : []),
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
          selectedKeys={[menuKey]}
          defaultOpenKeys={[...(reportPage ? ['reports-menu'] : []), ...(adminPage ? ['admin-menu'] : [])]}
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
