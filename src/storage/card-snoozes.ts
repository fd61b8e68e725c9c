/**
 * Snoozes: a finding a clinician overrode for a patient is not shown to that patient again until
 * a time, unless the evidence that made it fire changes (the caller compares fingerprints). One
 * snooze per patient and finding key; a new override replaces the old one.
 */
import type { Kysely } from 'kysely';
import { prepareQuery, type PreparedQuery } from './prepared-query';
import { compareCodePoints, storableInstant, storableText } from './storable';
import type { CardSnoozesTable, StoreTables } from './tables';

export interface Snooze {
  patientHash: string;
  findingKey: string;
  evidenceFingerprint: string;
  until: Date;
  /** The card whose override made the snooze. */
  cardUuid: string;
  createdAt: Date;
}

interface ActiveValues extends Record<string, unknown> {
  patientHash: string;
  now: number;
}

function fromSnoozeRow(row: CardSnoozesTable): Snooze {
  return {
    patientHash: row.patient_hash,
    findingKey: row.finding_key,
    evidenceFingerprint: row.evidence_fingerprint,
    until: new Date(row.snoozed_until),
    cardUuid: row.card_uuid,
    createdAt: new Date(row.created_at),
  };
}

export class CardSnoozeRepository {
  /** Asked on every hook call that has a patient: compiled once. */
  private readonly selectActive: PreparedQuery<ActiveValues, CardSnoozesTable>;

  constructor(
    private readonly db: Kysely<StoreTables>,
    private readonly ready: () => Promise<void>,
  ) {
    this.selectActive = prepareQuery<ActiveValues, CardSnoozesTable>(db, (q, v) =>
      q.selectFrom('card_snoozes').selectAll().where('patient_hash', '=', v.patientHash).where('snoozed_until', '>', v.now),
    );
  }

  /**
   * Snoozes the finding for the patient, replacing a snooze made by an earlier (or the same)
   * override. Feedback may arrive out of order: an override older than the snooze in place
   * changes nothing, so the latest override decides.
   */
  async upsert(snooze: Snooze): Promise<void> {
    const row: CardSnoozesTable = {
      patient_hash: storableText(snooze.patientHash, 'patientHash'),
      finding_key: storableText(snooze.findingKey, 'findingKey'),
      evidence_fingerprint: storableText(snooze.evidenceFingerprint, 'evidenceFingerprint'),
      snoozed_until: storableInstant(snooze.until, 'until'),
      card_uuid: storableText(snooze.cardUuid, 'cardUuid'),
      created_at: storableInstant(snooze.createdAt, 'createdAt'),
    };
    await this.ready();
    await this.db
      .insertInto('card_snoozes')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['patient_hash', 'finding_key'])
          .doUpdateSet((eb) => ({
            evidence_fingerprint: eb.ref('excluded.evidence_fingerprint'),
            snoozed_until: eb.ref('excluded.snoozed_until'),
            card_uuid: eb.ref('excluded.card_uuid'),
            created_at: eb.ref('excluded.created_at'),
          }))
          .where((eb) => eb('card_snoozes.created_at', '<=', eb.ref('excluded.created_at'))),
      )
      .execute();
  }

  /** The patient's snoozes still running at `now`, by finding key. */
  async activeFor(patientHash: string, now: Date): Promise<Snooze[]> {
    const values: ActiveValues = { patientHash: storableText(patientHash, 'patientHash'), now: storableInstant(now, 'now') };
    await this.ready();
    const { rows } = await this.selectActive.execute(values);
    return rows.map(fromSnoozeRow).sort((a, b) => compareCodePoints(a.findingKey, b.findingKey));
  }

  /** Deletes the snoozes over by `now`; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const nowMs = storableInstant(now, 'now');
    await this.ready();
    const result = await this.db.deleteFrom('card_snoozes').where('snoozed_until', '<=', nowMs).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
