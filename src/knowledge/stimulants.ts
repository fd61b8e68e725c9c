/**
 * How much caffeine a day is a lot. The US FDA cites 400 mg a day for healthy adults as an amount
 * not generally associated with dangerous, negative effects (FDA Consumer Update "Spilling the
 * Beans: How Much Caffeine is Too Much?", 2018); the European Food Safety Authority's opinion on
 * the safety of caffeine (EFSA Journal 2015;13:4102) gives the same 400 mg a day for adults. The
 * approach's line benign.stimulants: caffeine lowers the threshold for twitching.
 */
export const CAFFEINE_DAILY_LIMIT_MG = 400;

export const CAFFEINE_LIMIT_SOURCE = 'FDA Consumer Update 2018; EFSA Journal 2015;13:4102';

export const CAFFEINE_LIMIT_URL = 'https://www.fda.gov/consumers/consumer-updates/spilling-beans-how-much-caffeine-too-much';
