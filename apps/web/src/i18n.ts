import { createContext, useContext } from 'react';
import { commonEn, commonZh } from './i18n/common.ts';
import { ticketsEn, ticketsZh } from './i18n/tickets.ts';
import { customersEn, customersZh } from './i18n/customers.ts';
import { chatEn, chatZh } from './i18n/chat.ts';
import { ordersEn, ordersZh } from './i18n/orders.ts';
import { orderImportEn, orderImportZh } from './i18n/orderImport.ts';
import { aftersalesEn, aftersalesZh } from './i18n/aftersales.ts';
import { tasksEn, tasksZh } from './i18n/tasks.ts';
import { knowledgeEn, knowledgeZh } from './i18n/knowledge.ts';
import { productsEn, productsZh } from './i18n/products.ts';
import { jobsEn, jobsZh } from './i18n/jobs.ts';
import { channelsEn, channelsZh } from './i18n/channels.ts';
import { integrationsEn, integrationsZh } from './i18n/integrations.ts';
import { slaEn, slaZh } from './i18n/sla.ts';
import { complaintsEn, complaintsZh } from './i18n/complaints.ts';
import { qualityEn, qualityZh } from './i18n/quality.ts';
import { briefsEn, briefsZh } from './i18n/briefs.ts';
import { reportsEn, reportsZh } from './i18n/reports.ts';
import { defectsEn, defectsZh } from './i18n/defects.ts';
import { approvalsEn, approvalsZh } from './i18n/approvals.ts';
import { settingsEn, settingsZh } from './i18n/settings.ts';
import { auditEn, auditZh } from './i18n/audit.ts';
import { staffEn, staffZh } from './i18n/staff.ts';
import { ownersEn, ownersZh } from './i18n/owners.ts';
import { surveysEn, surveysZh } from './i18n/surveys.ts';
import { outreachEn, outreachZh } from './i18n/outreach.ts';
import { careEn, careZh } from './i18n/care.ts';
import { reviewsEn, reviewsZh } from './i18n/reviews.ts';
import { segmentsEn, segmentsZh } from './i18n/segments.ts';
import { followUpsEn, followUpsZh } from './i18n/followUps.ts';

/**
 * Every UI string, Simplified Chinese first, one file per feature under src/i18n/ (each exports `<feature>Zh` and
 * `<feature>En`). `{name}` marks a value filled in by `t`.
 */
const zh = {
  ...commonZh,
  ...ticketsZh,
  ...customersZh,
  ...chatZh,
  ...ordersZh,
  ...orderImportZh,
  ...aftersalesZh,
  ...tasksZh,
  ...knowledgeZh,
  ...productsZh,
  ...jobsZh,
  ...integrationsZh,
  ...channelsZh,
  ...slaZh,
  ...complaintsZh,
  ...qualityZh,
  ...briefsZh,
  ...reportsZh,
  ...defectsZh,
  ...approvalsZh,
  ...settingsZh,
  ...auditZh,
  ...staffZh,
  ...ownersZh,
  ...surveysZh,
  ...outreachZh,
  ...careZh,
  ...reviewsZh,
  ...followUpsZh,
  ...segmentsZh,
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  ...commonEn,
  ...ticketsEn,
  ...customersEn,
  ...chatEn,
  ...ordersEn,
  ...orderImportEn,
  ...aftersalesEn,
  ...tasksEn,
  ...knowledgeEn,
  ...productsEn,
  ...jobsEn,
  ...integrationsEn,
  ...channelsEn,
  ...slaEn,
  ...complaintsEn,
  ...qualityEn,
  ...briefsEn,
  ...reportsEn,
  ...defectsEn,
  ...approvalsEn,
  ...settingsEn,
  ...auditEn,
  ...staffEn,
  ...ownersEn,
  ...surveysEn,
  ...outreachEn,
  ...careEn,
  ...reviewsEn,
  ...followUpsEn,
  ...segmentsEn,
};

export type Lang = 'zh' | 'en';
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };

const STORAGE_KEY = 'kefu.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function storeLang(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, vars) => {
    const text = dict[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
}

/** Label of an enum value (status, type, …); falls back to the raw value for anything new on the server. */
export function enumLabel(t: Translate, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  const key = `${prefix}.${value}` as MessageKey;
  return key in zh ? t(key) : value;
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
}

export const I18nContext = createContext<I18n>({ lang: 'zh', t: translator('zh'), setLang: () => {} });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
