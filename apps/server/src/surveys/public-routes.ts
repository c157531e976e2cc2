import { TokenBucket, type SurveyState } from '@kefu/domain';
import { Ok } from '@kefu/protocol/api/common';
import { PublicSurvey, SurveyAnswerInput, SurveyPage, SurveyToken } from '@kefu/protocol/api/surveys';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import { HttpError, notFound, refuse } from '../http/errors.ts';
import { answerSurvey, surveyByToken } from './answer.ts';
import { endPage, formPage, type PageLang } from './page.ts';

/** Per client address: 30 requests at once, then one every 2 seconds — plenty for a shopper, little for a guesser. */
function rateLimiter() {
  const buckets = new Map<string, TokenBucket>();
  return (request: FastifyRequest) => {
    if (buckets.size > 10_000) buckets.clear();
    let bucket = buckets.get(request.ip);
    if (!bucket) buckets.set(request.ip, (bucket = new TokenBucket(0.5, 30)));
    if (!bucket.take()) throw refuse('rate_limited', 'too many survey requests from this address; try again in a minute');
  };
}

async function shopName(db: Db) {
  return (await db.selectFrom('shops').select('name').orderBy('id').executeTakeFirst())?.name ?? '';
}

const TOKEN = SurveyToken.shape.token;
const PageParams = z.object({ token: z.string().max(100) });
const PageQuery = z.object({ lang: z.enum(['zh', 'en']).default('zh') });
/** The form's fields as the browser posts them; checked by SurveyAnswerInput in the handler so the page can say what is wrong. */
const FormBody = z.object({ score: z.string().max(10).optional(), comment: z.string().max(5000).optional() });

/**
 * The shopper's survey page (`/s/<token>`, linked from the invitation) and its JSON twin under /api/public/surveys.
 * Public and tokenised: a token opens only its own survey and the page shows the shop's name, never the shopper's
 * data. A plain HTML form (no script), so it works in any phone's browser and inside chat apps.
 */
export function surveyPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limit = rateLimiter();
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['surveys'];
    const html = (reply: FastifyReply, status: number, page: string) =>
      reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
    const other = (token: string, lang: PageLang) => `/s/${encodeURIComponent(token)}${lang === 'zh' ? '?lang=en' : ''}`;
    const action = (token: string, lang: PageLang) => `/s/${encodeURIComponent(token)}${lang === 'en' ? '?lang=en' : ''}`;

    r.get(
      '/s/:token',
      { config: { public: true }, schema: { tags, params: PageParams, querystring: PageQuery, response: { 200: SurveyPage } } },
      async (request, reply) => {
        limit(request);
        const { token } = request.params;
        const { lang } = request.query;
        const shop = await shopName(ctx.db);
        const survey = TOKEN.safeParse(token).success ? await surveyByToken(ctx.db, token) : undefined;
        if (!survey || survey.state === 'pending' || survey.state === 'skipped') return html(reply, 404, endPage(lang, shop, 'missing', null));
        const state = survey.state === 'sent' && survey.expires_at && survey.expires_at <= new Date() ? 'expired' : survey.state;
        if (state === 'answered') return html(reply, 200, endPage(lang, shop, 'answered', other(token, lang)));
        if (state === 'expired') return html(reply, 410, endPage(lang, shop, 'expired', other(token, lang)));
        const view = { kind: survey.kind as 'ticket', action: action(token, lang), expiresAt: survey.expires_at };
        return html(reply, 200, formPage(lang, shop, view, other(token, lang)));
      },
    );

    r.post(
      '/s/:token',
      { config: { public: true }, schema: { tags, params: PageParams, querystring: PageQuery, body: FormBody, response: { 200: SurveyPage } } },
      async (request, reply) => {
        limit(request);
        const { token } = request.params;
        const { lang } = request.query;
        const shop = await shopName(ctx.db);
        const survey = TOKEN.safeParse(token).success ? await surveyByToken(ctx.db, token) : undefined;
        if (!survey) return html(reply, 404, endPage(lang, shop, 'missing', null));
        const input = SurveyAnswerInput.safeParse({ score: request.body.score, comment: request.body.comment });
        if (!input.success) {
          const error = input.error.issues.some((i) => i.path[0] === 'score') ? 'score' : 'comment';
          const view = {
            kind: survey.kind as 'ticket',
            action: action(token, lang),
            expiresAt: survey.expires_at,
            error,
            comment: request.body.comment,
          } as const;
          return html(reply, 400, formPage(lang, shop, view, other(token, lang)));
        }
        try {
          await answerSurvey(ctx.db, token, input.data);
          return html(reply, 200, endPage(lang, shop, 'thanks', null));
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          const what = err.code === 'survey_answered' ? 'answered' : err.code === 'survey_expired' ? 'expired' : 'missing';
          return html(reply, err.status, endPage(lang, shop, what, null));
        }
      },
    );

    r.get(
      '/api/public/surveys/:token',
      { config: { public: true }, schema: { tags, params: SurveyToken, response: { 200: PublicSurvey } } },
      async (request) => {
        limit(request);
        const survey = await surveyByToken(ctx.db, request.params.token);
        if (!survey || survey.state === 'pending' || survey.state === 'skipped') throw notFound('survey');
        const state = (survey.state === 'sent' && survey.expires_at && survey.expires_at <= new Date() ? 'expired' : survey.state) as SurveyState;
        return {
          shopName: await shopName(ctx.db),
          kind: survey.kind as 'ticket',
          state: state as 'sent',
          expiresAt: survey.expires_at,
          score: survey.score,
        };
      },
    );

    r.post(
      '/api/public/surveys/:token',
      { config: { public: true }, schema: { tags, params: SurveyToken, body: SurveyAnswerInput, response: { 200: Ok } } },
      async (request) => {
        limit(request);
        await answerSurvey(ctx.db, request.params.token, request.body);
        return { ok: true as const };
      },
    );
  });
}
