/**
 * The known-diagnosis card: motor neuron disease is on record, so fasciculations are expected with
 * it. The approach's work-up of unexplained fasciculations (the benign reading, an urgent
 * assessment, a first EMG) has nothing to add; the card says it is known and names only what is
 * still due (its own cards: electrolytes, a new claudication). Lines: red-flag.weakness and red-flag.widespread (what the diagnosis explains),
 * benign.electrolytes (electrolytes still lower the threshold for twitching).
 */
import { bullets, join, sourceLine, type CardDefinitions } from '../../cards/content';
import { escapeText, evidenceList } from '../../cards/markdown';
import { refsOf } from '../../knowledge/approach';
import type { DiagnosisFinding } from './findings';

const LINES = ['red-flag.widespread', 'red-flag.weakness', 'benign.electrolytes'] as const;

export const DIAGNOSIS_CARDS: CardDefinitions<DiagnosisFinding> = {
  'known-diagnosis': {
    title: 'Known diagnosis explains the fasciculations',
    lines: [...LINES],
    render: (f) => {
      const name = f.diagnoses[0].evidence.description;
      return {
        summary: `${name.slice(0, 70)} on record: fasciculations are expected; no new work-up for them`,
        indicator: 'info',
        topic: 'neurological-evaluation',
        detail: join(
          evidenceList(f.diagnoses.map((r) => r.evidence)),
          'Not offered, because the diagnosis answers them: the likely-benign reading, an urgent motor neuron assessment, a first EMG. Follow the patient with the team that manages the diagnosis.',
          f.flags.length > 0 && bullets(f.flags.map((flag) => escapeText(flag.line))),
          sourceLine(refsOf([...LINES])),
        ),
      };
    },
  },
};
