/**
 * Vascular symptoms on draft orders. Lines: pitfall.claudication-not-twitching ("Do not confuse
 * muscle twitching with vascular claudication"), diagnostic.pulses, diagnostic.abi: an EMG drafted
 * for a patient with claudication on record. The one order check that applies without twitching.
 */
import { ordersUnavailable } from '../context';
import { draftOf, type DraftCheck } from '../drafts';
import { activeRecords } from '../episode';
import type { EmgForClaudication } from './findings';
import { abiOnRecord } from './rule';

export const checkEmgForClaudication: DraftCheck<EmgForClaudication> = ({ facts, drafts, episode, ctx, scope }, draft) => {
  const claudication = activeRecords(facts, ['claudication']);
  if (claudication.length === 0) return undefined;
  const emgIndicated = scope.twitching && episode.persistenceReasons.length > 0;
  const existingAbi = abiOnRecord(facts, ctx) ?? draftOf(drafts, ['ankleBrachialIndex'])?.evidence;
  // An EMG with its own indication, or for a patient without twitching whose claudication is
  // already being worked up, is not the confusion the approach warns about.
  if (existingAbi && (emgIndicated || !scope.twitching)) return undefined;
  return { kind: 'order-emg-claudication', draft, claudication, emgIndicated, existingAbi, ordersUnavailable: ordersUnavailable(facts) };
};
