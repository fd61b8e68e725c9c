/** Cards of the benign family: likely benign, and twitching whose onset is not recorded. */
import { bullets, conditionReference, join, sourceLine, type CardDefinitions } from '../../cards/content';
import { evidenceList, refs, section } from '../../cards/markdown';
import { PITFALL_PERSISTENT } from '../neuromuscular/cards';
import type { BenignFinding } from './findings';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

export const BENIGN_CARDS: CardDefinitions<BenignFinding> = {
  'likely-benign': {
    title: 'Likely benign',
    lines: [
      'diagnostic.review-activity',
      'overview.benign-unless-persistent',
      'benign.overuse-fatigue',
      'benign.dehydration',
      'benign.stimulants',
      'diagnostic.activity-hydration-repletion',
    ],
    render: (f, settings) => ({
      summary: f.normalEmg
        ? `Twitching for ${days(f.durationDays)} with a normal EMG/NCS: neuromyotonia excluded; likely benign; review activity, hydration and stimulants`
        : `Twitching for ${days(f.durationDays)}, no red flags: likely benign; review activity, hydration, diet and stimulants`,
      indicator: 'info',
      topic: 'benign-causes',
      detail: join(
        section(
          'Why this card',
          f.normalEmg
            ? `Twitching has lasted ${days(f.durationDays)}; the EMG/NCS since it began is normal, which excludes neuromyotonia ${refs([2, 5])}, and no red flag is recorded.\n\n${evidenceList([...f.twitching.map((r) => r.evidence), f.normalEmg])}`
            : `Twitching is recorded, began ${days(f.durationDays)} ago (within the ${settings.persistentAfterDays}-day threshold for persistent twitching), and no red flag, weakness, atrophy, sensory change or localized pain is recorded.\n\n${evidenceList(f.twitching.map((r) => r.evidence))}`,
        ),
        f.stimulants.length > 0 && section('Stimulants on the medication list', evidenceList(f.stimulants)),
        f.stimulants.length === 0 &&
          (f.medicationsUnavailable
            ? 'The medication list could not be read: ask about caffeine and other stimulants.'
            : 'No stimulant is on the medication list: ask about caffeine, energy drinks and decongestants, which are often not recorded.'),
        f.contributing.length > 0 && section('Recorded conditions that can cause twitching', evidenceList(f.contributing.map((r) => r.evidence))),
        section(
          'What the approach recommends',
          bullets([
            `Most hamstring twitching is benign fasciculation from fatigue, overuse or electrolyte disturbance ${refs([1, 2])}.`,
            `Review recent activity and training changes, hydration and dietary intake ${refs([3, 1])}.`,
            `Caffeine and other stimulants lower the threshold for twitching ${refs([1])}.`,
            `Recommend activity modification, adequate hydration, and electrolyte repletion if deficient ${refs([3])}.`,
            `If twitching persists beyond ${settings.persistentAfterDays} days (the approach says 2-4 weeks) or weakness, atrophy, widespread fasciculations, claudication or radiating sensory changes appear, examine and order EMG with nerve conduction studies ${refs([7, 2])}.`,
          ]),
        ),
        sourceLine([1, 2, 3]),
      ),
      reasonReference: conditionReference(f.twitching),
    }),
  },

  'twitching-duration-unknown': {
    title: 'Twitching onset unknown',
    lines: ['overview.benign-unless-persistent', 'diagnostic.review-activity', 'diagnostic.neuro-exam', 'diagnostic.emg-ncs', 'pitfall.persistent-not-benign'],
    render: (f, settings) => ({
      summary: 'Twitching is recorded without an onset date: record when it began to tell benign from persistent twitching',
      indicator: 'info',
      topic: 'neurological-evaluation',
      detail: join(
        section(
          'Why this card',
          `Twitching is recorded, but no record states when it began, and it was first recorded within the last ${settings.persistentAfterDays} days.\n\n${evidenceList(f.twitching.map((r) => r.evidence))}`,
        ),
        section(
          'What the approach recommends',
          bullets([
            `Isolated, intermittent twitching: review activity, hydration and diet, check magnesium, potassium and calcium ${refs([3, 1])}.`,
            `Twitching for more than 2-4 weeks (this service uses ${settings.persistentAfterDays} days): detailed neurological examination and EMG with nerve conduction studies ${refs([7, 2])}.`,
            PITFALL_PERSISTENT,
          ]),
        ),
        sourceLine([1, 2, 3, 5, 7]),
      ),
    }),
  },
};
