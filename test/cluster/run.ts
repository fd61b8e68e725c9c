/**
 * `npm run test:cluster`: several replicas of the built service behind nginx, sharing one
 * PostgreSQL, all real processes on loopback ports, under a bounded load of authenticated hook
 * calls. It proves what issue 13 asks of a cluster:
 *
 * 1. a token is accepted once across replicas: replayed on another replica it is refused (401),
 *    and raced at every replica at once it is accepted by exactly one;
 * 2. a card overridden through one replica stays away from that patient on the others (the
 *    snoozes are shared), and still comes for another patient;
 * 3. a replica killed (SIGKILL) mid-load and started again loses no call the EHR made: every call
 *    is answered 200, or 503 with Retry-After where nginx had no replica to retry it on, and is
 *    then answered 200 when sent again; every feedback answered 200 is in the database;
 * 4. PostgreSQL frozen (SIGSTOP) and thawed: every call is answered within its deadline (503 with
 *    Retry-After while frozen, never a hang), and calls are answered 200 again soon after.
 *
 * It installs PostgreSQL and nginx from Debian's packages when they are missing (as root), prints
 * what it measured as a table, and ends with "cluster: N passed, M failed". However it ends,
 * everything it started is stopped (or, as a last resort, killed) and its temporary directory removed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureClusterTools } from './debian';
import { cardSummaries, cardUuids, Ehr, errorMessage, FEEDBACK_PATH, HOOK_PATH, PUBLIC_URL, type Answer } from './ehr';
import { Load, type CallRecord } from './load';
import { Nginx } from './nginx';
import { PostgresServer } from './postgres';
import { atExit, freePorts, runCommand, sleep, stopEverything, tail } from './processes';
import { PROJECT_ROOT, Replica } from './replicas';
import { Checks, isRetryLater, phaseTable, summarise, type Summary } from './report';

const REPLICAS = 3;
/** Each client sends its next call once the last is answered. */
const CONCURRENCY = 6;
/** Tokens raced at every replica at once. */
const RACE_ROUNDS = 40;
/** Calls per load phase at most, whatever its duration. */
const MAX_CALLS = 4_000;

/**
 * The replicas' store deadlines, shorter than the 2 s defaults so that a call hung on the frozen
 * database would show well inside the freeze. A store operation ends within the connection and
 * query deadlines plus the client's 250 ms grace for each (storage/postgres-form.ts); a call
 * meets at most two that can fail (it gives up at the first that does, unless that one is
 * optional), and gets a second of slack on this shared machine.
 */
const DB_TIMEOUT_MS = 1_000;
const STORE_OPERATION_MS = 2 * (DB_TIMEOUT_MS + 250);
const CALL_DEADLINE_MS = 2 * STORE_OPERATION_MS + 1_000;
/** Longer than the deadline, so that a call waiting on the database shows as a hang. */
const FREEZE_MS = 8_000;
/** After the thaw, every call begun later than this is answered 200. */
const RECOVERY_LIMIT_MS = 3_000;

const say = (line: string) => process.stdout.write(`cluster: ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const statuses = (answers: readonly Answer[]) => answers.map((a) => (a.status === 0 ? `no answer (${a.failure ?? ''})` : String(a.status))).join(', ');

/** Status counts, for a check's detail: "200 x 812, 503 x 4". */
function statusCounts(answers: readonly Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = a.status === 0 ? 'no answer' : isRetryLater(a) ? '503 + Retry-After' : String(a.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([status, n]) => `${status} x ${n}`).join(', ') || 'none';
}

interface Cluster {
  postgres: PostgresServer;
  replicas: Replica[];
  nginx: Nginx;
  ehr: Ehr;
}

interface Report {
  checks: Checks;
  rows: { label: string; summary: Summary }[];
  facts: string[];
}

async function startCluster(dir: string): Promise<Cluster> {
  const tools = await ensureClusterTools(say);
  say('building the service (npm run build)');
  const build = await runCommand('npm', ['run', 'build'], { cwd: PROJECT_ROOT });
  if (build.code !== 0) throw new Error(`npm run build failed:\n${tail(build.output)}`);

  const [postgresPort, nginxPort, ...replicaPorts] = await freePorts(2 + REPLICAS);
  say(`starting PostgreSQL on 127.0.0.1:${postgresPort}`);
  const postgres = await PostgresServer.start({ binDir: tools.postgresBin, dir, port: postgresPort });
  const ehr = new Ehr(dir);
  // Production as it runs: every refusal of NODE_ENV=production applies. Nothing else of this
  // process's environment is passed on.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    CDS_TRUSTED_CLIENTS_FILE: ehr.trustedClientsFile,
    // Tokens' aud names the https URL the EHR calls; nginx here listens on plain loopback http.
    CDS_PUBLIC_URL: PUBLIC_URL,
    DATABASE_URL: postgres.url,
    FHIR_SERVER_ALLOWLIST: 'https://fhir.cluster.test',
    PATIENT_HASH_KEY: randomBytes(32).toString('hex'),
    CORS_ORIGINS: 'https://ehr.cluster.test',
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'warn',
    DB_QUERY_TIMEOUT_MS: String(DB_TIMEOUT_MS),
    DB_CONNECT_TIMEOUT_MS: String(DB_TIMEOUT_MS),
  };
  const replicas = replicaPorts.map((port, i) => new Replica(`replica ${i + 1}`, port, env, path.join(dir, `replica-${i + 1}.log`)));
  say(`starting ${REPLICAS} replicas together (node dist/server.js) on ports ${replicaPorts.join(', ')}`);
  await Promise.all(replicas.map((replica) => replica.start()));
  say(`starting nginx on 127.0.0.1:${nginxPort}`);
  const nginx = await Nginx.start({ binary: tools.nginx, dir, port: nginxPort, replicaPorts });
  return { postgres, replicas, nginx, ehr };
}

async function replayAcrossReplicas({ replicas, nginx, ehr }: Cluster, report: Report): Promise<void> {
  say('replay: one token at each replica in turn, then tokens raced at all of them');
  const token = await ehr.token(HOOK_PATH);
  const first = await ehr.post(replicas[0].origin, HOOK_PATH, ehr.hookBody(), token, false);
  const replays: Answer[] = [];
  for (const origin of [...replicas.slice(1).map((r) => r.origin), nginx.origin]) replays.push(await ehr.post(origin, HOOK_PATH, ehr.hookBody(), token, false));
  report.checks.check(
    'a token answered 200 by one replica is refused 401 "token already used" by every other replica, and through nginx',
    first.status === 200 && replays.every((a) => a.status === 401 && errorMessage(a) === 'token already used'),
    `first ${first.status}, then ${statuses(replays)}`,
  );

  const raced: Answer[][] = [];
  for (let round = 0; round < RACE_ROUNDS; round++) {
    const racedToken = await ehr.token(HOOK_PATH);
    const bodies = replicas.map(() => ehr.hookBody());
    raced.push(await Promise.all(replicas.map((r, i) => ehr.post(r.origin, HOOK_PATH, bodies[i], racedToken, false))));
  }
  const acceptedOnce = raced.filter(
    (answers) => answers.filter((a) => a.status === 200).length === 1 && answers.filter((a) => a.status === 401).length === REPLICAS - 1,
  );
  const acceptedTwice = raced.filter((answers) => answers.filter((a) => a.status === 200).length > 1);
  report.checks.check(
    `no jti is accepted twice when one token is raced at all ${REPLICAS} replicas at once`,
    acceptedOnce.length === RACE_ROUNDS,
    `${RACE_ROUNDS} tokens: ${acceptedOnce.length} accepted by exactly one replica and refused 401 by the others, ${acceptedTwice.length} accepted twice or more`,
  );
  report.rows.push({ label: `replay: one token at every replica (${RACE_ROUNDS + 1} tokens)`, summary: summarise([first, ...replays, ...raced.flat()]) });
}

/**
 * Overrides that stick across replicas: a card overridden through one replica stays away from that
 * patient on the others (they share the snoozes), and still comes for another patient.
 */
async function snoozeAcrossReplicas({ replicas, ehr }: Cluster, report: Report): Promise<void> {
  say('snooze: a card overridden through one replica, the same patient on another, and another patient');
  const patient = `pt-cluster-snooze-${randomUUID()}`;
  const call = async (replica: number, patientId: string) =>
    ehr.post(replicas[replica].origin, HOOK_PATH, ehr.hookBody(patientId), await ehr.token(HOOK_PATH), false);
  const first = await call(0, patient);
  const [card] = cardUuids(first);
  const [summary] = cardSummaries(first);
  // The first replica writes its ledger rows 50 ms after answering; the second finds them there.
  await sleep(500);
  const override =
    card === undefined ? undefined : await ehr.post(replicas[1].origin, FEEDBACK_PATH, ehr.feedbackBody(card), await ehr.token(FEEDBACK_PATH), false);
  const again = await call(REPLICAS - 1, patient);
  const other = await call(REPLICAS - 1, `pt-cluster-other-${randomUUID()}`);
  report.checks.check(
    'a card overridden through one replica stays away from that patient on another replica, and still comes for another patient',
    summary !== undefined &&
      override?.status === 200 &&
      again.status === 200 &&
      !cardSummaries(again).includes(summary) &&
      cardSummaries(other).includes(summary),
    `"${summary ?? '(no card)'}": overridden through ${replicas[1].name} (${override?.status ?? '-'}); the same patient on ${replicas[REPLICAS - 1].name}: ${cardSummaries(again).length} card(s) without it (${again.status}); another patient: ${cardSummaries(other).includes(summary ?? '') ? 'with it' : 'without it'} (${other.status})`,
  );
}

/** The feedback answered 200 whose card has no feedback row in the database. */
async function feedbackMissingFromDatabase(postgres: PostgresServer, feedback: readonly CallRecord[]): Promise<string[]> {
  const stored = feedback.filter((f) => f.status === 200).map((f) => f.cards[0]);
  if (stored.length === 0) return [];
  const rows = await postgres.query<{ card_uuid: string }>('select distinct card_uuid from card_feedback where card_uuid = any($1)', [stored]);
  const found = new Set(rows.map((r) => r.card_uuid));
  return stored.filter((card) => !found.has(card));
}

async function checkFeedback(cluster: Cluster, report: Report, feedback: readonly CallRecord[], when: string): Promise<void> {
  const missing = await feedbackMissingFromDatabase(cluster.postgres, feedback);
  const stored = feedback.filter((f) => f.status === 200).length;
  report.checks.check(
    `every feedback answered 200 ${when} is in the database`,
    stored > 0 && missing.length === 0,
    `${feedback.length} feedback calls (${statusCounts(feedback)}); ${stored - missing.length} of the ${stored} answered 200 found in card_feedback`,
  );
  const unanswered = feedback.filter((f) => !(f.status === 200 || f.status === 404 || isRetryLater(f)));
  report.checks.check(
    `every feedback ${when} is answered 200, 404 for a card no replica recorded, or 503 with Retry-After`,
    unanswered.length === 0,
    unanswered.length === 0 ? statusCounts(feedback) : `also ${statusCounts(unanswered)}`,
  );
}

async function killOneReplica(cluster: Cluster, report: Report): Promise<void> {
  const { replicas, nginx, ehr } = cluster;
  const victim = replicas[1];
  say(`kill: load through nginx, ${victim.name} killed (SIGKILL) after 3 s and started again`);
  const load = new Load(
    ehr,
    { origin: nginx.origin, concurrency: CONCURRENCY, maxCalls: MAX_CALLS, feedbackEvery: 3, feedbackDelayMs: 300, resend: true },
    'steady',
  );
  await sleep(3_000);
  load.phase = 'killed';
  const killedAt = Date.now();
  await victim.kill();
  await sleep(1_000);
  const restartedAt = Date.now();
  await victim.start();
  const readyAt = Date.now();
  load.phase = 'restarted';
  // Longer than nginx's fail_timeout (5 s), after which it sends the restarted replica calls again.
  await sleep(7_000);
  const records = await load.stop();

  const hooks = records.filter((r) => r.kind === 'hook' && !r.resent);
  const resent = records.filter((r) => r.kind === 'hook' && r.resent);
  const feedback = records.filter((r) => r.kind === 'feedback');
  const lost = hooks.filter((r) => !(r.status === 200 || isRetryLater(r)));
  report.checks.check(
    `with ${victim.name} killed mid-load and restarted, every hook call is answered 200 or 503 with Retry-After`,
    hooks.length > 0 && lost.length === 0,
    lost.length === 0 ? statusCounts(hooks) : `${lost.length} of ${hooks.length} were not: ${statusCounts(lost)}`,
  );
  report.checks.check(
    'every hook call answered 503 is answered 200 when sent again after its Retry-After, with a fresh token',
    resent.every((r) => r.status === 200),
    resent.length === 0 ? 'none was answered 503' : `${resent.length} sent again: ${statusCounts(resent)}`,
  );
  await checkFeedback(cluster, report, feedback, 'while a replica is killed and restarted');

  const log = nginx.accessLog().filter((line) => line.uri === HOOK_PATH || line.uri === FEEDBACK_PATH);
  const servedAfterRestart = log.filter((line) => line.endedAtMs > readyAt && line.upstreams.at(-1) === victim.address && line.status === 200).length;
  report.checks.check(
    `nginx sends the restarted ${victim.name} calls again`,
    servedAfterRestart > 0,
    `${servedAfterRestart} calls answered 200 by it after it was ready`,
  );

  for (const [phase, label] of [
    ['steady', `${REPLICAS} replicas`],
    ['killed', `${victim.name} killed, until ready again`],
    ['restarted', `${victim.name} restarted`],
  ] as const) {
    report.rows.push({ label: `hook calls: ${label}`, summary: summarise(hooks.filter((r) => r.phase === phase)) });
  }
  report.rows.push({ label: 'hook calls sent again after a 503', summary: summarise(resent) });
  report.rows.push({ label: 'feedback: a replica killed and restarted', summary: summarise(feedback) });
  const perReplica = replicas.map((r) => `${r.name} ${log.filter((line) => line.upstreams.at(-1) === r.address).length}`).join(', ');
  report.facts.push(
    `${victim.name} killed at +${seconds(killedAt - Math.min(...records.map((r) => r.startedAt)))} into the load and started again ${seconds(restartedAt - killedAt)} later; time to recover: ready (GET /readyz 200) ${readyAt - restartedAt} ms after its start, ${seconds(readyAt - killedAt)} after the kill`,
    `nginx: ${log.filter((line) => line.upstreams.length > 1).length} calls tried on a second replica, ${log.filter((line) => line.status === 503 && line.upstreamStatuses.some((s) => s === '502' || s === '504')).length} cut off mid-call and answered 503 by nginx itself; calls per replica: ${perReplica}`,
  );
}

async function freezeDatabase(cluster: Cluster, report: Report): Promise<void> {
  const { postgres, nginx, ehr } = cluster;
  say(`freeze: load through nginx, PostgreSQL frozen (SIGSTOP) for ${seconds(FREEZE_MS)}, then thawed (SIGCONT)`);
  const load = new Load(
    ehr,
    { origin: nginx.origin, concurrency: CONCURRENCY, maxCalls: MAX_CALLS, feedbackEvery: 4, feedbackDelayMs: 300, resend: false },
    'before',
  );
  await sleep(2_000);
  postgres.freeze();
  const frozenAt = Date.now();
  load.phase = 'frozen';
  await sleep(FREEZE_MS);
  postgres.thaw();
  const thawedAt = Date.now();
  load.phase = 'thawed';
  await sleep(6_000);
  const records = await load.stop();

  const hooks = records.filter((r) => r.kind === 'hook');
  const feedback = records.filter((r) => r.kind === 'feedback');
  const late = records.filter((r) => r.status === 0 || r.ms > CALL_DEADLINE_MS);
  report.checks.check(
    `with PostgreSQL frozen, every call is answered within its deadline (${CALL_DEADLINE_MS} ms: two store operations of ${STORE_OPERATION_MS} ms and 1 s of slack), never hangs`,
    late.length === 0,
    late.length === 0
      ? `slowest ${Math.max(...records.map((r) => r.ms))} ms of ${records.length} calls`
      : `${late.length} calls took longer: ${late.map((r) => `${r.kind} ${r.ms} ms (${r.status})`).join(', ')}`,
  );
  const frozenHooks = hooks.filter((r) => r.phase === 'frozen');
  const wrong = records.filter((r) => !(r.status === 200 || isRetryLater(r) || (r.kind === 'feedback' && r.status === 404)));
  report.checks.check(
    'while PostgreSQL is frozen and after, every call is answered 200 or 503 with Retry-After (never 500, never a refused token)',
    wrong.length === 0 && frozenHooks.some(isRetryLater),
    wrong.length === 0 ? `frozen: ${statusCounts(frozenHooks)}` : `also ${statusCounts(wrong)}`,
  );
  const afterThaw = hooks.filter((r) => r.startedAt >= thawedAt);
  const recovered = afterThaw.filter((r) => r.startedAt >= thawedAt + RECOVERY_LIMIT_MS);
  report.checks.check(
    `once PostgreSQL is thawed, every hook call begun ${seconds(RECOVERY_LIMIT_MS)} later is answered 200`,
    recovered.length > 0 && recovered.every((r) => r.status === 200),
    statusCounts(recovered),
  );
  await checkFeedback(cluster, report, feedback, 'around the freeze');

  for (const [phase, label] of [
    ['before', 'before the freeze'],
    ['frozen', 'PostgreSQL frozen'],
    ['thawed', 'after the thaw'],
  ] as const) {
    report.rows.push({ label: `hook calls: ${label}`, summary: summarise(hooks.filter((r) => r.phase === phase)) });
  }
  report.rows.push({ label: 'feedback: around the freeze', summary: summarise(feedback) });
  const answeredAt = (r: CallRecord) => r.startedAt + r.ms;
  const firstRefusal = Math.min(...frozenHooks.filter(isRetryLater).map(answeredAt));
  const firstOk = Math.min(...hooks.filter((r) => r.status === 200 && answeredAt(r) >= thawedAt).map(answeredAt));
  const lastNotOk = Math.max(thawedAt, ...hooks.filter((r) => r.status !== 200).map(answeredAt));
  report.facts.push(
    `PostgreSQL frozen ${seconds(FREEZE_MS)}: the first 503 came ${firstRefusal - frozenAt} ms into the freeze; time to recover after the thaw: ${firstOk - thawedAt} ms to the first call answered 200, ${lastNotOk - thawedAt} ms to the last answered otherwise`,
  );
}

async function main(): Promise<number> {
  const began = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-cluster-'));
  // PostgreSQL (as its own user) and nginx's workers (as nobody) reach their folders inside it.
  fs.chmodSync(dir, 0o711);
  atExit(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cluster = await startCluster(dir);
  const report: Report = { checks: new Checks(), rows: [], facts: [] };
  try {
    await replayAcrossReplicas(cluster, report);
    await snoozeAcrossReplicas(cluster, report);
    await killOneReplica(cluster, report);
    await freezeDatabase(cluster, report);
  } catch (err) {
    process.stderr.write(`cluster: stopped by an error: ${(err as Error).stack ?? String(err)}\n`);
    report.checks.check('the scenarios run to their end', false, (err as Error).message);
  }
  report.facts.push(`resident memory at the end: ${cluster.replicas.map((r) => `${r.name} ${r.rssMb() ?? '-'} MB`).join(', ')}`);

  if (report.checks.failed > 0) {
    for (const replica of cluster.replicas) process.stdout.write(`\n--- ${replica.name}, last log lines ---\n${replica.log()}\n`);
    process.stdout.write(`\n--- nginx error log ---\n${cluster.nginx.errorLog()}\n--- PostgreSQL log ---\n${cluster.postgres.log()}\n`);
  }
  await stopEverything();

  process.stdout.write(`\n${phaseTable(report.rows)}\n\n`);
  for (const fact of report.facts) process.stdout.write(`- ${fact}\n`);
  process.stdout.write(
    `- ${REPLICAS} replicas (NODE_ENV=production, DB_QUERY_TIMEOUT_MS and DB_CONNECT_TIMEOUT_MS ${DB_TIMEOUT_MS}), ${CONCURRENCY} EHR clients through nginx, a fresh ES384 token per call; ${seconds(Date.now() - began)} in all, on ${os.cpus().length} cores\n\n`,
  );
  process.stdout.write(`${report.checks.text()}\n`);
  return report.checks.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    process.stderr.write(`cluster: ${err instanceof Error ? err.message : String(err)}\n`);
    process.stdout.write('cluster: 0 passed, 1 failed\n');
    await stopEverything();
    process.exit(1);
  },
);
