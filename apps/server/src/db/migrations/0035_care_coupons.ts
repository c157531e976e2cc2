import { sql, type Kysely } from 'kysely';

/**
 * Care dates and coupons (care/, coupons/). A coupon definition says how much off (fen), from what order total, and
 * for how long (fixed dates, or N days from the grant); codes are granted per customer, each once per grant key
 * (a campaign's day, an after-sale), and marked used when an imported order names them. A care campaign greets the
 * customers due on an occasion (birthday, holiday, first-order anniversary, pre-sale), N days ahead, with a template
 * and optionally a coupon; an after-sale compensated by coupon grants the compensation definition's code for the
 * after-sale's amount (`coupon_codes.amount_fen`, else the definition's); each campaign's day is run once (care_runs). The default campaigns start switched off.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table coupon_definitions (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 40),
      amount_fen integer not null check (amount_fen > 0),
      threshold_fen integer not null default 0 check (threshold_fen >= 0),
      valid_from date,
      valid_until date,
      valid_days integer check (valid_days between 1 and 366),
      per_customer_limit integer not null default 1 check (per_customer_limit between 1 and 100),
      enabled boolean not null default true,
      for_compensation boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((valid_days is null) <> (valid_from is null and valid_until is null))
    );
    create table coupon_codes (
      id integer generated always as identity primary key,
      definition_id integer not null references coupon_definitions(id),
      customer_id integer not null references customers(id) on delete cascade,
      code text not null unique,
      grant_key text not null unique,
      source text not null check (source in ('care', 'compensation', 'manual')),
      amount_fen integer check (amount_fen > 0),
      granted_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      order_id integer references orders(id) on delete set null
    );
    create unique index coupon_definitions_compensation on coupon_definitions (for_compensation) where for_compensation;
    create index coupon_codes_customer on coupon_codes (customer_id, granted_at desc);
    create index coupon_codes_definition on coupon_codes (definition_id, customer_id);
    create table care_campaigns (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 40),
      occasion text not null check (occasion in ('birthday', 'holiday', 'first_order', 'presale')),
      holiday text,
      event_month_day text,
      days_ahead integer not null default 0 check (days_ahead between 0 and 60),
      segments text[] not null default '{}',
      title text not null,
      body text not null,
      coupon_definition_id integer references coupon_definitions(id),
      enabled boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table care_runs (
      campaign_id integer not null references care_campaigns(id) on delete cascade,
      day date not null,
      occasion_day date not null,
      due integer not null,
      granted integer not null,
      queued integer not null,
      skipped integer not null,
      finished_at timestamptz not null default now(),
      primary key (campaign_id, day)
    );
    create index customers_birthday_md on customers
      ((extract(month from birthday)::int * 100 + extract(day from birthday)::int), birthday_lunar)
      where birthday is not null and merged_into_id is null;

    insert into coupon_definitions (name, amount_fen, threshold_fen, valid_days, per_customer_limit, for_compensation) values
      ('生日专享券', 2000, 10000, 30, 1, false),
      ('节日关怀券', 1000, 9900, 14, 10, false),
      ('售后补偿券', 1000, 0, 90, 100, true);
    insert into care_campaigns (name, occasion, holiday, event_month_day, days_ahead, title, body, coupon_definition_id) values
      ('生日祝福', 'birthday', null, null, 0, '{{shopName}}祝您生日快乐',
        '亲爱的{{name}}，今天是您的生日，{{shopName}}祝您生日快乐！送上一张{{couponAmount}}元专享券（满{{couponThreshold}}元可用，券码 {{couponCode}}，{{expiresAt}}前有效）。', 1),
      ('春节问候', 'holiday', 'spring_festival', null, 0, '{{shopName}}给您拜年啦',
        '{{name}}，新春快乐！{{shopName}}送您{{couponAmount}}元新春券（券码 {{couponCode}}，{{expiresAt}}前有效），祝您马年大吉。', 2),
      ('中秋问候', 'holiday', 'mid_autumn', null, 0, '{{shopName}}祝您中秋快乐', '{{name}}，月圆人团圆，{{shopName}}祝您中秋快乐！', null),
      ('首单周年', 'first_order', null, null, 0, '感谢您一年的陪伴',
        '{{name}}，一年前的今天您在{{shopName}}下了第一单，感谢一路相伴！送您{{couponAmount}}元券，券码 {{couponCode}}。', 2),
      ('618 预售提醒', 'presale', null, '06-18', 3, '618 预售即将开始', '{{name}}，{{shopName}} 618 预售三天后开始，提前加购不错过！', null),
      ('双11 预售提醒', 'presale', null, '11-11', 7, '双11 预售即将开始', '{{name}}，{{shopName}} 双11 预售一周后开始，老顾客专享{{couponAmount}}元券 {{couponCode}}。', 2);
  `.execute(db);
}
