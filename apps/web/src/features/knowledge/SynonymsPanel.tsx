import { DeleteOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Input, Tag, Tooltip, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, type Synonyms } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { PageState } from '../../shared/PageState.tsx';

const MAX_WORD = 20;
const split = (text: string) =>
  text
    .split(/[\s,，、;；|]+/)
    .map((w) => w.trim())
    .filter(Boolean);

/**
 * 同义词: the shop's own groups of words that mean the same to a shopper (店庆 = 周年庆), on top of the built-in
 * ones. Each group is a row of tags; the whole list is saved at once.
 */
export function SynonymsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const result = useAsync(() => api.get<Synonyms>('/api/knowledge/synonyms'), []);
  const [groups, setGroups] = useState<string[][]>([]);
  const [saved, setSaved] = useState<string>('[]');
  const [filter, setFilter] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [focusNew, setFocusNew] = useState(false);

  useEffect(() => {
    if (!result.data) return;
    setGroups(result.data.groups.map((g) => [...g]));
    setSaved(JSON.stringify(result.data.groups));
  }, [result.data]);

  const dirty = JSON.stringify(groups) !== saved;
  const short = groups.filter((g) => g.length === 1).length;

  function addWords(index: number, text: string) {
    const words = split(text);
    if (!words.length) return;
    const tooLong = words.filter((w) => w.length > MAX_WORD);
    if (tooLong.length) message.warning(t('synonym.tooLong', { n: MAX_WORD }));
    setGroups((gs) => gs.map((g, i) => (i === index ? [...new Set([...g, ...words.filter((w) => w.length <= MAX_WORD)])] : g)));
  }
  function removeWord(index: number, word: string) {
    setGroups((gs) => gs.map((g, i) => (i === index ? g.filter((w) => w !== word) : g)));
  }

  async function save() {
    const clean = groups.filter((g) => g.length > 0);
    if (clean.some((g) => g.length < 2)) {
      setError(t('synonym.needTwo'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await api.put('/api/knowledge/synonyms', { groups: clean });
      setGroups(clean);
      setSaved(JSON.stringify(clean));
      message.success(t('synonym.saved'));
    } catch (err) {
      setError(err instanceof ApiError && err.fields.length ? err.fields.map((f) => `${f.field}: ${f.reason}`).join('; ') : errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  if (result.error && !result.data) return <PageState error={result.error} onRetry={result.reload} />;
  if (!result.data) return <PageState loading />;

  const q = filter.trim().toLowerCase();
  const shown = groups.map((g, i) => ({ g, i })).filter(({ g }) => !q || g.some((w) => w.toLowerCase().includes(q)));
  return (
    <div data-testid="synonyms">
      <Flex justify="space-between" align="center" gap={12} wrap className="kefu-filters">
        <Flex gap={8} align="center">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('synonym.search')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            style={{ width: 220 }}
          />
          <Typography.Text type="secondary" className="kefu-small">
            {t('synonym.count', { n: groups.length })}
          </Typography.Text>
        </Flex>
        {canEdit && (
          <Flex gap={8}>
            <Button
              icon={<PlusOutlined />}
              onClick={() => {
                setGroups((gs) => [...gs, []]);
                setFilter('');
                setFocusNew(true);
              }}
              data-testid="synonym-add-group"
            >
              {t('synonym.addGroup')}
            </Button>
            <Button
              disabled={!dirty}
              onClick={() => {
                setGroups(JSON.parse(saved) as string[][]);
                setError(null);
              }}
            >
              {t('synonym.revert')}
            </Button>
            <Button type="primary" disabled={!dirty || short > 0} loading={saving} onClick={() => void save()} data-testid="synonym-save">
              {t('common.save')}
            </Button>
          </Flex>
        )}
      </Flex>
      <Alert type="info" showIcon title={t('synonym.hint')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(q ? 'synonym.noMatch' : 'synonym.empty')} />
      ) : (
        <div className="kefu-syn-list">
          {shown.map(({ g, i }) => (
            <div key={i} className={`kefu-syn-row${g.length === 1 ? ' is-short' : ''}`} data-testid="synonym-group">
              <span className="kefu-syn-index">{i + 1}</span>
              <div className="kefu-syn-words">
                {g.map((w, k) => (
                  <Tag
                    key={w}
                    closable={canEdit}
                    onClose={(e) => {
                      e.preventDefault();
                      removeWord(i, w);
                    }}
                    color={k === 0 ? 'cyan' : undefined}
                    variant={k === 0 ? 'filled' : 'outlined'}
                  >
                    {w}
                  </Tag>
                ))}
                {canEdit && (
                  <WordInput
                    autoFocus={focusNew && i === groups.length - 1}
                    onAdd={(text) => addWords(i, text)}
                    onFocused={() => setFocusNew(false)}
                  />
                )}
                {g.length === 1 && <span className="kefu-syn-warn">{t('synonym.needTwoShort')}</span>}
              </div>
              {canEdit && (
                <Tooltip title={t('synonym.removeGroup')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<DeleteOutlined />}
                    aria-label={t('synonym.removeGroup')}
                    onClick={() => setGroups((gs) => gs.filter((_, k) => k !== i))}
                  />
                </Tooltip>
              )}
            </div>
          ))}
        </div>
      )}
      {canEdit && dirty && (
        <div className="kefu-muted kefu-small" style={{ marginTop: 8 }}>
          {t('synonym.unsaved')}
        </div>
      )}
    </div>
  );
}

/** "+ 添加词": a tag that becomes an input; Enter, comma or leaving it adds the words typed. */
function WordInput({ onAdd, autoFocus, onFocused }: { onAdd(text: string): void; autoFocus: boolean; onFocused(): void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(autoFocus);
  const [value, setValue] = useState('');
  const ref = useRef<InputRef>(null);
  useEffect(() => {
    if (autoFocus) {
      setEditing(true);
      onFocused();
    }
  }, [autoFocus, onFocused]);
  useEffect(() => {
    if (editing) ref.current?.focus();
  }, [editing]);

  function commit(keepOpen: boolean) {
    if (value.trim()) onAdd(value);
    setValue('');
    if (!keepOpen) setEditing(false);
  }
  if (!editing) {
    return (
      <Tag className="kefu-syn-new" onClick={() => setEditing(true)} data-testid="synonym-add-word">
        <PlusOutlined /> {t('synonym.addWord')}
      </Tag>
    );
  }
  return (
    <Input
      ref={ref}
      size="small"
      className="kefu-syn-input"
      value={value}
      placeholder={t('synonym.wordPlaceholder')}
      data-testid="synonym-word-input"
      onChange={(e) => setValue(e.target.value)}
      onPressEnter={() => commit(true)}
      onBlur={() => commit(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setValue('');
          setEditing(false);
        }
      }}
    />
  );
}
