/** Cards of the red-flag family: weakness or atrophy, widespread fasciculations, radiating sensory change. */
import { bullets, join, sourceLine, symptomWords, type CardDefinitions } from '../../cards/content';
import { escapeText, evidenceList, refs, section } from '../../cards/markdown';
import type { RedFlagFinding } from './findings';

export const RED_FLAG_CARDS: CardDefinitions<RedFlagFinding> = {
  'red-flag-weakness-atrophy': {
    title: 'Red flag: weakness or atrophy',
    lines: ['red-flag.weakness', 'diagnostic.neuro-exam', 'diagnostic.emg-ncs'],
    render: (f) => ({
      summary: `Red flag: twitching with muscle ${symptomWords(f.records)}: urgent assessment for motor neuron disease or neuropathy`,
      indicator: 'critical',
      topic: 'red-flag',
      detail: join(
        section('Why this card', evidenceList(f.records.map((r) => r.evidence))),
        section(
          'What the approach recommends',
          bullets([
            `Twitching with progressive weakness or muscle atrophy needs urgent assessment: it suggests motor neuron disease or neuropathy ${refs([2])}.`,
            `Establish whether the weakness is progressive; examine strength, reflexes and sensation, and obtain EMG with nerve conduction studies ${refs([7, 2])}.`,
          ]),
        ),
        sourceLine([2, 7]),
      ),
    }),
  },

  'red-flag-widespread-fasciculations': {
    title: 'Red flag: widespread fasciculations',
    lines: ['red-flag.widespread', 'diagnostic.neuro-exam', 'diagnostic.emg-ncs'],
    render: (f) => ({
      summary: `Red flag: fasciculations beyond the hamstring (${f.sites.join(', ')}): urgent assessment`.slice(0, 139),
      indicator: 'critical',
      topic: 'red-flag',
      detail: join(
        section(
          'Why this card',
          `Fasciculations are recorded at body sites other than the thigh: ${f.sites.map(escapeText).join(', ')}.\n\n${evidenceList(f.records.map((r) => r.evidence))}`,
        ),
        section(
          'What the approach recommends',
          bullets([
            `Widespread fasciculations affecting several body regions beyond the hamstring need urgent assessment ${refs([2])}.`,
            `Detailed neurological examination and EMG with nerve conduction studies ${refs([7, 2])}.`,
          ]),
        ),
        sourceLine([2, 7]),
      ),
    }),
  },

  'red-flag-radiculopathy': {
    title: 'Red flag: radiating sensory change',
    lines: ['red-flag.radiculopathy', 'diagnostic.neuro-exam'],
    render: (f) => ({
      summary: 'Red flag: sensory changes radiating down the leg suggest lumbar radiculopathy: urgent assessment',
      indicator: 'critical',
      topic: 'red-flag',
      detail: join(
        section('Why this card', evidenceList(f.records.map((r) => r.evidence))),
        f.records.some((r) => r.concept === 'sensoryChange' && r.bodySites.length === 0) &&
          'A sensory symptom is recorded without a body site: confirm whether it radiates down the leg.',
        section(
          'What the approach recommends',
          bullets([
            `Numbness, tingling or burning radiating down the leg suggests lumbar radiculopathy from nerve root compression and needs urgent assessment ${refs([7])}.`,
            `Detailed neurological examination: weakness, reflex changes and sensory deficits ${refs([7, 2])}.`,
          ]),
        ),
        sourceLine([7]),
      ),
    }),
  },
};
