/**
 * Where the patient stands on each branch of the approach: derived once from the facts, read by
 * every family's rule (a card says the next step only) and shown as it is on the work-up page, so
 * the page and the cards can never disagree.
 *
 * A branch is not started, ordered, resulted (normal, abnormal, or unreadable) or diagnosed; it is
 * indicated when the approach calls for it for this patient now, and then `next` names the step
 * still due. A red flag is present with its course (new, progressive, or established long before
 * the twitching), what on record explains it (a diagnosis) or answers it (an assessment made after
 * its onset), and whether it is urgent.
 */
import type { ApproachLineId } from '../../knowledge/approach';
import type { Region } from '../../knowledge/anatomy';
import type { Side } from '../../knowledge/laterality';
import type { ClinicalRecord, Evidence } from '../../facts/types';

export type BranchId = 'magnesium' | 'potassium' | 'calcium' | 'neurological-examination' | 'emg' | 'neuromyotonia' | 'lgi1' | 'mri-thigh' | 'pulses-abi';

export type BranchStatus = 'not-started' | 'ordered' | 'resulted' | 'diagnosed';

export type BranchOutcome = 'normal' | 'abnormal' | 'unreadable';

export interface BranchState {
  id: BranchId;
  /** What the branch is, as a clinician names it: "Magnesium", "EMG and nerve conduction studies". */
  title: string;
  status: BranchStatus;
  /** The reading of a resulted branch. */
  outcome?: BranchOutcome;
  /** When the branch reached its status: the order, the result, the diagnosis. */
  date?: Date;
  /** The approach calls for this branch for this patient now. */
  indicated: boolean;
  /** The step still due on this branch, in a clinician's words; absent when nothing is due. */
  next?: string;
  /** Where it stands in one line: "Magnesium 1.3 mg/dL on 2026-12-01: low". */
  line: string;
  evidence: Evidence[];
  /** The approach lines this branch follows. */
  lines: readonly ApproachLineId[];
}

export type RedFlagKind = 'weakness' | 'widespread' | 'claudication' | 'radiculopathy';

/** New (began with or after the twitching), recorded as worsening, or established long before the twitching and not recorded as worsening. */
export type RedFlagCourse = 'new' | 'progressive' | 'established';

export interface RedFlagState {
  flag: RedFlagKind;
  title: string;
  records: ClinicalRecord[];
  /** The earliest date its records show it. */
  since?: Date;
  course: RedFlagCourse;
  /** Diagnoses on record that explain it (motor neuron disease, peripheral artery disease, a polyneuropathy). */
  explainedBy: ClinicalRecord[];
  /** The assessment on record made after its onset that answers it (an ABI, an EMG that answered the question, spinal imaging). */
  answeredBy?: Evidence;
  /** Present, new or progressive, neither explained nor answered: urgent assessment. */
  urgent: boolean;
  /** Where it stands in one line: "Sciatica since 2018-03-01, not recorded as worsening". */
  line: string;
  /** Body regions it was recorded in (widespread fasciculations: two or more). */
  regions: Region[];
}

/** The hamstring twitching itself: the records that open the approach, how long, where. */
export interface TwitchingState {
  records: ClinicalRecord[];
  side?: Side;
  /** The earliest date the records show twitching. */
  since?: Date;
  onsetKnown: boolean;
  durationDays?: number;
  /** Longer than the persistence threshold (the approach: > 2-4 weeks). */
  persistent: boolean;
  /** Regions where fasciculations are recorded, the hamstring's (lumbosacral) included. */
  regions: Region[];
}

export interface Standing {
  twitching: TwitchingState;
  branches: BranchState[];
  redFlags: RedFlagState[];
  /** Diagnoses on record that the approach reads: what explains the twitching or answers a flag. */
  diagnoses: ClinicalRecord[];
}
