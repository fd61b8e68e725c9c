/**
 * Hook calls counted, with or without cards, so the report can give firings per 100 calls. A call
 * only adds one to a count in this process's memory; the counts are added to the store's a few
 * seconds later (one upsert per service, versions, day and pilot arm), when the report asks, and
 * at shutdown. A store that fails keeps the counts here for the next try.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { PilotArm } from '../feedback-loop/modes';
import type { HookCallCountsTable, StoreTables } from './tables';

export interface HookCall {
  serviceId: string;
  serviceVersion: string;
  knowledgeVersion: string;
  at: Date;
  /** The user's arm while a pilot runs. */
  pilotArm?: PilotArm;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Often enough that the report a committee opens is current, rarely enough to cost nothing. */
const WRITE_EVERY_MS = 5_000;

export class HookCallCounter {
  private readonly pending = new Map<string, HookCallCountsTable>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<StoreTables>,
    private readonly ready: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  count(call: HookCall): void {
    const dayStart = Math.floor(call.at.getTime() / DAY_MS) * DAY_MS;
    const row: HookCallCountsTable = {
      service_id: call.serviceId,
      service_version: call.serviceVersion,
      knowledge_version: call.knowledgeVersion,
      day_start: dayStart,
      pilot_arm: call.pilotArm ?? '',
      calls: 1,
    };
    const key = JSON.stringify([row.service_id, row.service_version, row.knowledge_version, row.day_start, row.pilot_arm]);
    const counted = this.pending.get(key);
    if (counted) counted.calls += 1;
    else this.pending.set(key, row);
    this.timer ??= setTimeout(() => void this.flush(), WRITE_EVERY_MS).unref();
  }

  /** Adds the counts kept here to the store's; resolves when they are written (or kept for the next try). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing;
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    this.writing = this.write(rows).finally(() => {
      this.writing = undefined;
    });
    await this.writing;
  }

  private async write(rows: HookCallCountsTable[]): Promise<void> {
    try {
      await this.ready();
      await this.db
        .insertInto('hook_call_counts')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['service_id', 'service_version', 'knowledge_version', 'day_start', 'pilot_arm'])
            .doUpdateSet((eb) => ({ calls: eb('hook_call_counts.calls', '+', eb.ref('excluded.calls')) })),
        )
        .execute();
    } catch (err) {
      this.logger.warn(
        { errorName: err instanceof Error ? err.name : typeof err, rows: rows.length },
        'hook call counts could not be written: kept for the next try',
      );
      for (const row of rows) {
        const key = JSON.stringify([row.service_id, row.service_version, row.knowledge_version, row.day_start, row.pilot_arm]);
        const counted = this.pending.get(key);
        if (counted) counted.calls += row.calls;
        else this.pending.set(key, row);
      }
    }
  }
}
