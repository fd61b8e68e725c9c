/**
 * The bounded load of the cluster test: a few EHR clients calling the hook through nginx one call
 * after another, each call with a fresh token, until told to stop or a number of calls is
 * reached. Each answer is kept with the phase of the test it began in. For some answered calls
 * the clinician's feedback on the first card follows a moment later, naming a card the cluster
 * really issued. A call answered 503 with Retry-After may be sent again once, after waiting, as
 * an EHR would.
 */
import http from 'node:http';
import { cardUuids, FEEDBACK_PATH, HOOK_PATH, type Answer, type Ehr } from './ehr';
import { sleep } from './processes';

export interface CallRecord extends Answer {
  kind: 'hook' | 'feedback';
  /** The phase of the test when the call began. */
  phase: string;
  /** A hook call sent again after a 503 and its Retry-After. */
  resent: boolean;
  /** The cards of a hook call's answer; for feedback, the card it names. */
  cards: string[];
}

export interface LoadOptions {
  /** Where the EHR sends its calls: nginx. */
  origin: string;
  /** Clients calling at once, each waiting for its answer before the next call. */
  concurrency: number;
  /** Hook calls at most, however long the phase lasts. */
  maxCalls: number;
  /** Feedback on the first card of every n-th hook call answered with cards. */
  feedbackEvery: number;
  /** How long after the answer the feedback comes. */
  feedbackDelayMs: number;
  /** Send a hook call answered 503 with Retry-After again, once, after waiting as asked (at most 5 s). */
  resend: boolean;
}

export class Load {
  private readonly records: CallRecord[] = [];
  private readonly agent: http.Agent;
  private readonly workers: Promise<void>[];
  private readonly feedback = new Set<Promise<void>>();
  private stopping = false;
  private hookCalls = 0;
  private answeredWithCards = 0;

  constructor(
    private readonly ehr: Ehr,
    private readonly options: LoadOptions,
    /** Moved on by the test; each call is labelled with the phase it began in. */
    public phase: string,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency * 2 });
    this.workers = Array.from({ length: options.concurrency }, () => this.client());
  }

  /** Stops new calls, waits for those in flight and the feedback still due, and gives every answer. */
  async stop(): Promise<CallRecord[]> {
    this.stopping = true;
    await Promise.all(this.workers);
    while (this.feedback.size > 0) await Promise.all([...this.feedback]);
    this.agent.destroy();
    return this.records;
  }

  private async client(): Promise<void> {
    while (!this.stopping && this.hookCalls < this.options.maxCalls) {
      this.hookCalls += 1;
      await this.hookCall(false);
    }
  }

  private async hookCall(resent: boolean): Promise<void> {
    const phase = this.phase;
    const answer = await this.ehr.post(this.options.origin, HOOK_PATH, this.ehr.hookBody(), await this.ehr.token(HOOK_PATH), this.agent);
    const cards = cardUuids(answer);
    this.records.push({ ...answer, kind: 'hook', phase, resent, cards });
    if (cards.length > 0) {
      this.answeredWithCards += 1;
      if (this.answeredWithCards % this.options.feedbackEvery === 0) this.feedbackLater(cards[0]);
    }
    if (this.options.resend && !resent && answer.status === 503 && answer.retryAfter !== undefined) {
      await sleep(Math.min(Number(answer.retryAfter) || 1, 5) * 1000);
      await this.hookCall(true);
    }
  }

  private feedbackLater(card: string): void {
    const sent = (async () => {
      await sleep(this.options.feedbackDelayMs);
      const phase = this.phase;
      const answer = await this.ehr.post(this.options.origin, FEEDBACK_PATH, this.ehr.feedbackBody(card), await this.ehr.token(FEEDBACK_PATH), this.agent);
      this.records.push({ ...answer, kind: 'feedback', phase, resent: false, cards: [card] });
    })();
    this.feedback.add(sent);
    void sent.finally(() => this.feedback.delete(sent));
  }
}
