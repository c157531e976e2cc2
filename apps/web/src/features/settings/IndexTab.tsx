import {
  ApiOutlined,
  AuditOutlined,
  ClusterOutlined,
  FieldTimeOutlined,
  ReconciliationOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { useI18n, type MessageKey } from '../../i18n.ts';

interface AdminLink {
  to: string;
  key: string;
  icon: React.ReactNode;
  roles: readonly string[];
}

const ADMIN = ['admin'];

/** Every admin page, reachable from one place; each shows only to those who may open it. */
const LINKS: AdminLink[] = [
  { to: '/admin/staff', key: 'staff', icon: <TeamOutlined />, roles: ADMIN },
  { to: '/admin/groups', key: 'groups', icon: <ClusterOutlined />, roles: ADMIN },
  { to: '/admin/sla', key: 'sla', icon: <ScheduleOutlined />, roles: LEAD_ROLES },
  { to: '/admin/quality', key: 'quality', icon: <SafetyCertificateOutlined />, roles: LEAD_ROLES },
  { to: '/admin/tokens', key: 'tokens', icon: <ApiOutlined />, roles: ADMIN },
  { to: '/admin/jobs', key: 'jobs', icon: <FieldTimeOutlined />, roles: ADMIN },
  { to: '/admin/audit', key: 'audit', icon: <AuditOutlined />, roles: LEAD_ROLES },
];

export function IndexTab() {
  const { t } = useI18n();
  const { user } = useAuth();
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <ReconciliationOutlined /> {t('settings.index.console')}
      </Typography.Title>
      <Row gutter={[16, 16]} data-testid="settings-index">
        {LINKS.filter((l) => l.roles.includes(user.role)).map((l) => (
          <Col key={l.key} xs={24} sm={12} lg={8} xl={6}>
            <Link to={l.to} data-testid={`settings-link-${l.key}`}>
              <Card hoverable size="small" className="kefu-settings-link">
                <div className="kefu-settings-link-icon">{l.icon}</div>
                <div>
                  <Typography.Text strong>{t(`settings.link.${l.key}` as MessageKey)}</Typography.Text>
                  <div className="kefu-small kefu-muted">{t(`settings.link.${l.key}Hint` as MessageKey)}</div>
                </div>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
