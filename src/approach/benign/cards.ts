/** Cards of the benign family: likely benign, and twitching whose onset is not recorded. */
import { bullets, conditionReference, join, sourceOf, type CardDefinitions } from '../../cards/content';
import { cite, evidenceList, section } from '../../cards/markdown';
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
          'Why',
          f.normalEmg
            ? `A normal EMG/NCS since it began excludes neuromyotonia ${cite('neuro.emg-diagnostic', 'pitfall.persistent-not-benign')}; no red flag is recorded.\n\n${evidenceList([...f.twitching.map((r) => r.evidence), f.normalEmg])}`
            : `Began ${days(f.durationDays)} ago (persistent after ${settings.persistentAfterDays}); no red flag or other symptom is recorded.\n\n${evidenceList(f.twitching.map((r) => r.evidence))}`,
        ),
        f.stimulants.length > 0 && section('Stimulants on the medication list', evidenceList(f.stimulants)),
        f.stimulants.length === 0 &&
          (f.medicationsUnavailable
            ? 'The medication list could not be read: ask about caffeine and other stimulants.'
            : 'Ask about caffeine, energy drinks and decongestants: often not on the list.'),
        f.contributing.length > 0 && section('Recorded conditions that can cause twitching', evidenceList(f.contributing.map((r) => r.evidence))),
        bullets([
          `Review activity and training, hydration, diet and stimulants; advise rest, fluids and repletion if deficient ${cite('diagnostic.review-activity', 'diagnostic.activity-hydration-repletion')}.`,
          `Examine and order EMG/NCS if it lasts beyond ${settings.persistentAfterDays} days or weakness, atrophy, spreading fasciculations, claudication or radiating numbness appear ${cite('diagnostic.neuro-exam', 'diagnostic.emg-ncs')}.`,
        ]),
        sourceOf('overview.benign-unless-persistent', 'diagnostic.review-activity'),
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
          'Why',
          `No record says when it began; first recorded within ${settings.persistentAfterDays} days.\n\n${evidenceList(f.twitching.map((r) => r.evidence))}`,
        ),
        `Recent and isolated, it is likely benign ${cite('diagnostic.review-activity')}; beyond ${settings.persistentAfterDays} days it needs examination and EMG/NCS ${cite('diagnostic.neuro-exam', 'diagnostic.emg-ncs')}.`,
        sourceOf('overview.benign-unless-persistent', 'diagnostic.review-activity', 'diagnostic.neuro-exam', 'pitfall.persistent-not-benign'),
      ),
    }),
  },
};
