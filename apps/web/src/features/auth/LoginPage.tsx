import { CustomerServiceOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { api, type Me, type MeAnswer } from '../../api.ts';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { useI18n, type Lang } from '../../i18n.ts';

export function LoginPage({ onLogin }: { onLogin(user: Me): void }) {
  const { t, lang, setLang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.post<MeAnswer>('/api/auth/login', values);
      onLogin(user);
    } catch (err) {
      setError(isRefusal(err, 'bad_credentials') ? t('login.failed') : errorText(t, err));
      setBusy(false);
    }
  }

  return (
    <div className="kefu-login">
      <Card style={{ width: 380, boxShadow: '0 8px 30px rgba(15, 123, 138, 0.12)' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#0f7b8a' }}>
            <CustomerServiceOutlined /> {t('app.name')}
          </Typography.Title>
          <Segmented<Lang>
            size="small"
            value={lang}
            onChange={setLang}
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'EN' },
            ]}
          />
        </div>
        <Typography.Paragraph type="secondary">{t('login.title')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('login.required', { field: t('login.username') }) }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
