import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DICTIONARIES, enumLabel, translator } from '../src/i18n.ts';

type Dictionary = Record<string, string>;
interface Feature {
  name: string;
  zh?: Dictionary;
  en?: Dictionary;
}

const folder = new URL('../src/i18n/', import.meta.url);

async function loadFeatures(): Promise<Feature[]> {
  const files = readdirSync(folder).filter((file) => file.endsWith('.ts'));
  return Promise.all(
    files.map(async (file) => {
      const name = file.replace(/\.ts$/, '');
      const module = (await import(new URL(file, folder).href)) as Record<string, Dictionary>;
      return { name, zh: module[`${name}Zh`], en: module[`${name}En`] };
    }),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations split by feature', () => {
  it('each feature file exports <feature>Zh and <feature>En with the same keys', async () => {
    const features = await loadFeatures();
    expect(features.length).toBeGreaterThan(5);
    for (const { name, zh, en } of features) {
      expect(zh, `${name}Zh`).toBeTypeOf('object');
      expect(en, `${name}En`).toBeTypeOf('object');
      expect(Object.keys(en ?? {}).sort(), name).toEqual(Object.keys(zh ?? {}).sort());
    }
  });

  it('every key lives in exactly one feature file, and every feature file is merged', async () => {
    const owners = new Map<string, string>();
    for (const { name, zh } of await loadFeatures()) {
      for (const key of Object.keys(zh ?? {})) {
        expect(owners.get(key), `${key} in ${name}`).toBeUndefined();
        owners.set(key, name);
      }
    }
    expect([...owners.keys()].sort()).toEqual(Object.keys(DICTIONARIES.zh).sort());
    expect(Object.keys(DICTIONARIES.en).sort()).toEqual(Object.keys(DICTIONARIES.zh).sort());
  });

  it('gives a text in both languages the same placeholders, and no empty text', () => {
    const faults = Object.entries(DICTIONARIES.zh).flatMap(([key, zh]) => {
      const en = DICTIONARIES.en[key as keyof typeof DICTIONARIES.en];
      if (!zh.trim() || !en.trim()) return [`${key}: empty`];
      const [zhNames, enNames] = [placeholders(zh), placeholders(en)];
      return zhNames.join() === enNames.join() ? [] : [`${key}: {${zhNames.join('}{')}} in Chinese, {${enNames.join('}{')}} in English`];
    });
    expect(faults).toEqual([]);
  });

  it('translates by the same keys in either language, filling placeholders', () => {
    expect(translator('zh')('ticket.create.done', { number: 'T-7' })).toBe('工单 T-7 已创建');
    expect(translator('en')('nav.tickets')).toBe('Tickets');
    expect(enumLabel(translator('zh'), 'status', 'pending_customer')).toBe('待客户回复');
    expect(enumLabel(translator('en'), 'status', 'something_new')).toBe('something_new');
  });
});
