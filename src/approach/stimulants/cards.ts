/** The stimulant family's card: caffeine over the daily limit, from the medication list's dosage. */
import { join, sourceLine, type CardDefinitions } from '../../cards/content';
import { evidenceList, refs } from '../../cards/markdown';
import { refsOf } from '../../knowledge/approach';
import { CAFFEINE_DAILY_LIMIT_MG, CAFFEINE_LIMIT_SOURCE, CAFFEINE_LIMIT_URL } from '../../knowledge/stimulants';
import type { StimulantFinding } from './findings';

export const STIMULANT_CARDS: CardDefinitions<StimulantFinding> = {
  'stimulant-dose-high': {
    title: 'Caffeine over the daily limit',
    lines: ['benign.stimulants'],
    render: (f) => {
      const total = f.caffeine.reduce((sum, s) => sum + s.caffeineMgPerDay, 0);
      return {
        summary: `Caffeine ${total} mg a day on the medication list, over ${CAFFEINE_DAILY_LIMIT_MG} mg: it lowers the threshold for twitching; advise cutting down`,
        indicator: 'info',
        topic: 'benign-causes',
        detail: join(
          evidenceList(f.caffeine.map((s) => ({ ...s, value: `${s.caffeineMgPerDay} mg a day from its dosage` }))),
          `Caffeine lowers the threshold for twitching ${refs(refsOf(['benign.stimulants']))}. Adults are advised no more than ${CAFFEINE_DAILY_LIMIT_MG} mg a day (${CAFFEINE_LIMIT_SOURCE}).`,
          sourceLine(refsOf(['benign.stimulants'])),
        ),
        links: [{ label: 'FDA: how much caffeine is too much?', url: CAFFEINE_LIMIT_URL, type: 'absolute' }],
      };
    },
  },
};
