import { LockOutlined, PictureOutlined, RobotOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Button, Segmented, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, type Features } from '../../api.ts';
import { useI18n } from '../../i18n.ts';

/** Whether the server drafts replies with a language model (LLM_URL); asked once per page load. */
let llmFeature: Promise<boolean> | undefined;
function useLlm(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    llmFeature ??= api.get<Features>('/api/knowledge/features').then(
      (r) => r.llm,
      () => false,
    );
    let alive = true;
    void llmFeature.then((v) => {
      if (alive) setOn(v);
    });
    return () => {
      alive = false;
    };
  }, []);
  return on;
}

/** Reply or internal note, quick replies, an image, and a drafted reply when the server has a language model. */
export function ComposerToolbar({
  mode,
  onMode,
  onQuickReplies,
  uploading,
  onImage,
  drafting,
  onDraft,
  disabled,
}: {
  mode: 'text' | 'note';
  onMode(mode: 'text' | 'note'): void;
  onQuickReplies(): void;
  uploading: boolean;
  onImage(file: File | undefined): void;
  drafting: boolean;
  onDraft(): void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const llmOn = useLlm();
  const file = useRef<HTMLInputElement>(null);
  return (
    <div className="kefu-composer-bar">
      <Segmented<'text' | 'note'>
        size="small"
        value={mode}
        onChange={onMode}
        options={[
          { value: 'text', label: t('chat.mode.reply') },
          {
            value: 'note',
            label: (
              <span data-testid="mode-note">
                <LockOutlined /> {t('chat.mode.note')}
              </span>
            ),
          },
        ]}
      />
      <Tooltip title={t('chat.qr.open')}>
        <Button type="text" size="small" icon={<ThunderboltOutlined />} onClick={onQuickReplies} aria-label={t('chat.qr.open')} />
      </Tooltip>
      <Tooltip title={t('chat.image')}>
        <Button
          type="text"
          size="small"
          icon={<PictureOutlined />}
          loading={uploading}
          disabled={disabled || mode === 'note'}
          onClick={() => file.current?.click()}
          aria-label={t('chat.image')}
        />
      </Tooltip>
      {llmOn && (
        <Tooltip title={t('chat.draft.tip')}>
          <Button
            type="text"
            size="small"
            icon={<RobotOutlined />}
            loading={drafting}
            disabled={disabled || mode === 'note'}
            onClick={onDraft}
            data-testid="draft-reply"
          >
            {t('chat.draft')}
          </Button>
        </Tooltip>
      )}
      <input
        ref={file}
        type="file"
        accept="image/*"
        hidden
        data-testid="image-input"
        onChange={(e) => {
          onImage(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <span className="kefu-conv-spacer" />
      <span className="kefu-composer-hint">{t('chat.composerHint')}</span>
    </div>
  );
}
