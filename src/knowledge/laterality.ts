/** Laterality qualifiers and sided body sites (SNOMED CT). */
import { SNOMED } from './systems';

/** Right (qualifier value) 24028007, Left (qualifier value) 7771000: seen in published FSH concept maps. */
export const RIGHT_QUALIFIER = { system: SNOMED, code: '24028007', display: 'Right (qualifier value)' };
export const LEFT_QUALIFIER = { system: SNOMED, code: '7771000', display: 'Left (qualifier value)' };

export const SIDE_BY_SNOMED: Readonly<Record<string, 'left' | 'right'>> = {
  [RIGHT_QUALIFIER.code]: 'right',
  [LEFT_QUALIFIER.code]: 'left',
  '61396006': 'left', // Structure of left thigh
  '11207009': 'right', // Structure of right thigh
};
