import { sql, type Kysely } from 'kysely';

/**
 * Conversation quality inspection (quality/, docs/quality.md): the rules an admin edits, the sampling settings, one
 * inspection per closed conversation (its automatic score, the reviewer's sheet, the agent's one appeal) and every
 * forbidden phrase used on an outbound path. Scores are 0–100; `final_score` is what reports read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table quality_rules (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('forbidden_phrase', 'greeting', 'closing', 'order_number', 'first_response',
        'slow_response', 'upset_at_end', 'unanswered_question')),
      name text not null,
      points smallint not null check (points between 0 and 100),
      fatal boolean not null default false,
      enabled boolean not null default true,
      params jsonb not null default '{}',
      position integer not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table quality_settings (
      id smallint primary key default 1 check (id = 1),
      sample_percent smallint not null default 10 check (sample_percent between 0 and 100),
      review_below smallint not null default 80 check (review_below between 0 and 100),
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    insert into quality_settings (id) values (1);

    create table quality_inspections (
      conversation_id integer primary key references conversations(id) on delete cascade,
      agent_id integer references users(id),
      auto_score smallint not null check (auto_score between 0 and 100),
      hits jsonb not null default '[]',
      fatal boolean not null default false,
      sampled boolean not null default false,
      sample_reason text check (sample_reason in ('fatal', 'low_score', 'random')),
      reviewer_id integer references users(id),
      review_score smallint check (review_score between 0 and 100),
      review_sheet jsonb,
      review_comment text,
      reviewed_at timestamptz,
      appeal_reason text,
      appealed_at timestamptz,
      appeal_decision text check (appeal_decision in ('accepted', 'rejected')),
      appeal_note text,
      appeal_decided_by integer references users(id),
      appeal_decided_at timestamptz,
      final_score smallint not null check (final_score between 0 and 100),
      inspected_at timestamptz not null default now(),
      version integer not null default 1
    );
    create index quality_inspections_agent on quality_inspections (agent_id, inspected_at);
    create index quality_inspections_queue on quality_inspections (inspected_at) where sampled and reviewed_at is null;
    create index quality_inspections_appeals on quality_inspections (appealed_at) where appealed_at is not null and appeal_decision is null;

    create table quality_phrase_hits (
      id bigint generated always as identity primary key,
      channel text not null check (channel in ('chat', 'ticket', 'email')),
      conversation_id integer references conversations(id) on delete cascade,
      ticket_id integer references tickets(id) on delete cascade,
      message_id bigint,
      user_id integer references users(id),
      phrase text not null,
      blocked boolean not null default false,
      at timestamptz not null default now()
    );
    create index quality_phrase_hits_at on quality_phrase_hits (at);
    create index quality_phrase_hits_user on quality_phrase_hits (user_id, at);
    create unique index quality_phrase_hits_message on quality_phrase_hits (message_id, phrase) where message_id is not null;
  `.execute(db);

  const rules: [kind: string, name: string, points: number, params: Record<string, unknown>][] = [
    ['forbidden_phrase', '使用服务忌语', 10, { severePhrases: [], maxHits: 3 }],
    ['greeting', '首句未使用问候语', 5, { words: ['您好', '你好', '亲', '欢迎', '在的', '很高兴为您服务', '有什么可以帮您'] }],
    [
      'closing',
      '未使用结束语',
      5,
      {
        words: [
          '还有其他可以帮您',
          '还有什么可以帮您',
          '还有其他问题',
          '还有什么问题',
          '祝您生活愉快',
          '祝您',
          '感谢',
          '谢谢',
          '欢迎再来',
          '欢迎下次光临',
          '再见',
        ],
        lastMessages: 2,
      },
    ],
    [
      'order_number',
      '订单问题未核实订单号',
      10,
      {
        intents: ['order_status', 'logistics', 'return_refund', 'exchange', 'repair'],
        askWords: ['订单号', '订单编号', '单号', '订单信息', '哪个订单', '哪笔订单', '发一下订单', '订单截图'],
      },
    ],
    ['first_response', '首次响应超过 30 秒', 10, { seconds: 30 }],
    ['slow_response', '回复间隔超过 60 秒', 5, { seconds: 60, maxHits: 3 }],
    ['upset_at_end', '结束时顾客仍有负面情绪', 15, { lastMessages: 2 }],
    [
      'unanswered_question',
      '顾客问题未回复',
      10,
      {
        words: ['吗', '？', '?', '怎么', '多少', '什么时候', '哪', '几', '能不能', '可不可以', '是不是', '有没有', '请问', '如何', '为什么', '呢'],
        maxHits: 3,
      },
    ],
  ];
  await db
    .insertInto('quality_rules')
    .values(rules.map(([kind, name, points, params], i) => ({ kind, name, points, params: JSON.stringify(params), position: (i + 1) * 10 })))
    .execute();
}
