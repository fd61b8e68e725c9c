/**
 * The card catalogue: one entry per finding kind, saying what the clinician reads. Every entry
 * cites the clinical approach's reference numbers and prints the evidence behind the finding.
 */
import { formatDate } from '../fhir/dates';
import { roundForDisplay } from '../fhir/units';
import type { ClinicalRecord, Evidence } from '../facts/types';
import { ABI_BANDS, ABI_SOURCE, ELECTROLYTES, HYPOKALEMIA_REVIEW_URL, type AbiBand, type Electrolyte } from '../knowledge/thresholds';
import type { ExistingWork, FindingKind } from '../rules/types';
import {
  bullets,
  abiSuggestion,
  claudicationAdvice,
  GUIDELINE_LINK,
  join,
  listWords,
  ORDERS_UNCHECKED,
  PITFALL_CLAUDICATION,
  PITFALL_PERSISTENT,
  PITFALL_TENDON,
  REQUIRED_LABEL,
  sourceLine,
  type Entry,
} from './content';
import { escapeText, evidenceLine, evidenceList, refs, section } from './markdown';
import { ORDER_CATALOGUE } from './order-catalogue';
import type { SuggestedOrder } from './orders';
import type { Indicator } from './types';

/** "weakness, cramps" or, past `max` words, "weakness, cramps and 2 more". */
function conceptWords(records: readonly ClinicalRecord[], max = Infinity): string {
  const words: Record<string, string> = {
    muscleWeakness: 'weakness',
    muscleAtrophy: 'atrophy',
    muscleCramp: 'cramps',
    sensoryChange: 'sensory changes',
    radiculopathy: 'radicular symptoms',
    thighPain: 'thigh pain',
    twitching: 'fasciculations beyond the thigh',
  };
  const all = [...new Set(records.map((r) => words[r.concept] ?? r.concept))];
  return all.length > max ? `${all.slice(0, max).join(', ')} and ${all.length - max} more` : all.join(', ');
}

function conditionReference(records: readonly ClinicalRecord[]): string | undefined {
  return records.find((r) => r.resourceType === 'Condition' && !r.evidence.reference.includes('#'))?.evidence.reference;
}

function describeExisting(existing: ExistingWork): { words: string; evidence: Evidence } {
  if (existing.kind === 'emg') {
    return { words: `EMG reported${existing.emg.date ? ` ${formatDate(existing.emg.date)}` : ''}`, evidence: existing.emg.evidence };
  }
  const { order } = existing;
  const verb = order.resourceType === 'Procedure' ? 'done' : order.status === 'completed' ? 'completed' : 'ordered';
  return { words: `EMG/NCS ${verb}${order.date ? ` ${formatDate(order.date)}` : ''}`, evidence: order.evidence };
}

/** A low result is rechecked with the same measurement. */
const RECHECK: Readonly<Record<Electrolyte, { label: string; order: SuggestedOrder }>> = {
  magnesium: { label: 'serum magnesium', order: 'magnesium' },
  potassium: { label: 'serum potassium', order: 'potassium' },
  calciumTotal: { label: 'serum calcium', order: 'calcium' },
  calciumIonized: { label: 'ionized calcium', order: 'calciumIonized' },
};

const ABI_NEXT: Readonly<Record<AbiBand, string>> = {
  abnormal:
    'Consistent with peripheral artery disease: leg pain with walking may be vascular claudication rather than twitching; assess and manage as PAD',
  borderline:
    'Borderline: PAD is not excluded. If leg symptoms come with exertion, the guideline suggests an exercise ABI',
  normal: 'Normal at rest. If leg symptoms come with exertion, the guideline suggests an exercise ABI to unmask PAD',
  noncompressible:
    'Noncompressible arteries: the ABI cannot exclude PAD; the guideline suggests a toe-brachial index as the next test',
};

const ABI_INDICATOR: Readonly<Record<AbiBand, Indicator>> = {
  abnormal: 'warning',
  noncompressible: 'warning',
  borderline: 'info',
  normal: 'info',
};

export const CATALOGUE: { [K in FindingKind]: Entry<K> } = {
  ...ORDER_CATALOGUE,
  'likely-benign': (f, settings) => ({
    summary: `Twitching for ${f.durationDays} day${f.durationDays === 1 ? '' : 's'}, no red flags: likely benign; review activity, hydration, diet and stimulants`,
    indicator: 'info',
    topic: 'benign-causes',
    detail: join(
      section(
        'Why this card',
        `Twitching is recorded, began ${f.durationDays} day${f.durationDays === 1 ? '' : 's'} ago (within the ${settings.persistentAfterDays}-day threshold for persistent twitching), and no red flag, weakness, atrophy, sensory change or localized pain is recorded.\n\n${evidenceList(f.twitching.map((r) => r.evidence))}`,
      ),
      f.stimulants.length > 0 &&
        section('Stimulants on the medication list', evidenceList(f.stimulants)),
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

  'twitching-duration-unknown': (f, settings) => ({
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

  'electrolytes-missing': (f, settings) => {
    const missingWords = f.missing.map((a) => REQUIRED_LABEL[a]);
    return {
      summary: `No ${listWords(missingWords)} result in the last ${settings.lookbackDays} days: check ${f.missing.length > 1 ? 'them' : 'it'}; low levels can cause twitching`,
      indicator: 'info',
      topic: 'electrolytes',
      detail: join(
        section(
          'Why this card',
          `No final ${listWords(missingWords)} result dated in the last ${settings.lookbackDays} days, and no order for ${f.missing.length > 1 ? 'them' : 'it'} in that window.`,
        ),
        f.old.length > 0 &&
          section(
            `Older results (outside the ${settings.lookbackDays}-day window: too old to rely on)`,
            evidenceList(f.old.map((r) => r.evidence)),
          ),
        f.pending.length > 0 && section('Already ordered in the window', evidenceList(f.pending.map((o) => o.evidence))),
        f.missing.includes('magnesium') &&
          (f.panelWithoutMagnesium
            ? `A metabolic panel is on record (${escapeText(f.panelWithoutMagnesium.evidence.reference)}${f.panelWithoutMagnesium.date ? `, ${formatDate(f.panelWithoutMagnesium.date)}` : ''}), but a basic or comprehensive metabolic panel does not include magnesium: order magnesium separately.`
            : 'A basic metabolic panel alone does not include magnesium: order magnesium separately.'),
        f.ordersUnavailable && ORDERS_UNCHECKED,
        section(
          'What the approach recommends',
          bullets([
            `Magnesium, potassium or calcium deficiency can trigger fasciculations throughout the body, including the hamstrings ${refs([1])}.`,
            `Check a basic metabolic panel including magnesium, potassium and calcium ${refs([1])}; replete if deficient ${refs([3])}.`,
          ]),
        ),
        sourceLine([1, 3]),
      ),
      suggestions: f.missing.map((analyte) => ({
        label: `Order serum ${REQUIRED_LABEL[analyte]}`,
        order: analyte,
        recommended: true,
      })),
    };
  },

  'electrolyte-low': (f) => {
    const knowledge = ELECTROLYTES[f.analyte];
    const reported = f.result.evidence.value ?? 'a value';
    const date = f.result.effective ? formatDate(f.result.effective) : 'an unknown date';
    const converted =
      f.canonicalValue !== undefined && !reported.endsWith(knowledge.canonicalUnit)
        ? ` (${roundForDisplay(f.canonicalValue)} ${knowledge.canonicalUnit})`
        : '';
    const basis =
      f.basis === 'lab-interpretation'
        ? 'The laboratory flagged this result as low.'
        : f.basis === 'lab-range'
          ? `Below the laboratory's reference range: lower limit ${f.limit}.`
          : `Below the adult cut-off of ${f.limit}; the result carries no laboratory range.`;
    const severeNote =
      f.severe && knowledge.severeBelow !== undefined
        ? `Severe: below ${knowledge.severeBelow} ${knowledge.canonicalUnit} (${knowledge.source}).`
        : undefined;
    return {
      summary: `Low ${knowledge.label.toLowerCase()}: ${reported.slice(0, 40)}${converted} on ${date}${f.severe ? ' (severe)' : ''}; replete and recheck`,
      indicator: f.severe ? 'critical' : 'warning',
      topic: 'electrolytes',
      detail: join(
        section('Why this card', `${evidenceLine(f.result.evidence)}\n\n${basis}`),
        severeNote,
        knowledge.caveat && f.basis !== 'lab-interpretation' ? knowledge.caveat : undefined,
        f.adultCutOffCaveat &&
          'The patient is under 18 or of unknown age and the result carries no laboratory range: the adult cut-off may not apply.',
        section(
          'What the approach recommends',
          bullets([
            `${knowledge.label} deficiency can trigger spontaneous fasciculations, including in the hamstrings ${refs([1])}.`,
            `Replete the electrolyte (route and dose per local protocol) and recheck the level ${refs([3])}.`,
          ]),
        ),
        sourceLine([1, 3]),
      ),
      suggestions: [{ label: `Recheck ${RECHECK[f.analyte].label}`, order: RECHECK[f.analyte].order }],
      links:
        f.analyte === 'potassium'
          ? [{ label: 'StatPearls: Hypokalemia (NBK482465)', url: HYPOKALEMIA_REVIEW_URL, type: 'absolute' }]
          : undefined,
    };
  },

  'electrolyte-unassessable': (f) => {
    const knowledge = ELECTROLYTES[f.analyte];
    return {
      summary: `${knowledge.label} result${f.result.effective ? ` of ${formatDate(f.result.effective)}` : ''} could not be assessed: ${f.reason}`.slice(0, 139),
      indicator: 'info',
      topic: 'electrolytes',
      detail: join(
        section('Why this card', `${evidenceLine(f.result.evidence)}\n\nThis service could not compare the result with a cut-off: ${escapeText(f.reason)}.`),
        `Read the result against the laboratory's own range. The service compares ${knowledge.label.toLowerCase()} in ${knowledge.canonicalUnit} and converts mg/dL, mmol/L and meq/L.`,
        section('What the approach recommends', bullets([`Check magnesium, potassium and calcium; replete if deficient ${refs([1, 3])}.`])),
        sourceLine([1, 3]),
      ),
    };
  },

  'neurological-evaluation': (f, settings) => {
    const duration =
      f.reasons.includes('duration') && f.durationDays !== undefined
        ? ` for ${f.durationDays} days (over ${settings.persistentAfterDays})`
        : '';
    const symptoms = f.reasons.includes('symptoms')
      ? ` with ${f.symptoms.length > 0 ? conceptWords(f.symptoms, 2) : 'fasciculations beyond the thigh'}`
      : '';
    const existing = f.existing ? describeExisting(f.existing) : undefined;
    const action = existing
      ? `detailed neurological exam; ${existing.words}`
      : 'detailed neurological exam and EMG with nerve conduction studies';
    return {
      summary: `Twitching${duration}${symptoms}: ${action}`,
      indicator: 'warning',
      topic: 'neurological-evaluation',
      detail: join(
        section(
          'Why this card',
          [
            f.reasons.includes('duration')
              ? `Twitching has been recorded for ${f.durationDays} days, beyond the ${settings.persistentAfterDays}-day threshold for persistent twitching (the approach: more than 2-4 weeks).`
              : undefined,
            f.reasons.includes('symptoms') ? 'Twitching is accompanied by other symptoms.' : undefined,
            evidenceList([...f.twitching, ...f.symptoms].map((r) => r.evidence)),
          ]
            .filter(Boolean)
            .join('\n\n'),
        ),
        existing && section('Already on record', `${evidenceLine(existing.evidence)}\n\nNo new EMG order is suggested.`),
        !existing && f.ordersUnavailable && ORDERS_UNCHECKED,
        section(
          'What the approach recommends',
          bullets([
            `Perform a detailed neurological examination: weakness, reflex changes, sensory deficits ${refs([7, 2])}.`,
            `Order EMG and nerve conduction studies to evaluate for peripheral nerve hyperexcitability or neuropathy ${refs([7, 2])}; EMG is diagnostic of neuromyotonia (neuromyotonic discharges) ${refs([2, 5])}.`,
          ]),
        ),
        section('Pitfall', PITFALL_PERSISTENT),
        sourceLine([2, 5, 7]),
      ),
      suggestions: existing
        ? undefined
        : [{ label: 'Order EMG with nerve conduction studies', order: 'electromyography', recommended: true }],
      reasonReference: conditionReference(f.twitching),
    };
  },

  'mri-thigh': (f) => {
    const why = [f.pain.length > 0 ? 'thigh pain' : undefined, f.injuries.length > 0 ? 'prior hamstring strain or injury' : undefined]
      .filter(Boolean)
      .join(' and ');
    const sideWords = f.side === 'left' || f.side === 'right' ? ` ${f.side}` : '';
    return {
      summary: `Twitching with ${why}: consider MRI of the${sideWords} thigh for intramuscular tendon injury`,
      indicator: 'info',
      topic: 'structural',
      detail: join(
        section('Why this card', evidenceList([...f.pain, ...f.injuries].map((r) => r.evidence))),
        f.ordersUnavailable && ORDERS_UNCHECKED,
        section(
          'What the approach recommends',
          bullets([
            `Intramuscular tendon involvement in the hamstring, particularly the biceps femoris, can cause twitching-like sensations, especially after a strain or injury ${refs([4])}.`,
            `Consider MRI of the thigh when there is localized pain or a history of muscle strain, to look for intramuscular tendon pathology ${refs([4])}.`,
          ]),
        ),
        section('Pitfall', PITFALL_TENDON),
        sourceLine([4]),
      ),
      suggestions: [{ label: `Order MRI of the${sideWords} thigh`, order: 'mriThigh', side: f.side, recommended: true }],
    };
  },

  'lgi1-testing': (f) => ({
    summary: 'EMG-confirmed neuromyotonia without an LGI1 antibody result: test LGI1 (autoimmune, responds to immunotherapy)',
    indicator: 'warning',
    topic: 'nerve-hyperexcitability',
    detail: join(
      section('Why this card', `${evidenceList(f.confirmation)}

No LGI1 antibody result or order is on record.`),
      section(
        'What the approach recommends',
        bullets([
          `Neuromyotonia (Isaacs' syndrome) causes continuous twitching, cramps and stiffness from spontaneous motor nerve firing; EMG shows neuromyotonic discharges ${refs([2, 5])}.`,
          `Test LGI1 antibodies once EMG confirms neuromyotonia: the autoimmune form responds to immunotherapy ${refs([2, 5])}.`,
          `Peripheral nerve hyperexcitability syndromes are treatable with immunotherapy or anticonvulsants ${refs([2, 5])}.`,
        ]),
      ),
      sourceLine([2, 5]),
    ),
    suggestions: [{ label: 'Order LGI1 antibody (serum)', order: 'lgi1Antibody', recommended: true }],
  }),

  'lgi1-positive': (f) => ({
    summary: `LGI1 antibody positive${f.result.effective ? ` (${formatDate(f.result.effective)})` : ''}: autoimmune nerve hyperexcitability, treatable with immunotherapy`,
    indicator: 'warning',
    topic: 'nerve-hyperexcitability',
    detail: join(
      section('Why this card', evidenceLine(f.result.evidence)),
      section(
        'What the approach recommends',
        bullets([
          `An LGI1 antibody points to an autoimmune peripheral nerve hyperexcitability syndrome, which responds to immunotherapy ${refs([2, 5])}.`,
          `These syndromes are treatable with immunotherapy or anticonvulsants ${refs([2, 5])}: arrange neurological care.`,
        ]),
      ),
      sourceLine([2, 5]),
    ),
  }),

  'red-flag-weakness-atrophy': (f) => ({
    summary: `Red flag: twitching with muscle ${conceptWords(f.records)}: urgent assessment for motor neuron disease or neuropathy`,
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

  'red-flag-widespread-fasciculations': (f) => ({
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

  'red-flag-claudication': (f) => ({
    summary: f.existingAbi
      ? 'Red flag: leg pain with walking relieved by rest suggests vascular claudication: palpate pulses; review the ABI'
      : 'Red flag: leg pain with walking relieved by rest suggests vascular claudication: palpate pulses and obtain an ABI',
    indicator: 'critical',
    topic: 'vascular',
    detail: join(
      section('Why this card', evidenceList(f.records.map((r) => r.evidence))),
      f.existingAbi && section('Ankle-brachial index already on record', evidenceLine(f.existingAbi)),
      !f.existingAbi && f.ordersUnavailable && ORDERS_UNCHECKED,
      claudicationAdvice(),
    ),
    suggestions: abiSuggestion(f.existingAbi),
    links: [GUIDELINE_LINK],
  }),

  'red-flag-radiculopathy': (f) => {
    const unplaced = f.records.some((r) => r.concept === 'sensoryChange' && r.bodySites.length === 0);
    return {
      summary: 'Red flag: sensory changes radiating down the leg suggest lumbar radiculopathy: urgent assessment',
      indicator: 'critical',
      topic: 'red-flag',
      detail: join(
        section('Why this card', evidenceList(f.records.map((r) => r.evidence))),
        unplaced && 'A sensory symptom is recorded without a body site: confirm whether it radiates down the leg.',
        section(
          'What the approach recommends',
          bullets([
            `Numbness, tingling or burning radiating down the leg suggests lumbar radiculopathy from nerve root compression and needs urgent assessment ${refs([7])}.`,
            `Detailed neurological examination: weakness, reflex changes and sensory deficits ${refs([7, 2])}.`,
          ]),
        ),
        sourceLine([7]),
      ),
    };
  },

  'abi-result': (f, settings) => {
    const allOld = f.readings.length > 0 && f.readings.every((r) => r.old);
    const oldMark = (old: boolean) => (old && !allOld ? ' (old)' : '');
    const readingWords = f.readings.map(
      // The guideline reports an ABI to 2 decimals.
      (r) =>
        `${r.result.side ? `${r.result.side} ` : ''}${r.value.toFixed(2)}${f.readings.length > 1 ? ` ${r.band}` : ''}${oldMark(r.old)}`,
    );
    const summary =
      f.readings.length === 0
        ? 'Ankle-brachial index on record could not be interpreted: check the value and unit'
        : `ABI ${readingWords.join(', ')}: ${f.worst === 'abnormal' ? 'consistent with peripheral artery disease' : ABI_BANDS.find((b) => b.band === f.worst)!.meaning}${allOld ? `; over ${settings.lookbackDays} days old, repeat` : ''}`;
    return {
      summary,
      indicator: f.readings.length === 0 ? 'info' : ABI_INDICATOR[f.worst],
      topic: 'vascular',
      detail: join(
        section(
          'Why this card',
          f.readings
            .map(
              (r) =>
                `${evidenceLine(r.result.evidence)}: ${ABI_BANDS.find((b) => b.band === r.band)!.meaning}.${r.old ? ` Older than ${settings.lookbackDays} days: repeat it if the symptoms have changed.` : ''}`,
            )
            .concat(f.unassessable.map((u) => `${evidenceLine(u.result.evidence)}: not interpreted, ${escapeText(u.reason)}.`))
            .join('\n'),
        ),
        f.readings.length > 0 && section('What follows', `${ABI_NEXT[f.worst]} (${ABI_SOURCE}).`),
        section(
          'What the approach recommends',
          bullets([`The ankle-brachial index screens for peripheral artery disease when leg pain comes with walking and eases with rest ${refs([6, 7])}.`, PITFALL_CLAUDICATION]),
        ),
        sourceLine([6, 7]),
      ),
      links: [GUIDELINE_LINK],
    };
  },
};
