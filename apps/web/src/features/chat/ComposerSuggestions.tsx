import { BulbOutlined, ShoppingOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useI18n } from '../../i18n.ts';
import type { Suggestions } from './state.ts';

/** The knowledge's best answers to the shopper's latest text (Alt+1…3 takes one), and product cards to send. */
export function ComposerSuggestions({
  suggested,
  disabled,
  onTake,
  onSendProduct,
}: {
  suggested: Suggestions;
  disabled: boolean;
  onTake(answer: string): void;
  onSendProduct(productId: number): void;
}) {
  const { t } = useI18n();
  return (
    <div className="kefu-suggestions" data-testid="suggestions">
      <span className="kefu-suggestions-title">
        <BulbOutlined /> {t('chat.suggestions')}
        {suggested.intent !== 'other' ? ` · ${t(`chat.intent.${suggested.intent}` as 'chat.suggestions')}` : ''}
      </span>
      {suggested.items.slice(0, 3).map((item, i) => (
        <Tooltip key={item.id} title={item.answer} placement="top">
          <button
            type="button"
            className={`kefu-suggestion${item.confidence >= 0.6 ? ' is-sure' : ''}`}
            data-testid="suggestion"
            onClick={() => onTake(item.answer)}
            aria-keyshortcuts={`Alt+${i + 1}`}
          >
            <span className="kefu-ellipsis">{item.question}</span>
            <span className="kefu-suggestion-score">{Math.round(item.confidence * 100)}%</span>
          </button>
        </Tooltip>
      ))}
      {suggested.products.map((p) => (
        <button
          key={`p${p.id}`}
          type="button"
          className="kefu-suggestion is-product"
          data-testid="suggested-product"
          disabled={disabled}
          onClick={() => onSendProduct(p.id)}
          title={t('chat.sendProductCard')}
        >
          <ShoppingOutlined /> <span className="kefu-ellipsis">{p.name}</span>
        </button>
      ))}
    </div>
  );
}
