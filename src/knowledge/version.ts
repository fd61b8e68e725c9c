/**
 * The version of the clinical knowledge (approach lines, value sets, thresholds, card wording).
 * It changes whenever what a clinician would read or be suggested changes, independently of the
 * service's own version, so that feedback and override rates can be told apart per knowledge
 * release. Format: year.month.release.
 */
export const KNOWLEDGE_VERSION = '2026.12.1';
