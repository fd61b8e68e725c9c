/**
 * Findings: what a rule concluded, with the evidence that made it conclude so. Each family
 * declares its own; this is their union. Rendering them is the card definitions' job: rules never
 * write prose for the clinician.
 */
import type { BenignFinding } from './benign/findings';
import type { DiagnosisFinding } from './diagnoses/findings';
import type { DuplicateFinding } from './duplicates/findings';
import type { ElectrolyteFinding } from './electrolytes/findings';
import type { NeuromuscularFinding } from './neuromuscular/findings';
import type { PlausibilityFinding } from './plausibility/findings';
import type { RedFlagFinding } from './red-flags/findings';
import type { StimulantFinding } from './stimulants/findings';
import type { StructuralFinding } from './structural/findings';
import type { VascularFinding } from './vascular/findings';

export type Finding =
  | RedFlagFinding
  | DiagnosisFinding
  | VascularFinding
  | NeuromuscularFinding
  | StructuralFinding
  | ElectrolyteFinding
  | StimulantFinding
  | BenignFinding
  | PlausibilityFinding
  | DuplicateFinding;

export type FindingKind = Finding['kind'];
