import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { api, setUnauthorizedHandler, type Me, type MeAnswer } from './api.ts';
import { AuthContext, DESK_ROLES, LEAD_ROLES, type Auth } from './auth.tsx';
import { AppLayout } from './shared/AppLayout.tsx';
import { PRIMARY } from './shared/colors.ts';
import { dayjs } from './shared/format.ts';
import { forgetDirectory } from './shared/hooks.ts';
import { I18nContext, storedLang, storeLang, translator, type I18n, type Lang } from './i18n.ts';
import { ChatPage } from './features/chat/ChatPage.tsx';
import { MonitorPage } from './features/chat/MonitorPage.tsx';
import { SlaNotifications } from './features/chat/SlaNotifications.tsx';
import { stopChat } from './features/chat/store.ts';
import { CustomerListPage } from './features/customers/CustomerListPage.tsx';
import { CustomerPage } from './features/customers/CustomerPage.tsx';
import { OwnersPage } from './features/customers/OwnersPage.tsx';
import { JobsPage } from './features/jobs/JobsPage.tsx';
import { ChannelsPage } from './features/channels/ChannelsPage.tsx';
import { WebhooksPage } from './features/integrations/WebhooksPage.tsx';
import { KnowledgePage } from './features/knowledge/KnowledgePage.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { NotFoundPage } from './shared/NotFoundPage.tsx';
import { OrderListPage } from './features/orders/OrderListPage.tsx';
import { OrderPage } from './features/orders/OrderPage.tsx';
import { ProductListPage } from './features/products/ProductListPage.tsx';
import { ProductPage } from './features/products/ProductPage.tsx';
import { InspectionPage } from './features/quality/InspectionPage.tsx';
import { MyQualityPage } from './features/quality/MyQualityPage.tsx';
import { QualityPage } from './features/quality/QualityPage.tsx';
import { QualityRulesPage } from './features/quality/QualityRulesPage.tsx';
import { SegmentsPage } from './features/segments/SegmentsPage.tsx';
import { OutreachPage } from './features/outreach/OutreachPage.tsx';
import { CarePage } from './features/care/CarePage.tsx';
import { ReportsAgentsPage, ReportsDashboardPage, ReportsQuestionsPage } from './features/reports/lazy.tsx';
import { BriefDetailPage, BriefsListPage } from './features/briefs/lazy.tsx';
import { SurveysPage } from './features/surveys/SurveysPage.tsx';
import { DefectAlarmListPage } from './features/defects/DefectAlarmListPage.tsx';
import { DefectAlarmPage } from './features/defects/DefectAlarmPage.tsx';
import { ReviewListPage } from './features/reviews/ReviewListPage.tsx';
import { FollowUpsPage } from './features/follow-ups/FollowUpsPage.tsx';
import { ReviewPage } from './features/reviews/ReviewPage.tsx';
import { SlaBoardPage } from './features/sla/SlaBoardPage.tsx';
import { SlaPoliciesPage } from './features/sla/SlaPoliciesPage.tsx';
import { SettingsPage } from './features/settings/SettingsPage.tsx';
import { AuditPage } from './features/audit/AuditPage.tsx';
import { GroupsPage } from './features/staff/GroupsPage.tsx';
import { StaffPage } from './features/staff/StaffPage.tsx';
import { TokensPage } from './features/staff/TokensPage.tsx';
import { TaskListPage } from './features/tasks/TaskListPage.tsx';
import { TicketListPage } from './features/tickets/TicketListPage.tsx';
import { TicketPage } from './features/tickets/TicketPage.tsx';
import { ApprovalsPage } from './features/approvals/ApprovalsPage.tsx';
import { AfterSaleListPage } from './features/aftersales/AfterSaleListPage.tsx';

export function App() {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const i18n = useMemo<I18n>(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    return {
      lang,
      t: translator(lang),
      setLang: (next) => {
        storeLang(next);
        setLangState(next);
      },
    };
  }, [lang]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  return (
    <I18nContext.Provider value={i18n}>
      <ConfigProvider
        locale={lang === 'zh' ? zhCN : enUS}
        theme={{ token: { colorPrimary: PRIMARY, borderRadius: 6 } }}
        button={{ autoInsertSpace: false }}
      >
        <AntApp>
          <Session />
        </AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

/** Knows who is signed in and guards every page but the login page. */
function Session() {
  const [user, setUser] = useState<Me | null | undefined>(undefined);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    api.get<MeAnswer>('/api/auth/me').then(
      (r) => setUser(r.user),
      () => setUser(null),
    );
  }, []);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      stopChat();
      setUser(null);
    });
  }, []);

  const logout = useCallback(async () => {
    stopChat();
    await api.post('/api/auth/logout').catch(() => {});
    forgetDirectory();
    navigate('/login', { replace: true });
    setUser(null);
  }, [navigate]);
  const auth = useMemo<Auth | null>(() => (user ? { user, logout } : null), [user, logout]);

  if (user === undefined) return <Spin size="large" fullscreen />;
  if (!auth) {
    if (location.pathname === '/login')
      return (
        <LoginPage
          onLogin={(me) => {
            forgetDirectory();
            setUser(me);
          }}
        />
      );
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  // Quality alarms: supervisors, admins and the product department.
  const alarmReader = LEAD_ROLES.includes(auth.user.role) || auth.user.role === 'product';
  return (
    <AuthContext.Provider value={auth}>
      {DESK_ROLES.includes(auth.user.role) && <SlaNotifications />}
      <Routes>
        <Route path="/login" element={<AfterLogin home={DESK_ROLES.includes(auth.user.role) ? '/tickets' : '/tasks'} />} />
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to={DESK_ROLES.includes(auth.user.role) ? '/tickets' : '/tasks'} replace />} />
          <Route path="tickets" element={<TicketListPage />} />
          <Route path="tickets/:id" element={<TicketPage />} />
          <Route path="approvals" element={LEAD_ROLES.includes(auth.user.role) ? <ApprovalsPage /> : <NotFoundPage />} />
          <Route path="aftersales" element={DESK_ROLES.includes(auth.user.role) ? <AfterSaleListPage /> : <NotFoundPage />} />
          <Route path="reviews" element={DESK_ROLES.includes(auth.user.role) ? <ReviewListPage /> : <NotFoundPage />} />
          <Route path="follow-ups" element={DESK_ROLES.includes(auth.user.role) ? <FollowUpsPage /> : <NotFoundPage />} />
          <Route path="reviews/:id" element={DESK_ROLES.includes(auth.user.role) ? <ReviewPage /> : <NotFoundPage />} />
          <Route path="customers" element={<CustomerListPage />} />
          <Route path="customers/owners" element={LEAD_ROLES.includes(auth.user.role) ? <OwnersPage /> : <NotFoundPage />} />
          <Route path="customers/:id" element={<CustomerPage />} />
          <Route path="orders" element={<OrderListPage />} />
          <Route path="orders/:id" element={<OrderPage />} />
          <Route path="products" element={<ProductListPage />} />
          <Route path="products/:id" element={<ProductPage />} />
          <Route path="knowledge" element={<KnowledgePage />} />
          <Route path="tasks" element={<TaskListPage />} />
          <Route path="chat" element={DESK_ROLES.includes(auth.user.role) ? <ChatPage /> : <NotFoundPage />} />
          <Route path="chat/monitor" element={LEAD_ROLES.includes(auth.user.role) ? <MonitorPage /> : <NotFoundPage />} />
          <Route path="sla/board" element={LEAD_ROLES.includes(auth.user.role) ? <SlaBoardPage /> : <NotFoundPage />} />
          <Route path="admin/jobs" element={auth.user.role === 'admin' ? <JobsPage /> : <NotFoundPage />} />
          <Route path="admin/webhooks" element={auth.user.role === 'admin' ? <WebhooksPage /> : <NotFoundPage />} />
          <Route path="admin/channels" element={auth.user.role === 'admin' ? <ChannelsPage /> : <NotFoundPage />} />
          <Route path="admin/staff" element={LEAD_ROLES.includes(auth.user.role) ? <StaffPage /> : <NotFoundPage />} />
          <Route path="users" element={<Navigate to="/admin/staff" replace />} />
          <Route path="admin/groups" element={auth.user.role === 'admin' ? <GroupsPage /> : <NotFoundPage />} />
          <Route path="admin/tokens" element={auth.user.role === 'admin' ? <TokensPage /> : <NotFoundPage />} />
          <Route path="settings" element={LEAD_ROLES.includes(auth.user.role) ? <SettingsPage /> : <NotFoundPage />} />
          <Route path="admin/audit" element={LEAD_ROLES.includes(auth.user.role) ? <AuditPage /> : <NotFoundPage />} />
          <Route path="admin/sla" element={LEAD_ROLES.includes(auth.user.role) ? <SlaPoliciesPage /> : <NotFoundPage />} />
          <Route path="admin/quality" element={LEAD_ROLES.includes(auth.user.role) ? <QualityRulesPage /> : <NotFoundPage />} />
          <Route path="admin/segments" element={LEAD_ROLES.includes(auth.user.role) ? <SegmentsPage /> : <NotFoundPage />} />
          <Route path="admin/outreach" element={LEAD_ROLES.includes(auth.user.role) ? <OutreachPage /> : <NotFoundPage />} />
          <Route path="care" element={LEAD_ROLES.includes(auth.user.role) ? <CarePage /> : <NotFoundPage />} />
          <Route path="quality" element={LEAD_ROLES.includes(auth.user.role) ? <QualityPage /> : <NotFoundPage />} />
          <Route path="quality/mine" element={DESK_ROLES.includes(auth.user.role) ? <MyQualityPage /> : <NotFoundPage />} />
          <Route path="quality/:id" element={DESK_ROLES.includes(auth.user.role) ? <InspectionPage /> : <NotFoundPage />} />
          <Route path="reports" element={LEAD_ROLES.includes(auth.user.role) ? <ReportsDashboardPage /> : <NotFoundPage />} />
          <Route path="dashboard" element={LEAD_ROLES.includes(auth.user.role) ? <ReportsDashboardPage /> : <NotFoundPage />} />
          <Route path="reports/agents" element={LEAD_ROLES.includes(auth.user.role) ? <ReportsAgentsPage /> : <NotFoundPage />} />
          <Route path="reports/questions" element={LEAD_ROLES.includes(auth.user.role) ? <ReportsQuestionsPage /> : <NotFoundPage />} />
          <Route path="reports/alarms" element={alarmReader ? <DefectAlarmListPage /> : <NotFoundPage />} />
          <Route path="reports/alarms/:id" element={alarmReader ? <DefectAlarmPage /> : <NotFoundPage />} />
          {/* Briefs: supervisors and admins; the product department reads the monthly needs reports. */}
          <Route path="reports/briefs" element={alarmReader ? <BriefsListPage /> : <NotFoundPage />} />
          <Route path="reports/briefs/:id" element={alarmReader ? <BriefDetailPage /> : <NotFoundPage />} />
          <Route path="surveys" element={LEAD_ROLES.includes(auth.user.role) ? <SurveysPage /> : <NotFoundPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthContext.Provider>
  );
}

/** Signed in while on /login: go where the user was heading. */
function AfterLogin({ home }: { home: string }) {
  const next = new URLSearchParams(useLocation().search).get('next');
  return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : home} replace />;
}
