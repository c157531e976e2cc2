import { Card, Typography } from 'antd';

export interface Figure {
  label: string;
  value: string;
  note?: string;
  /** The note's colour: good news green, bad news red. */
  tone?: 'good' | 'bad';
  /** The figure itself in red: something needs doing. */
  alert?: boolean;
  testId?: string;
}

/** A row of key figures at the top of a brief section. */
export function BriefFigures({ figures, compact = false }: { figures: Figure[]; compact?: boolean }) {
  return (
    <div className={compact ? 'kefu-brief-figures is-compact' : 'kefu-brief-figures'}>
      {figures.map((f) => (
        <Card key={f.label} size="small" className={f.alert ? 'kefu-brief-figure is-bad' : 'kefu-brief-figure'} data-testid={f.testId}>
          <Typography.Text type="secondary">{f.label}</Typography.Text>
          <div className="kefu-brief-value">{f.value}</div>
          {f.note && <div className={`kefu-small kefu-brief-note${f.tone ? ` is-${f.tone}` : ''}`}>{f.note}</div>}
        </Card>
      ))}
    </div>
  );
}
