import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { OrderDetail } from './OrderDetail.tsx';
import { useI18n } from '../../i18n.ts';

export function OrderPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  return (
    <div>
      <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
        <Typography.Text className="kefu-muted">{t('order.title')}</Typography.Text>
      </Flex>
      <OrderDetail orderId={id} layout="page" />
    </div>
  );
}
