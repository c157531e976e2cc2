import { negativeEmotion } from '../sentiment/emotion.ts';
import type { SentimentModel } from '../sentiment/model.ts';
import { loadIntentModel, type Intent, type IntentClassifier } from './model.ts';

/**
 * The intent model reads "complaint" below this probability far more often wrongly than rightly on shopper chat
 * (product questions, cancellations, "where is my parcel"): below it, the next intent is taken. Set on the `dev`
 * half of data/chat-lines.tsv (bench/nlp/chat.ts prints the sweep).
 */
export const COMPLAINT_MIN_PROBABILITY = 0.6;

// A fault the shopper reports (the goods or the service went wrong): a complaint whatever the model says.
const FAULT =
  /破(了|的|损|洞)|坏(了|的|掉)|有(个|一个|几个|好多)?洞|开线|脱线|开胶|断(了|掉)|发错|错发|寄错|少发|漏发|少了一|缺件|掉色|褪色|串色|起球|缩水|变形|异味|发霉|污渍|跟图片不一样|和图片不一样|与描述不符|货不对板|假货|质量(太|很|真|好|也太)?(差|烂|不好|有问题)|质量问题|态度(很|太|真|极|也太)?(差|恶劣|不好)|压坏|摔坏|瑕疵|过敏|用不了|没法用|发来的是|收到的是/;
// …unless it is a question about what might happen ("会不会掉色", "起球吗").
const HYPOTHETICAL =
  /(会不会|会|容易|怕|担心|是否|能不能|防止|不会|易)[^，,。.!！?？]{0,3}(掉色|褪色|起球|缩水|变形|坏|破|过敏)|(掉色|褪色|起球|缩水|变形|过敏)(吗|么|不|嘛|没)/;

/** Whether a message reports a fault (broken, wrong item, faded…) rather than asks whether one could happen. */
export function reportsFault(text: string): boolean {
  return FAULT.test(text) && !HYPOTHETICAL.test(text);
}

export type MessageReading = {
  /** The calibrated intent: "complaint" only with evidence (a reported fault or a probability ≥ COMPLAINT_MIN_PROBABILITY). */
  intent: Intent;
  probability: number;
  /** The shopper is upset (negativeEmotion). */
  negative: boolean;
  /** The model's raw complaint probability, for explanations and benchmarks. */
  complaintProbability: number;
};

/** The intent model with its complaint reading calibrated (see COMPLAINT_MIN_PROBABILITY and reportsFault). */
export function calibratedIntent(classifier: IntentClassifier = loadIntentModel()) {
  return (text: string): Omit<MessageReading, 'negative'> => {
    const ranked = classifier.rank(text);
    const complaintProbability = ranked.find((r) => r.intent === 'complaint')?.probability ?? 0;
    if (complaintProbability >= COMPLAINT_MIN_PROBABILITY || reportsFault(text.normalize('NFKC').toLowerCase()))
      return { intent: 'complaint', probability: complaintProbability, complaintProbability };
    const top = ranked.find((r) => r.intent !== 'complaint') ?? { intent: 'other' as const, probability: 1 };
    return { intent: top.intent, probability: top.probability, complaintProbability };
  };
}

/** Reads shopper chat messages: calibrated intent plus the upset flag. */
export function messageReader(classifier: IntentClassifier = loadIntentModel(), sentiment?: SentimentModel) {
  const intentOf = calibratedIntent(classifier);
  return (text: string): MessageReading => ({ ...intentOf(text), negative: negativeEmotion(text, sentiment).negative });
}
export type MessageReader = ReturnType<typeof messageReader>;
