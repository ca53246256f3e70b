/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets, no-console -- not shipped: n8n's rules for node code */
/**
 * `npm run bench`: lookup speed, side by side on one n8n (the pinned 2.41.0 with this package installed).
 *
 *   built-in       n8n's Webhook → Respond to Webhook (no authentication)
 *   built-in+auth  the same with the Webhook's header authentication (the same work as our Bearer check)
 *   ours           M8Com Lookup Trigger → Respond to M8Com Lookup (JSON)
 *   cached         ours with the answer cache on, every lookup a hit (no execution)
 *
 * All answer the same full Insights JSON (contact, company, 6 activity types × 10), checked byte for byte
 * before measuring and on every response. Load: autocannon at concurrency 1, 4 and 16, rounds interleaved
 * (built-in, ours, …, then the reverse order) and medians taken, so drift and other load hit all alike.
 * Then: burst capacity (bench/burst.ts: the largest burst all answered within 3 s with a 300 ms CRM step, for
 * every variant and "ours, stale-while-refresh"; the share within 3 s of a burst of 16 with a 10 s CRM step),
 * lookups whose CRM step takes 10 s (answered within 3 s?), and a micro-benchmark of shaping. n8n's own count of
 * V8 isolates (N8N_METRICS, `expression_pool_acquired`) is read around every round: isolates per lookup.
 * Prints a report with a Markdown table and writes the figures to bench/results/.
 *
 * Options: --rounds N (3)  --duration S (5)  --concurrency 4,16  --deadline-lookups N (16)
 *          --bursts 4,8,16,32,64  --quick (rounds 1, duration 3, bursts 4,8,16: a smoke run)
 *          --env NAME=VALUE (extra n8n setting, repeatable)  --profile (CPU-profile n8n instead; see README)
 *          --out FILE
 */
import { cpus, loadavg } from 'node:os';
import { mkdirSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

import { startStandInCrm } from '../examples/standInCrm';
import { N8nApi, waitForWebhook } from '../test/harness/api';
import { ensureRuntime, packPackage, startN8n, stopN8n, type N8nInstance } from '../test/harness/n8n';
import { biggestDifferences, nowUs, summarizeProfile, type ProfileWindow, type VariantProfile } from './cpuProfile';
import { deadlineBurst, type DeadlineBurst, DEFAULT_DEADLINE_MS } from './deadline';
import { fullInsightsText } from './fixture';
import { loadRound, median, type RoundResult } from './load';
import { processCpuMs } from './processCpu';
import { markdownReport, textReport } from './report';
import { runShapeBench, type ShapeBenchResult } from './shapeBench';
import { builtInPair, builtInStepPair, ourPair, ourStepPair, slowCrmPair } from './workflows';
import { sendBurst, settle, startStepCrm, type BurstResult, type StepCrm } from './burst';

const SECRET = 'bench-m8com-secret-4d1c';
const QUERY = `?${new URLSearchParams({ fromNumber: '+46701234567', toNumber: '+46812345678' })}`;
const HEADERS = { authorization: `Bearer ${SECRET}` };
const CACHE_SECONDS = 3600;
/** The n8n settings the issue asks for (see README "Performance"); more with --env. */
export const BENCH_ENV = { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', DB_SQLITE_POOL_SIZE: '4', N8N_LOG_LEVEL: 'warn', N8N_METRICS: 'true' };

/** The CRM steps of the burst measurements. */
export const BURST_STEP_MS = 300;
export const SLOW_STEP_MS = 10_000;
export const SLOW_BURST = 16;
export type BurstVariantId = VariantId | 'stale';
export const BURST_VARIANTS: BurstVariantId[] = ['builtin', 'builtinAuth', 'ours', 'cached', 'stale'];
/** "ours, stale-while-refresh": fresh for 1 s, then served stale (and refreshed in the background) for an hour. */
const STALE_OPTIONS = { cacheSeconds: 1, staleSeconds: 3600 };

export interface BurstFigures {
	/** Per variant: every burst tried with the 300 ms step, and the largest all answered within 3 s (0: none). */
	capacity: Record<BurstVariantId, { bursts: BurstResult[]; largest: number }>;
	/** Per variant: a burst of 16 with the 10 s step; any answer within 3 s counts (ours: the fallback). */
	slow: Record<BurstVariantId, BurstResult>;
}

export type VariantId = 'builtin' | 'builtinAuth' | 'ours' | 'cached';
export const VARIANTS: Array<{ id: VariantId; label: string; path: string }> = [
	{ id: 'builtin', label: "n8n's Webhook → Respond to Webhook", path: 'bench/builtin' },
	{ id: 'builtinAuth', label: "n8n's Webhook (header auth) → Respond to Webhook", path: 'bench/builtin-auth' },
	{ id: 'ours', label: 'M8Com Lookup Trigger → Respond to M8Com Lookup', path: 'bench/ours' },
	{ id: 'cached', label: 'ours with the answer cache (hits)', path: 'bench/cached' },
];

export interface VariantFigures {
	rounds: Array<RoundResult & { cpuMsPerRequest: number; isolates: number; answers: number }>;
	median: { p50: number; p95: number; p99: number; requestsPerSecond: number; cpuMsPerRequest: number };
	/** n8n's V8 isolate acquisitions per answer, all rounds (NaN when n8n's metrics did not say). */
	isolatesPerLookup: number;
	/** Answers that were not the expected 200 (for ours under overload: the deadline's fallback), all rounds. */
	notOkShare: number;
}

export interface BenchFigures {
	when: string;
	command: string;
	machine: { cpus: number; model: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
	n8n: { version: string; env: Record<string, string> };
	settings: { rounds: number; durationS: number; concurrency: number[]; bursts?: number[] };
	answerBytes: number;
	load: Record<string, Record<VariantId, VariantFigures>>;
	ratios: Record<
		string,
		{
			p50: number;
			p95: number;
			p99: number;
			requestsPerSecond: number;
			/** n8n CPU per lookup, ours / built-in: the least noisy measure on a shared machine. */
			cpuPerLookup: number;
			cachedVsBuiltin: number;
			oursVsBuiltinAuthP50: number;
			oursVsBuiltinAuthP99: number;
			/** n8n CPU per lookup, ours / built-in with header auth (the first target: ≤ 1). */
			cpuVsBuiltinAuth: number;
		}
	>;
	deadline: { deadlineMs: number; bursts: DeadlineBurst[]; withinTimeoutShare: number };
	burst: BurstFigures;
	shape: ShapeBenchResult;
	profile?: Record<string, VariantProfile>;
	targets: Array<{ target: string; value: string; met: boolean }>;
}

interface Args {
	rounds: number;
	durationS: number;
	concurrency: number[];
	deadlineLookups: number;
	bursts: number[];
	env: Record<string, string>;
	profile: boolean;
	out?: string;
}

function parseArgs(argv: string[]): Args {
	const args: Args = { rounds: 3, durationS: 5, concurrency: [4, 16], deadlineLookups: 16, bursts: [4, 8, 16, 32, 64], env: {}, profile: false };
	for (let i = 0; i < argv.length; i++) {
		const [flag, value] = [argv[i], argv[i + 1]];
		if (flag === '--rounds') args.rounds = Number(value);
		else if (flag === '--duration') args.durationS = Number(value);
		else if (flag === '--concurrency') args.concurrency = value.split(',').map(Number);
		else if (flag === '--deadline-lookups') args.deadlineLookups = Number(value);
		else if (flag === '--bursts') args.bursts = value.split(',').map(Number);
		else if (flag === '--quick') {
			Object.assign(args, { rounds: 1, durationS: 3, bursts: [4, 8, 16] });
			continue;
		}
		else if (flag === '--env') {
			const at = value.indexOf('=');
			args.env[value.slice(0, at)] = value.slice(at + 1);
		} else if (flag === '--out') args.out = value;
		else if (flag === '--profile') {
			args.profile = true;
			continue;
		} else throw new Error(`Unknown option ${flag} (see the top of bench/lookupBench.ts)`);
		i++;
	}
	return args;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** n8n's own Webhook node is not covered by the harness's wait: probe until it stops answering "not registered". */
async function waitForBuiltInWebhook(url: string): Promise<void> {
	const started = Date.now();
	while (Date.now() - started < 30_000) {
		const res = await fetch(`${url}${QUERY}`, { headers: HEADERS });
		const body = await res.text();
		if (!(res.status === 404 && body.includes('The requested webhook'))) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`n8n did not register ${url} within 30 s`);
}

interface Setup {
	api: N8nApi;
	instance: N8nInstance;
	urls: Record<VariantId, string>;
	/** Burst workflows by variant and CRM step (ms). */
	burstUrls: Record<BurstVariantId, Record<number, string>>;
	stepCrm: StepCrm;
	slow: { id: string; url: string };
	body: string;
}

async function setUp(instance: N8nInstance, crmBaseUrl: string, body: string, stepCrm: StepCrm): Promise<Setup> {
	const api = new N8nApi(instance);
	const m8com = await api.createCredential('M8Com (bench)', 'm8ComWebhookApi', { secret: SECRET });
	const header = await api.createCredential('Header auth (bench)', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${SECRET}` });
	const urls = {} as Record<VariantId, string>;
	for (const variant of VARIANTS) urls[variant.id] = `${instance.webhookUrl}/webhook/${variant.path}`;

	await api.createActiveWorkflow(builtInPair('bench built-in', 'bench/builtin', body));
	await api.createActiveWorkflow(builtInPair('bench built-in (header auth)', 'bench/builtin-auth', body, header));
	await api.createActiveWorkflow(ourPair('bench ours', 'bench/ours', body, m8com));
	await api.createActiveWorkflow(ourPair('bench ours (cache)', 'bench/cached', body, m8com, CACHE_SECONDS));
	const slowId = await api.createActiveWorkflow(slowCrmPair('bench slow CRM', 'bench/slow', crmBaseUrl, m8com));
	const burstUrls = {} as Setup['burstUrls'];
	for (const ms of [BURST_STEP_MS, SLOW_STEP_MS]) {
		for (const id of BURST_VARIANTS) {
			const path = `bench/burst/${id}/${ms}`;
			(burstUrls[id] ??= {})[ms] = `${instance.webhookUrl}/webhook/${path}`;
			const name = `bench burst ${id} ${ms} ms`;
			if (id === 'builtin') await api.createActiveWorkflow(builtInStepPair(name, path, body, stepCrm.baseUrl, ms));
			else if (id === 'builtinAuth') await api.createActiveWorkflow(builtInStepPair(name, path, body, stepCrm.baseUrl, ms, header));
			else {
				const options = id === 'cached' ? { cacheSeconds: CACHE_SECONDS } : id === 'stale' ? STALE_OPTIONS : {};
				await api.createActiveWorkflow(ourStepPair(name, path, body, stepCrm.baseUrl, ms, m8com, options));
			}
		}
	}
	await waitForBuiltInWebhook(urls.builtin);
	await waitForBuiltInWebhook(urls.builtinAuth);
	await waitForWebhook(urls.ours);
	// The last ones activated, probed through their 300 ms workflows (a probe through a 10 s one would wait 10 s).
	await waitForBuiltInWebhook(burstUrls.builtinAuth[BURST_STEP_MS]);
	await waitForWebhook(burstUrls.stale[BURST_STEP_MS]);
	await settle(stepCrm);

	// Same bytes from every variant (the cached one twice: the miss that fills it, then a hit).
	for (const variant of [...VARIANTS, VARIANTS[3]]) {
		const res = await fetch(`${urls[variant.id]}${QUERY}`, { headers: HEADERS });
		const text = await res.text();
		const type = res.headers.get('content-type');
		if (res.status !== 200 || text !== body || type !== 'application/json; charset=utf-8') {
			throw new Error(`${variant.label} answered ${res.status} ${type} with ${text.length} bytes, not the expected answer`);
		}
	}
	return { api, instance, urls, burstUrls, stepCrm, slow: { id: slowId, url: `${instance.webhookUrl}/webhook/bench/slow` }, body };
}

async function round(setup: Setup, id: VariantId, connections: number, durationS: number) {
	const pid = setup.instance.processes[0].pid;
	const isolatesBefore = await isolatesAcquired(setup.instance.baseUrl);
	const cpuBefore = processCpuMs(pid);
	const result = await loadRound({ url: `${setup.urls[id]}${QUERY}`, connections, durationS, headers: HEADERS, expectBody: setup.body });
	// Per answer of any kind: under overload some lookups get the deadline's fallback, and cost CPU too.
	const answers = Math.max(1, result.ok + result.non2xx + result.mismatches + result.errors);
	const cpuMsPerRequest = (processCpuMs(pid) - cpuBefore) / answers;
	// Read after the answers: the executions' isolates of the last answers may still be counted a moment later.
	await new Promise((r) => setTimeout(r, 300));
	const isolates = (await isolatesAcquired(setup.instance.baseUrl)) - isolatesBefore;
	if (result.errors + result.non2xx + result.mismatches > 0) {
		log(`  ${id}: ${result.errors} errors, ${result.non2xx} non-2xx (e.g. the deadline's fallback), ${result.mismatches} 2xx with a wrong body`);
	}
	return { ...result, cpuMsPerRequest, isolates, answers };
}

interface RoundHooks {
	before?: (id: VariantId) => Promise<void>;
	after?: (id: VariantId, startUs: number, endUs: number, answered: number) => Promise<void>;
}

async function runLoad(setup: Setup, args: Args, hooks: RoundHooks = {}) {
	const load: BenchFigures['load'] = {};
	log('warming up (3 s per variant)');
	for (const variant of VARIANTS) await round(setup, variant.id, 4, 3);
	for (const connections of args.concurrency) {
		const perVariant = Object.fromEntries(VARIANTS.map((v) => [v.id, [] as VariantFigures['rounds']])) as Record<VariantId, VariantFigures['rounds']>;
		for (let r = 0; r < args.rounds; r++) {
			const order = r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
			for (const variant of order) {
				await hooks.before?.(variant.id);
				const start = nowUs();
				const result = await round(setup, variant.id, connections, args.durationS);
				await hooks.after?.(variant.id, start, nowUs(), result.ok + result.non2xx + result.mismatches);
				perVariant[variant.id].push(result);
				log(
					`c=${connections} round ${r + 1}/${args.rounds} ${variant.id.padEnd(11)} ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, ${result.cpuMsPerRequest.toFixed(1)} CPU ms/req, ${(result.isolates / result.answers).toFixed(2)} isolates/req`,
				);
			}
		}
		load[`c${connections}`] = Object.fromEntries(
			VARIANTS.map((v) => {
				const rounds = perVariant[v.id];
				const of = (key: 'p50' | 'p95' | 'p99' | 'requestsPerSecond' | 'cpuMsPerRequest') => median(rounds.map((x) => x[key]));
				const notOk = rounds.reduce((sum, x) => sum + x.non2xx + x.mismatches + x.errors, 0);
				const all = notOk + rounds.reduce((sum, x) => sum + x.ok, 0);
				const isolates = rounds.reduce((sum, x) => sum + x.isolates, 0) / Math.max(1, rounds.reduce((sum, x) => sum + x.answers, 0));
				return [
					v.id,
					{
						rounds,
						median: { p50: of('p50'), p95: of('p95'), p99: of('p99'), requestsPerSecond: of('requestsPerSecond'), cpuMsPerRequest: of('cpuMsPerRequest') },
						notOkShare: all > 0 ? notOk / all : 0,
						isolatesPerLookup: isolates,
					},
				];
			}),
		) as Record<VariantId, VariantFigures>;
	}
	return load;
}

function ratiosOf(load: BenchFigures['load']): BenchFigures['ratios'] {
	return Object.fromEntries(
		Object.entries(load).map(([level, v]) => [
			level,
			{
				p50: v.ours.median.p50 / v.builtin.median.p50,
				p95: v.ours.median.p95 / v.builtin.median.p95,
				p99: v.ours.median.p99 / v.builtin.median.p99,
				requestsPerSecond: v.ours.median.requestsPerSecond / v.builtin.median.requestsPerSecond,
				cpuPerLookup: v.ours.median.cpuMsPerRequest / v.builtin.median.cpuMsPerRequest,
				cachedVsBuiltin: v.cached.median.requestsPerSecond / v.builtin.median.requestsPerSecond,
				oursVsBuiltinAuthP50: v.ours.median.p50 / v.builtinAuth.median.p50,
				oursVsBuiltinAuthP99: v.ours.median.p99 / v.builtinAuth.median.p99,
				cpuVsBuiltinAuth: v.ours.median.cpuMsPerRequest / v.builtinAuth.median.cpuMsPerRequest,
			},
		]),
	);
}

function targetsOf(figures: Omit<BenchFigures, 'targets'>): BenchFigures['targets'] {
	const levels = Object.entries(figures.ratios);
	const cpuWorst = Math.max(...levels.map(([, r]) => r.cpuVsBuiltinAuth));
	const cachedMin = Math.min(...levels.map(([, r]) => r.cachedVsBuiltin));
	const fallbacks = Object.entries(figures.load).map(([level, v]) => `${level} ${(v.ours.notOkShare * 100).toFixed(1)}%`);
	const anyFallback = Object.values(figures.load).some((v) => v.ours.notOkShare > 0);
	const slow = figures.burst.slow.ours;
	const cap = figures.burst.capacity;
	const shapeMs = figures.shape.shape.msPerOp;
	return [
		{ target: 'n8n CPU per lookup, ours ÷ built-in with header auth ≤ 1.0 (every concurrency)', value: levels.map(([l, r]) => `${l} ${r.cpuVsBuiltinAuth.toFixed(2)}`).join(', '), met: cpuWorst <= 1.0 },
		{ target: "cache hits req/s ÷ built-in pair's ≥ 2", value: `${cachedMin.toFixed(2)}× (lowest)`, met: cachedMin >= 2 },
		{ target: 'no fallback for a CRM that answers in time, up to concurrency 16', value: fallbacks.join(', '), met: !anyFallback },
		{
			target: 'a burst of 16 with a 10 s CRM step: 100% within 3 s, max ≤ 2.5 s',
			value: `${(slow.withinShare * 100).toFixed(0)}%, max ${slow.maxMs.toFixed(0)} ms`,
			met: slow.withinShare === 1 && slow.maxMs <= 2500,
		},
		{
			target: 'burst capacity (300 ms CRM step, all within 3 s) ours ≥ built-in',
			value: `ours ${cap.ours.largest}, built-in ${cap.builtin.largest}, built-in + header auth ${cap.builtinAuth.largest}, cached ${cap.cached.largest}, stale-while-refresh ${cap.stale.largest}`,
			met: cap.ours.largest >= cap.builtin.largest,
		},
		{
			target: 'the fallback leaves at the deadline ± 100 ms',
			value: figures.deadline.bursts.map((b) => `c${b.concurrency} ${b.offsetFromDeadlineMs.min.toFixed(0)}…+${b.offsetFromDeadlineMs.max.toFixed(0)} ms`).join(', '),
			met: figures.deadline.bursts.every((b) => Math.abs(b.offsetFromDeadlineMs.min) <= 100 && Math.abs(b.offsetFromDeadlineMs.max) <= 100),
		},
		{ target: 'shaping a full answer under 0.2 ms', value: `${(shapeMs * 1000).toFixed(0)} µs`, met: shapeMs < 0.2 },
	];
}

function n8nVersion(instance: N8nInstance): string {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return (require(join(instance.processes[0].spawnargs[1], '../../package.json')) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}

async function withN8n<T>(env: Record<string, string>, work: (instance: N8nInstance, crmBaseUrl: string, stepCrm: StepCrm) => Promise<T>): Promise<T> {
	const runtime = ensureRuntime();
	const tarball = packPackage();
	const crm = await startStandInCrm();
	const stepCrm = await startStepCrm();
	const instance = await startN8n({ runtime, tarball, env });
	try {
		return await work(instance, crm.baseUrl, stepCrm);
	} finally {
		await stopN8n(instance);
		for (const server of [crm.server, stepCrm.server]) {
			server.closeAllConnections();
			server.close();
		}
	}
}

/** Burst capacity (bench/burst.ts) of every variant: 300 ms CRM step, then 10 s. */
async function runBursts(setup: Setup, sizes: number[]): Promise<BurstFigures> {
	const capacity = {} as BurstFigures['capacity'];
	const slow = {} as BurstFigures['slow'];
	const prime = async (id: BurstVariantId, ms: number) => {
		if (id !== 'cached' && id !== 'stale') return;
		// The miss that fills the cache, while the CRM is fast (a 10 s step never fills it: the fallback is not
		// cached); the stale variant's answer is then past its 1 s freshness for every burst.
		setup.stepCrm.override(BURST_STEP_MS);
		await fetch(`${setup.burstUrls[id][ms]}${QUERY}`, { headers: HEADERS }).then((r) => r.arrayBuffer());
		setup.stepCrm.override(undefined);
		await settle(setup.stepCrm);
		if (id === 'stale') await new Promise((r) => setTimeout(r, 1100));
	};
	for (const id of BURST_VARIANTS) {
		await prime(id, BURST_STEP_MS);
		const bursts: BurstResult[] = [];
		let largest = 0;
		for (const size of sizes) {
			const result = await sendBurst({ url: `${setup.burstUrls[id][BURST_STEP_MS]}${QUERY}`, headers: HEADERS, size, expectBody: setup.body });
			bursts.push(result);
			log(`burst ${id.padEnd(11)} ${String(size).padStart(2)} at once, CRM ${BURST_STEP_MS} ms: ${(result.withinShare * 100).toFixed(0)}% within 3 s, max ${result.maxMs.toFixed(0)} ms ${JSON.stringify(result.statuses)}`);
			await settle(setup.stepCrm);
			if (id === 'stale') await new Promise((r) => setTimeout(r, 1100));
			if (result.withinShare < 1) break;
			largest = size;
		}
		capacity[id] = { bursts, largest };
	}
	for (const id of BURST_VARIANTS) {
		await prime(id, SLOW_STEP_MS);
		const result = await sendBurst({ url: `${setup.burstUrls[id][SLOW_STEP_MS]}${QUERY}`, headers: HEADERS, size: SLOW_BURST, expectBody: setup.body, anyAnswer: true });
		slow[id] = result;
		log(`burst ${id.padEnd(11)} ${SLOW_BURST} at once, CRM ${SLOW_STEP_MS / 1000} s: ${(result.withinShare * 100).toFixed(0)}% answered within 3 s, p50 ${result.p50Ms.toFixed(0)} ms, max ${result.maxMs.toFixed(0)} ms ${JSON.stringify(result.statuses)}`);
		await settle(setup.stepCrm);
	}
	return { capacity, slow };
}

/** --profile: the same rounds at concurrency 4 on an n8n started with --cpu-prof; where does the time go? */
async function profileRun(
	args: Args,
	body: string,
): Promise<{ profile: Record<string, VariantProfile>; load: BenchFigures['load']; isolates: Record<string, { acquired: number; lookups: number }> }> {
	const dir = join(__dirname, 'results', `profile-${Date.now()}`);
	mkdirSync(dir, { recursive: true });
	const windows: ProfileWindow[] = [];
	let pid: number | undefined;
	let load: BenchFigures['load'] = {};
	const isolates: Record<string, { acquired: number; lookups: number }> = {};
	const env = { ...BENCH_ENV, ...args.env, N8N_METRICS: 'true', NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=250` };
	await withN8n(env, async (instance, crmBaseUrl, stepCrm) => {
		pid = instance.processes[0].pid;
		const setup = await setUp(instance, crmBaseUrl, body, stepCrm);
		let acquiredBefore = 0;
		load = await runLoad(
			setup,
			{ ...args, concurrency: [4] },
			{
				before: async () => {
					acquiredBefore = await isolatesAcquired(instance.baseUrl);
				},
				after: async (variant, startUs, endUs, requests) => {
					windows.push({ variant, startUs, endUs, requests });
					const total = (isolates[variant] ??= { acquired: 0, lookups: 0 });
					total.acquired += (await isolatesAcquired(instance.baseUrl)) - acquiredBefore;
					total.lookups += requests;
				},
			},
		);
	});
	const file = readdirSync(dir).find((name) => name.includes(`.${pid}.`) && name.endsWith('.cpuprofile'));
	if (!file) throw new Error(`n8n wrote no CPU profile into ${dir} (did it exit cleanly?)`);
	writeFileSync(join(dir, 'windows.json'), JSON.stringify(windows, null, 2));
	log(`profile: ${join(dir, file)} (load windows in windows.json)`);
	return { profile: summarizeProfile(join(dir, file), windows), load, isolates };
}

/** n8n's own count of V8 isolates taken from its expression engine pool (Prometheus metrics, N8N_METRICS=true). */
async function isolatesAcquired(baseUrl: string): Promise<number> {
	const text = await (await fetch(`${baseUrl}/metrics`)).text();
	const match = /^\S*expression_pool_acquired\S*\s+([0-9.e+]+)$/m.exec(text);
	return match ? Number(match[1]) : NaN;
}

function printProfile(
	profile: Record<string, VariantProfile>,
	load: BenchFigures['load'],
	isolates: Record<string, { acquired: number; lookups: number }>,
): void {
	const ms = (v: number) => v.toFixed(2).padStart(7);
	console.log('\nWhere n8n\'s main thread spends its time per lookup (CPU profile, concurrency 4, ms per request):\n');
	const variants = VARIANTS.map((v) => v.id).filter((id) => profile[id]);
	const categories = [...new Set(variants.flatMap((id) => Object.keys(profile[id].categories)))];
	console.log(`${'category'.padEnd(34)} ${variants.map((id) => id.padStart(11)).join(' ')}`);
	const cpu = (id: VariantId) => load.c4?.[id]?.median.cpuMsPerRequest ?? NaN;
	const rate = (id: VariantId) => load.c4?.[id]?.median.requestsPerSecond ?? NaN;
	console.log(`${'req/s (median of rounds)'.padEnd(34)} ${variants.map((id) => ms(rate(id)).padStart(11)).join(' ')}`);
	const perLookup = (id: VariantId) => (isolates[id] ? isolates[id].acquired / Math.max(1, isolates[id].lookups) : NaN);
	console.log(`${'V8 isolates taken per lookup'.padEnd(34)} ${variants.map((id) => ms(perLookup(id)).padStart(11)).join(' ')}`);
	console.log(`${'n8n process CPU, all threads'.padEnd(34)} ${variants.map((id) => ms(cpu(id)).padStart(11)).join(' ')}`);
	console.log(`${'main thread (profile), not idle'.padEnd(34)} ${variants.map((id) => ms(profile[id].busyMsPerRequest).padStart(11)).join(' ')}`);
	for (const name of categories) {
		console.log(`${name.padEnd(34)} ${variants.map((id) => ms(profile[id].categories[name] ?? 0).padStart(11)).join(' ')}`);
	}
	for (const [a, b] of [['builtin', 'ours'], ['builtinAuth', 'ours']] as const) {
		if (!profile[a] || !profile[b]) continue;
		console.log(`\nFunctions whose inclusive time differs most, ${b} minus ${a} (ms per request):`);
		for (const row of biggestDifferences(profile[a], profile[b], 30)) {
			console.log(`${ms(row.diff)}  (${ms(row.a)} → ${ms(row.b)})  ${row.key}`);
		}
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const body = fullInsightsText();
	log('micro-benchmark: shaping one full Insights answer');
	const shape = runShapeBench();

	if (args.profile) {
		const { profile, load, isolates } = await profileRun(args, body);
		printProfile(profile, load, isolates);
		// Kept in git (latest-profile.json): per variant the categories and the 60 costliest functions.
		const trimmed = Object.fromEntries(
			Object.entries(profile).map(([id, v]) => [id, { ...v, functions: Object.fromEntries(Object.entries(v.functions).slice(0, 60)) }]),
		);
		const file = join(__dirname, 'results', 'latest-profile.json');
		writeFileSync(file, JSON.stringify({ when: new Date().toISOString(), env: { ...BENCH_ENV, ...args.env }, load, isolates, profile: trimmed }, null, 2));
		log(`figures written to ${file}`);
		return;
	}

	const loadAverageBefore = loadavg();
	const env = { ...BENCH_ENV, ...args.env };
	const figures = await withN8n(env, async (instance, crmBaseUrl, stepCrm) => {
		const setup = await setUp(instance, crmBaseUrl, body, stepCrm);
		log(`all variants answer the same ${body.length} bytes; measuring`);
		const load = await runLoad(setup, args);
		log(`bursts: ${args.bursts.join(', ')} lookups at once`);
		const burst = await runBursts(setup, args.bursts);
		log('deadline: lookups whose CRM step takes 10 s');
		// One lookup first, not counted: the first execution of a freshly activated workflow is slower.
		await deadlineBurst({ api: setup.api, workflowId: setup.slow.id, url: setup.slow.url, secret: SECRET, concurrency: 1, lookups: 1, tag: '9' });
		const bursts: DeadlineBurst[] = [];
		for (const [i, concurrency] of [1, 4, 16].entries()) {
			const lookups = concurrency === 1 ? 4 : Math.max(concurrency, args.deadlineLookups);
			bursts.push(await deadlineBurst({ api: setup.api, workflowId: setup.slow.id, url: setup.slow.url, secret: SECRET, concurrency, lookups, tag: String(i) }));
		}
		const total = bursts.reduce((sum, b) => sum + b.lookups, 0);
		const within = bursts.reduce((sum, b) => sum + b.withinTimeoutShare * b.lookups, 0);
		return {
			n8n: { version: n8nVersion(instance), env },
			load,
			burst,
			deadline: { deadlineMs: DEFAULT_DEADLINE_MS, bursts, withinTimeoutShare: within / total },
		};
	});

	const partial = {
		when: new Date().toISOString(),
		command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
		machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', loadAverageBefore, loadAverageAfter: loadavg() },
		n8n: figures.n8n,
		settings: { rounds: args.rounds, durationS: args.durationS, concurrency: args.concurrency, bursts: args.bursts },
		answerBytes: body.length,
		load: figures.load,
		ratios: ratiosOf(figures.load),
		deadline: figures.deadline,
		burst: figures.burst,
		shape,
	};
	const result: BenchFigures = { ...partial, targets: targetsOf(partial) };

	console.log(textReport(result));
	console.log('\nMarkdown for the README ("Performance"):\n');
	console.log(markdownReport(result));

	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	const file = args.out ?? join(dir, `lookup-${result.when.replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, JSON.stringify(result, null, 2));
	// latest.json: n8n's defaults (plus BENCH_ENV); a run with --env settings keeps its own latest file.
	const suffix = Object.entries(args.env).map(([name, value]) => `-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, '_')).join('');
	const latest = join(dir, `latest${suffix}.json`);
	copyFileSync(file, latest);
	log(`figures written to ${file} and ${latest}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
