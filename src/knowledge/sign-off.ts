/**
 * Who answers for the approach this service follows, and when a committee approved it and will
 * review it again: a site's own facts, set by configuration (APPROACH_* in config.ts), shown on the
 * approach page and in /healthz. An approval names the knowledge version it covers, so a release
 * whose knowledge changed says so instead of carrying the earlier approval over.
 */

export interface ApproachSignOff {
  /** The person, role or committee who answers for the approach at this site. */
  readonly owner?: string;
  /** The knowledge version the committee approved (KNOWLEDGE_VERSION of that release). */
  readonly approvedVersion?: string;
  /** The day it was approved, YYYY-MM-DD. */
  readonly approvedOn?: string;
  /** The day it is to be reviewed again, YYYY-MM-DD. */
  readonly reviewDue?: string;
}

export type SignOffState = 'not-approved' | 'other-version' | 'review-overdue' | 'approved';

export interface SignOffStatus {
  readonly state: SignOffState;
  /** One sentence a committee member reads first. */
  readonly sentence: string;
}

/** A calendar day as YYYY-MM-DD, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Where the approval stands for the knowledge that runs, on `today` (YYYY-MM-DD). */
export function signOffStatus(signOff: ApproachSignOff, knowledgeVersion: string, today: string): SignOffStatus {
  if (signOff.approvedOn === undefined || signOff.approvedVersion === undefined) {
    return { state: 'not-approved', sentence: 'Not yet approved: this approach has not been approved for use at this site.' };
  }
  if (signOff.approvedVersion !== knowledgeVersion) {
    return {
      state: 'other-version',
      sentence: `Not approved in this version: knowledge ${signOff.approvedVersion} was approved on ${signOff.approvedOn}; this release runs knowledge ${knowledgeVersion}, which has not been approved.`,
    };
  }
  // YYYY-MM-DD strings compare as the days they name.
  if (signOff.reviewDue !== undefined && signOff.reviewDue < today) {
    return { state: 'review-overdue', sentence: `Review overdue: approved on ${signOff.approvedOn}, to be reviewed by ${signOff.reviewDue}.` };
  }
  return {
    state: 'approved',
    sentence: `Approved on ${signOff.approvedOn} for knowledge ${knowledgeVersion}${signOff.reviewDue !== undefined ? `; next review by ${signOff.reviewDue}` : '; no review date set'}.`,
  };
}
