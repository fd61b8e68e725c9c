/** The card for results that look implausible: which, as sent, and why; confirm before acting. */
import { bullets, join, listWords, sourceOf, type CardDefinitions } from '../../cards/content';
import { escapeText, evidenceLine, cite, section } from '../../cards/markdown';
import { formatDate } from '../../fhir/dates';
import type { ApproachLineId } from '../../knowledge/approach';
import { ELECTROLYTES, isElectrolyte } from '../../knowledge/catalogue';
import type { ResultRecord } from '../../facts/types';
import { ASKED_ELECTROLYTES } from '../electrolytes/cards';
import type { PlausibilityFinding } from './findings';

function analyteName(result: ResultRecord): string {
  return isElectrolyte(result.kind) ? ELECTROLYTES[result.kind].label.toLowerCase() : 'ankle-brachial index';
}

export const PLAUSIBILITY_CARDS: CardDefinitions<PlausibilityFinding> = {
  'result-implausible': {
    title: 'Result that looks implausible',
    lines: ['diagnostic.bmp-with-mg', 'diagnostic.abi'],
    render: (f) => {
      const [first] = f.results;
      const lines: [ApproachLineId, ...ApproachLineId[]] = f.results.every((r) => r.result.kind === 'ankleBrachialIndex')
        ? ['diagnostic.abi']
        : f.results.some((r) => r.result.kind === 'ankleBrachialIndex')
          ? ['diagnostic.bmp-with-mg', 'diagnostic.abi']
          : ['diagnostic.bmp-with-mg'];
      const one = f.results.length === 1;
      const sent = first.result.evidence.value ? ` ${first.result.evidence.value.slice(0, 30)}` : '';
      return {
        summary: one
          ? `${analyteName(first.result).replace(/^./, (c) => c.toUpperCase())}${sent}${first.result.effective ? ` of ${formatDate(first.result.effective)}` : ''} looks implausible: confirm with the laboratory before acting on it`
          : `${f.results.length} results look implausible (${listWords([...new Set(f.results.map((r) => analyteName(r.result)))])}): confirm with the laboratory before acting`,
        indicator: 'warning',
        topic: 'electrolytes',
        detail: join(
          section('Why', f.results.map((r) => `${evidenceLine(r.result.evidence)}: ${escapeText(r.reason)}.`).join('\n')),
          'No level, no severity and no suggestion is read from a result like this: it is more likely a unit or transcription error than a measurement. Ask the laboratory to confirm the value and its unit, or repeat the test, before acting on it.',
          section(
            'The approach',
            bullets([
              `Check ${ASKED_ELECTROLYTES}, and obtain an ankle-brachial index when walking brings on leg pain ${cite('diagnostic.bmp-with-mg', 'diagnostic.abi')}: on results that can be trusted.`,
            ]),
          ),
          sourceOf('diagnostic.bmp-with-mg', 'diagnostic.abi'),
        ),
        lines,
      };
    },
  },
};
