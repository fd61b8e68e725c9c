/**
 * The ledger writer on its own, with a stand-in for the database: batching, retries, what it
 * counts and logs, and that nothing queued is lost on close.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';
import { StoreUnavailableError } from '../../src/storage/errors';
import { LedgerWriter, type LedgerRowSink } from '../../src/storage/ledger-writer';
import type { CardLedgerTable } from '../../src/storage/tables';
import { issuedCard, PATIENT_HASH } from './support/rows';

/** A sink that records each batch, failing the first `failures` calls. */
class RecordingSink implements LedgerRowSink {
  readonly batches: CardLedgerTable[][] = [];
  calls = 0;
  constructor(private failures = 0) {}

  insertRows(rows: readonly CardLedgerTable[]): Promise<number> {
    this.calls += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new StoreUnavailableError('the database cannot be reached'));
    }
    this.batches.push([...rows]);
    return Promise.resolve(rows.length);
  }
}

function capture(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('debug', stream) };
}

const FAST_RETRIES = { retryDelayMs: 1 };

describe('ledger writer', () => {
  describe('with cards queued by several calls in a row', () => {
    it('writes them in one batch', async () => {
      const sink = new RecordingSink();
      const writer = new LedgerWriter(sink, createLogger('silent'));
      writer.enqueue([issuedCard(), issuedCard()]);
      writer.enqueue([issuedCard()]);
      await writer.flush();
      assert.deepEqual(
        sink.batches.map((b) => b.length),
        [3],
      );
    });
  });

  describe('with more cards than one statement takes', () => {
    it('writes them 500 to a statement', async () => {
      const sink = new RecordingSink();
      const writer = new LedgerWriter(sink, createLogger('silent'));
      writer.enqueue(Array.from({ length: 1_201 }, () => issuedCard()));
      await writer.flush();
      assert.deepEqual(
        sink.batches.map((b) => b.length),
        [500, 500, 201],
      );
    });
  });

  describe('with cards queued while a batch is being written', () => {
    it('writes them in the next batch without being asked', async () => {
      let release: () => void = () => undefined;
      const batches: number[] = [];
      const slow: LedgerRowSink = {
        insertRows: (rows) => {
          batches.push(rows.length);
          return batches.length === 1 ? new Promise((resolve) => (release = () => resolve(rows.length))) : Promise.resolve(rows.length);
        },
      };
      const writer = new LedgerWriter(slow, createLogger('silent'));
      writer.enqueue([issuedCard()]);
      while (batches.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      const late = issuedCard();
      writer.enqueue([late, issuedCard()]);
      assert.equal(writer.pending(late.cardUuid)?.cardUuid, late.cardUuid);
      release();
      while (batches.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
      assert.deepEqual(batches, [1, 2]);
    });
  });

  describe('when a batch fails once', () => {
    it('tries again, writes it, and counts the failed try', async () => {
      const sink = new RecordingSink(1);
      const writer = new LedgerWriter(sink, createLogger('silent'), FAST_RETRIES);
      writer.enqueue([issuedCard()]);
      await writer.flush();
      assert.equal(sink.batches.length, 1);
      assert.deepEqual(writer.counts(), { writtenRows: 1, failedAttempts: 1, droppedRows: 0 });
    });
  });

  describe('when a batch keeps failing', () => {
    it('gives up after its last try, counts the rows dropped and forgets them', async () => {
      const sink = new RecordingSink(Number.POSITIVE_INFINITY);
      const writer = new LedgerWriter(sink, createLogger('silent'), { ...FAST_RETRIES, maxAttempts: 3 });
      const card = issuedCard();
      writer.enqueue([card, issuedCard()]);
      await writer.flush();
      assert.equal(sink.calls, 3);
      assert.deepEqual(writer.counts(), { writtenRows: 0, failedAttempts: 3, droppedRows: 2 });
      assert.equal(writer.pending(card.cardUuid), undefined);
    });

    it('logs each failure with the batch size and the error name, never a card or a patient', async () => {
      const { lines, logger } = capture();
      const writer = new LedgerWriter(new RecordingSink(Number.POSITIVE_INFINITY), logger, { ...FAST_RETRIES, maxAttempts: 2 });
      const card = issuedCard({ findingKey: 'electrolyte-low:magnesium-secret', evidenceFingerprint: 'fingerprint-secret' });
      writer.enqueue([card]);
      await writer.flush();
      assert.equal(lines.length, 2);
      const [first, last] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual([first.rows, first.attempt, first.errorName, first.dropped], [1, 1, 'StoreUnavailableError', false]);
      assert.deepEqual([last.attempt, last.dropped], [2, true]);
      for (const secret of [card.cardUuid, PATIENT_HASH, 'magnesium-secret', 'fingerprint-secret', card.hookInstance]) {
        assert.ok(!lines.join('\n').includes(secret), `the log holds ${secret}`);
      }
    });
  });

  describe('on close', () => {
    it('writes every queued card, then refuses new ones', async () => {
      const sink = new RecordingSink();
      const writer = new LedgerWriter(sink, createLogger('silent'), { delayMs: 60_000 });
      writer.enqueue([issuedCard(), issuedCard()]);
      await writer.close();
      assert.deepEqual(
        sink.batches.map((b) => b.length),
        [2],
      );
      assert.throws(() => writer.enqueue([issuedCard()]), /closed/);
    });
  });

  describe('with more cards queued than it holds', () => {
    it('drops the cards that do not fit, counts them, and keeps the rest', async () => {
      const sink = new RecordingSink();
      const writer = new LedgerWriter(sink, createLogger('silent'), { maxQueuedRows: 3, delayMs: 60_000 });
      writer.enqueue([issuedCard(), issuedCard()]);
      writer.enqueue([issuedCard(), issuedCard()]);
      assert.equal(writer.counts().droppedRows, 2);
      await writer.flush();
      assert.deepEqual(
        sink.batches.map((b) => b.length),
        [2],
      );
    });
  });
});
