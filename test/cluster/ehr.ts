/**
 * The EHR the cluster serves: a P-384 key made for this run (its public half in the trusted
 * clients file every replica reads), a fresh ES384 token for every call as CDS Hooks asks (aud the
 * exact URL, a new jti), and one clinical scenario (the low magnesium fixture, moved to today)
 * sent as patient-view calls, each for a patient of its own. Calls are plain HTTP with a hard limit: no answer is recorded as
 * such, never waited for without end.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { signClientToken, type ClientSigner } from '../../src/fixtures/client-token';
import { daysToShift, shiftRequestDates } from '../../src/fixtures/shift-dates';
import { PROJECT_ROOT } from './replicas';

export const PUBLIC_URL = 'https://cds.test';
export const HOOK_PATH = '/cds-services/hamstring-twitch';
export const FEEDBACK_PATH = `${HOOK_PATH}/feedback`;
const ISSUER = 'https://ehr.cluster.test';
const SCENARIO = 'low-magnesium-mg-dl.json';
/** Far past any deadline the service has: a call still open then has hung. */
const NO_ANSWER_MS = 30_000;

export interface Answer {
  /** 0 when no HTTP answer came (refused, reset, or nothing within NO_ANSWER_MS). */
  status: number;
  retryAfter?: string;
  body: string;
  startedAt: number;
  ms: number;
  failure?: string;
}

export class Ehr {
  private readonly signer: ClientSigner;
  private readonly request: Record<string, unknown>;
  /** The fixture's patient, replaced in every call by one of the call's own. */
  private readonly patientId: string;
  readonly trustedClientsFile: string;

  constructor(dir: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const kid = randomUUID();
    this.signer = { iss: ISSUER, alg: 'ES384', kid, key: privateKey };
    this.trustedClientsFile = path.join(dir, 'trusted-clients.json');
    fs.writeFileSync(
      this.trustedClientsFile,
      JSON.stringify([{ iss: ISSUER, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES384', use: 'sig' }] } }]),
    );
    const fixture = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures', SCENARIO), 'utf8')) as { now: string; request: Record<string, unknown> };
    this.request = shiftRequestDates(fixture.request, daysToShift(new Date(fixture.now), new Date())) as Record<string, unknown>;
    this.patientId = (this.request.context as { patientId: string }).patientId;
  }

  /** A token for one call to `route`, issued now. */
  token(route: string): Promise<string> {
    return signClientToken(this.signer, `${PUBLIC_URL}${route}`, new Date());
  }

  /**
   * The scenario as one more patient-view call, with its own hookInstance and a patient of its
   * own: an override snoozes that patient's card on every replica (they share the store), so calls
   * that all named one patient would get no card to give feedback on after the first override.
   */
  hookBody(patientId = `pt-cluster-${randomUUID()}`): string {
    return JSON.stringify({ ...this.request, hookInstance: randomUUID() })
      .split(this.patientId)
      .join(patientId);
  }

  feedbackBody(card: string): string {
    return JSON.stringify({ feedback: [{ card, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }] });
  }

  post(origin: string, route: string, body: string, token: string, agent: http.Agent | false): Promise<Answer> {
    const startedAt = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (answer: Omit<Answer, 'startedAt' | 'ms'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...answer, startedAt, ms: Date.now() - startedAt });
      };
      const req = http.request(
        `${origin}${route}`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const retryAfter = res.headers['retry-after'];
            finish({ status: res.statusCode ?? 0, body: text, ...(retryAfter !== undefined ? { retryAfter } : {}) });
          });
          res.on('error', (err) => finish({ status: 0, body: text, failure: err.message }));
        },
      );
      req.setTimeout(NO_ANSWER_MS, () => {
        finish({ status: 0, body: '', failure: `no answer within ${NO_ANSWER_MS} ms` });
        req.destroy();
      });
      req.on('error', (err) => finish({ status: 0, body: '', failure: err.message }));
      req.end(body);
    });
  }
}

/** The summaries of the cards in a 200 answer to a hook call. */
export function cardSummaries(answer: Answer): string[] {
  if (answer.status !== 200) return [];
  try {
    const parsed = JSON.parse(answer.body) as { cards?: { summary?: unknown }[] };
    return (parsed.cards ?? []).flatMap((card) => (typeof card.summary === 'string' ? [card.summary] : []));
  } catch {
    return [];
  }
}

/** The uuids of the cards in a 200 answer to a hook call. */
export function cardUuids(answer: Answer): string[] {
  if (answer.status !== 200) return [];
  try {
    const parsed = JSON.parse(answer.body) as { cards?: { uuid?: unknown }[] };
    return (parsed.cards ?? []).flatMap((card) => (typeof card.uuid === 'string' ? [card.uuid] : []));
  } catch {
    return [];
  }
}

/** The message of an error answer ({"error", "message"}), or undefined. */
export function errorMessage(answer: Answer): string | undefined {
  try {
    const parsed = JSON.parse(answer.body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}
