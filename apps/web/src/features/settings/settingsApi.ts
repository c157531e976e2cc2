/** The shop's settings as the settings page calls them; shapes are the server's wire types. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  BotSettingsAnswer,
  ForbiddenPhrase as ForbiddenPhraseSchema,
  ForbiddenPhraseList,
  RotatedSecret as RotatedSecretSchema,
  Shop as ShopSchema,
  ShopList,
} from '@kefu/protocol/api/conversations';
import type { QuickReply as QuickReplySchema, QuickReplyAnswer, QuickReplyList } from '@kefu/protocol/api/scripts';
import type { AfterSalePolicy as AfterSalePolicySchema, OrderChecks as OrderChecksSchema, SavedSetting } from '@kefu/protocol/api/settings';
import { api, type Settings } from '../../api.ts';

export type Shop = Wire<typeof ShopSchema>;
export type RotatedSecret = Wire<typeof RotatedSecretSchema>;
export type QuickReply = Wire<typeof QuickReplySchema>;
export type ForbiddenPhrase = Wire<typeof ForbiddenPhraseSchema>;
export type OrderChecks = Wire<typeof OrderChecksSchema>;
export type AfterSalePolicy = Wire<typeof AfterSalePolicySchema>;
export interface QuickReplyInput {
  title: string;
  body: string;
  shortcut: string | null;
}

export const settingsApi = {
  shops: () => api.get<Wire<typeof ShopList>>('/api/shops').then((r) => r.shops),
  rotateSecret: (shopId: number, reason: string) => api.post<RotatedSecret>(`/api/shops/${shopId}/identity-secret`, reason ? { reason } : {}),
  setBot: (shopId: number, bot: { enabled: boolean; threshold: number }) => api.put<Wire<typeof BotSettingsAnswer>>(`/api/shops/${shopId}/bot`, bot),
  settings: () => api.get<Settings>('/api/settings').then((r) => r.settings),
  putSetting: <K extends 'orderChecks' | 'afterSalePolicy'>(
    key: K,
    value: K extends 'orderChecks' ? OrderChecks : AfterSalePolicy,
    version: number,
  ) => api.put<Wire<typeof SavedSetting>>(`/api/settings/${key}`, { value, version }),
  quickReplies: () => api.get<Wire<typeof QuickReplyList>>('/api/quick-replies').then((r) => r.quickReplies.filter((q) => q.scope === 'shared')),
  createQuickReply: (input: QuickReplyInput) => api.post<Wire<typeof QuickReplyAnswer>>('/api/quick-replies', { scope: 'shared', ...input }),
  updateQuickReply: (id: number, version: number, input: QuickReplyInput) =>
    api.patch<Wire<typeof QuickReplyAnswer>>(`/api/quick-replies/${id}`, { ...input, version }),
  deleteQuickReply: (id: number) => api.delete(`/api/quick-replies/${id}`),
  phrases: () => api.get<Wire<typeof ForbiddenPhraseList>>('/api/forbidden-phrases').then((r) => r.phrases),
  addPhrase: (phrase: string, suggestion: string) => api.post('/api/forbidden-phrases', { phrase, suggestion }),
  deletePhrase: (id: number) => api.delete(`/api/forbidden-phrases/${id}`),
};

/** The `<script>` tag a shop puts on its pages (apps/widget/src/widget.ts reads data-shop, data-lang, data-identity). */
export function embedCode(origin: string, shopKey: string, lang: 'zh' | 'en'): string {
  const langAttr = lang === 'en' ? ' data-lang="en"' : '';
  return `<script src="${origin}/widget/widget.js" data-shop="${shopKey}"${langAttr} async></script>`;
}
