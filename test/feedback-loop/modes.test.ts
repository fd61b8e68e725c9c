/** Go-live modes: the most specific rule wins, a pilot splits users by their keyed hash, silent cards are set apart. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { IssuedCard } from '../../src/cards/types';
import { applyModes, modeOf, pilotArm, type ModeRules } from '../../src/feedback-loop/modes';

const rules = (entries: [string, 'active' | 'silent' | 'pilot'][], pilot: Partial<ModeRules> = {}): ModeRules => ({
  rules: new Map(entries),
  pilotUsers: [],
  pilotPercent: 0,
  ...pilot,
});

const card = (findingKind: string) =>
  ({ findingKind, findingKey: findingKind, lines: [], fingerprint: 'f', card: { uuid: findingKind } }) as unknown as IssuedCard;

describe('go-live modes', () => {
  it('takes the kind over the service, the service over *, and active when nothing is set', () => {
    const set = rules([
      ['*', 'silent'],
      ['hamstring-twitch', 'pilot'],
      ['likely-benign', 'active'],
    ]);
    assert.equal(modeOf(set, 'hamstring-twitch', 'likely-benign'), 'active');
    assert.equal(modeOf(set, 'hamstring-twitch', 'mri-thigh'), 'pilot');
    assert.equal(modeOf(set, 'hamstring-twitch-order-select', 'mri-thigh'), 'silent');
    assert.equal(modeOf(rules([]), 'hamstring-twitch', 'mri-thigh'), 'active');
  });

  it('puts listed users in the pilot, and about PILOT_PERCENT of the others, each always on the same side', () => {
    const key = Buffer.alloc(32, 7);
    const hash = (user: string) => createHmac('sha256', key).update(user).digest('hex');
    const set = rules([['mri-thigh', 'pilot']], { pilotUsers: ['Practitioner/listed'], pilotPercent: 30 });
    assert.equal(pilotArm(set, 'Practitioner/listed', 'ffffffff'), 'pilot');
    const users = Array.from({ length: 2000 }, (_, i) => `Practitioner/${i}`);
    const inPilot = users.filter((u) => pilotArm(set, u, hash(u)) === 'pilot').length;
    assert.ok(inPilot > 520 && inPilot < 680, `${inPilot} of 2000 in the pilot`);
    assert.deepEqual(
      users.map((u) => pilotArm(set, u, hash(u))),
      users.map((u) => pilotArm(set, u, hash(u))),
    );
    assert.equal(pilotArm({ ...set, pilotPercent: 0 }, 'Practitioner/1', '00000000'), 'control');
    assert.equal(pilotArm({ ...set, pilotPercent: 100 }, 'Practitioner/1', 'ffffffff'), 'pilot');
  });

  it('sets silent cards and the control arm of a pilot apart, asking for the arm only when a pilot card fires', () => {
    let asked = 0;
    const arm = () => {
      asked += 1;
      return 'control' as const;
    };
    const set = rules([
      ['likely-benign', 'silent'],
      ['mri-thigh', 'pilot'],
    ]);
    const none = applyModes([card('electrolyte-low')], set, 'hamstring-twitch', arm);
    assert.equal(asked, 0);
    assert.deepEqual(
      none.active.map((c) => c.mode),
      ['active'],
    );
    const split = applyModes([card('electrolyte-low'), card('likely-benign'), card('mri-thigh')], set, 'hamstring-twitch', arm);
    assert.deepEqual(
      split.active.map((c) => c.issued.findingKind),
      ['electrolyte-low'],
    );
    assert.deepEqual(
      split.silent.map((c) => [c.issued.findingKind, c.mode, c.pilotArm]),
      [
        ['likely-benign', 'silent', undefined],
        ['mri-thigh', 'pilot', 'control'],
      ],
    );
  });
});
