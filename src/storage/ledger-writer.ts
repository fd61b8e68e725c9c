/**
 * Writes the card ledger after the response, in batches: a hook call only queues its cards
 * (`enqueue` returns at once), and the rows of calls close together are written by one INSERT
 * moments later. A batch that fails is logged (its size and the error's name, never a
 * row) and tried again a bounded number of times, then dropped and counted. `close` writes
 * everything still queued, so a clean shutdown loses nothing. Rows not yet written stay visible
 * through `pending`, so feedback on a card answered a moment ago finds it in this process.
 */
import type { Logger } from 'pino';
import { fromLedgerRow, LEDGER_ROWS_PER_STATEMENT, toLedgerRow, type IssuedCard } from './card-ledger';
import type { CardLedgerTable } from './tables';

export interface LedgerWriterOptions {
  /** Wait after the first queued row, so that calls close together share one statement. */
  delayMs: number;
  /** Tries per batch before it is dropped. */
  maxAttempts: number;
  /** Wait before the second try; doubled for each further one. */
  retryDelayMs: number;
  /** Rows held at most while the store is failing; more are dropped, and counted. */
  maxQueuedRows: number;
}

/**
 * A statement costs about 85 µs of the main thread on the embedded store before its first row
 * (measured on the 2-core development machine), each row about 12 µs more: 50 ms gathers the cards
 * of every call of a busy moment into one statement, where 5 ms wrote most calls' cards alone. The
 * rows wait in this process meanwhile (feedback finds them through `pending`; shutdown writes them).
 */
const LEDGER_WRITER_DEFAULTS: LedgerWriterOptions = { delayMs: 50, maxAttempts: 3, retryDelayMs: 100, maxQueuedRows: 10_000 };

export interface LedgerWriterCounts {
  writtenRows: number;
  failedAttempts: number;
  droppedRows: number;
}

/** Where the writer's batches go (the ledger repository, or a test's stand-in). */
export interface LedgerRowSink {
  insertRows(rows: readonly CardLedgerTable[]): Promise<number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class LedgerWriter {
  private readonly queue: CardLedgerTable[] = [];
  /** Rows queued or being written, by card uuid. */
  private readonly unwritten = new Map<string, CardLedgerTable>();
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private closed = false;
  private readonly tally: LedgerWriterCounts = { writtenRows: 0, failedAttempts: 0, droppedRows: 0 };
  private readonly options: LedgerWriterOptions;

  constructor(
    private readonly sink: LedgerRowSink,
    private readonly logger: Logger,
    options: Partial<LedgerWriterOptions> = {},
  ) {
    this.options = { ...LEDGER_WRITER_DEFAULTS, ...options };
  }

  /**
   * Queues the cards for writing and returns at once. Throws StoreInputError, queuing none of
   * them, when a card holds what cannot be stored: one bad row never fails a batch of others.
   */
  enqueue(cards: readonly IssuedCard[]): void {
    if (this.closed) throw new Error('the card ledger writer is closed');
    const rows = cards.map((card, index) => toLedgerRow(card, index));
    if (rows.length === 0) return;
    if (this.queue.length + rows.length > this.options.maxQueuedRows) {
      this.tally.droppedRows += rows.length;
      this.logger.error({ rows: rows.length, queued: this.queue.length }, 'card ledger queue is full: rows dropped');
      return;
    }
    for (const row of rows) {
      this.queue.push(row);
      this.unwritten.set(row.card_uuid, row);
    }
    this.schedule();
  }

  /** The card, when it is queued or being written in this process. */
  pending(cardUuid: string): IssuedCard | undefined {
    const row = this.unwritten.get(cardUuid);
    return row === undefined ? undefined : fromLedgerRow(row);
  }

  /** Resolves once every row queued before the call is written (or dropped after its last try). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.draining !== undefined) await this.drain();
  }

  /** Refuses new rows and writes all queued ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  counts(): LedgerWriterCounts {
    return { ...this.tally };
  }

  private schedule(): void {
    if (this.timer !== undefined || this.draining !== undefined) return;
    this.timer = setTimeout(() => void this.drain(), this.options.delayMs);
  }

  private drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.draining ??= this.writeQueued().finally(() => {
      this.draining = undefined;
      // Rows queued while the last batch was being written found the writer busy.
      if (this.queue.length > 0) this.schedule();
    });
    return this.draining;
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) await this.writeBatch(this.queue.splice(0, LEDGER_ROWS_PER_STATEMENT));
  }

  private async writeBatch(rows: CardLedgerTable[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.sink.insertRows(rows);
        this.tally.writtenRows += rows.length;
        break;
      } catch (err) {
        this.tally.failedAttempts += 1;
        const lastAttempt = attempt >= this.options.maxAttempts;
        this.logger.error(
          { rows: rows.length, attempt, errorName: err instanceof Error ? err.name : typeof err, dropped: lastAttempt },
          lastAttempt ? 'card ledger batch could not be written: dropped' : 'card ledger batch could not be written: will retry',
        );
        if (lastAttempt) {
          this.tally.droppedRows += rows.length;
          break;
        }
        await sleep(this.options.retryDelayMs * 2 ** (attempt - 1));
      }
    }
    for (const row of rows) this.unwritten.delete(row.card_uuid);
  }
}
