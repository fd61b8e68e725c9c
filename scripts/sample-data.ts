/**
 * Sample traffic for the governance report: the patient-view fixtures that get cards, sent for
 * many made-up patients week after week, and feedback on the cards: some accepted, some
 * overridden (with each reason in turn), the rest left without feedback. Deterministic, so the
 * screenshots change only when the pages do. Used by the browser tests and `npm run screenshots`.
 */
import type { Card } from '../src/cards/types';
import { daysToShift, shiftRequestDates } from '../src/fixtures/shift-dates';
import { listFixtures, readFixture, type Fixture } from '../src/fixtures/scenarios';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The request as sent for another patient: every mention of the patient's id (its resource, references, context) replaced. */
export function asPatient<T>(body: T, patientId: string): T {
  const from = (body as { context: { patientId: string } }).context.patientId;
  const text = JSON.stringify(body).replaceAll(`"${from}"`, `"${patientId}"`).replaceAll(`"Patient/${from}"`, `"Patient/${patientId}"`);
  return JSON.parse(text) as T;
}

/** The patient-view scenarios that get cards. */
export function cardFixtures(): { name: string; fixture: Fixture }[] {
  return listFixtures()
    .map((file) => ({ name: file.replace(/^.*[\\/]/, '').replace(/\.json$/, ''), fixture: readFixture(file) }))
    .filter(({ fixture }) => fixture.service === 'hamstring-twitch' && (fixture.expect.status ?? 200) === 200 && (fixture.expect.cards?.length ?? 0) > 0);
}

export interface SampleTraffic {
  /** The app, as http://host:port. */
  baseUrl: string;
  /** Sets the app's clock: the sample spreads its calls over weeks. */
  setNow(now: Date): void;
  /** The last day of the sample; it starts `weeks` weeks before. */
  end: Date;
  weeks: number;
  /** Hook calls per week. */
  callsPerWeek: number;
  /** The clinicians who call, in turn (context.userId); the fixture's own user when not given. */
  users?: readonly string[];
}

async function postJson(url: string, body: unknown): Promise<Response> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${new URL(url).pathname} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return res;
}

const SAMPLE_COMMENTS = ['Checked last week at the clinic', 'Known to neurology, already followed', 'Not relevant for this visit'];

/** Accepted, overridden or left alone, in turn, with fewer overrides as the weeks go by (the knowledge improving). */
function feedbackFor(card: Card, serial: number, week: number, weeks: number, at: Date): object | undefined {
  const overrideShare = 0.45 - (0.25 * week) / Math.max(weeks - 1, 1);
  const roll = ((serial * 7919) % 100) / 100;
  const outcomeTimestamp = new Date(at.getTime() + 60_000).toISOString();
  if (roll < overrideShare) {
    const reasons = card.overrideReasons ?? [];
    // Now and then a clinician says why in words, as the report's comments show.
    const userComment = serial % 4 === 0 ? SAMPLE_COMMENTS[serial % SAMPLE_COMMENTS.length] : undefined;
    return {
      card: card.uuid,
      outcome: 'overridden',
      overrideReason: { reason: reasons[serial % reasons.length], ...(userComment ? { userComment } : {}) },
      outcomeTimestamp,
    };
  }
  if (roll < overrideShare + 0.35) {
    const suggestion = card.suggestions?.[0];
    return { card: card.uuid, outcome: 'accepted', acceptedSuggestions: suggestion ? [{ id: suggestion.uuid }] : [], outcomeTimestamp };
  }
  return undefined;
}

/** Sends the sample; returns how many cards were issued and how many got feedback. */
export async function sendSampleTraffic(sample: SampleTraffic): Promise<{ cards: number; feedback: number }> {
  const scenarios = cardFixtures();
  let serial = 0;
  let cards = 0;
  let feedback = 0;
  for (let week = 0; week < sample.weeks; week += 1) {
    for (let call = 0; call < sample.callsPerWeek; call += 1) {
      const at = new Date(sample.end.getTime() - (sample.weeks - week) * 7 * DAY_MS + (call % 5) * DAY_MS);
      sample.setNow(at);
      const { fixture } = scenarios[(week * sample.callsPerWeek + call) % scenarios.length];
      const body = asPatient(shiftRequestDates(fixture.request, daysToShift(new Date(fixture.now), at)), `sample-${week}-${call}`);
      if (sample.users && sample.users.length > 0) {
        (body as { context: { userId: string } }).context.userId = sample.users[(week * sample.callsPerWeek + call) % sample.users.length];
      }
      const answer = (await (await postJson(`${sample.baseUrl}/cds-services/hamstring-twitch`, body)).json()) as { cards: Card[] };
      const items = answer.cards.flatMap((card) => {
        serial += 1;
        return feedbackFor(card, serial, week, sample.weeks, at) ?? [];
      });
      cards += answer.cards.length;
      if (items.length > 0) await postJson(`${sample.baseUrl}/cds-services/hamstring-twitch/feedback`, { feedback: items });
      feedback += items.length;
    }
  }
  return { cards, feedback };
}
