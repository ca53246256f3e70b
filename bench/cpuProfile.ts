/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- not shipped: n8n's rules for node code */
/**
 * Reads a V8 CPU profile of n8n (`node --cpu-prof`) and says where the main thread spent its time per request
 * in given time windows (one window per load round of a variant). V8 stamps samples with the monotonic clock
 * that `process.hrtime` reads, so windows recorded by the benchmark line up with the samples.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { median } from './load';

export interface ProfileWindow {
	variant: string;
	startUs: number;
	endUs: number;
	requests: number;
}

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface VariantProfile {
	requests: number;
	/** Main-thread CPU milliseconds per request (samples × sampling interval), idle excluded. */
	busyMsPerRequest: number;
	/** Self time per request by where the code lives. */
	categories: Record<string, number>;
	/** Inclusive time per request of each function (key: name and file). */
	functions: Record<string, number>;
}

export const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** The module a script belongs to: the path after the last node_modules/ (or the Node internal's name). */
function shortUrl(url: string): string {
	const at = url.lastIndexOf('node_modules/');
	return at >= 0 ? url.slice(at + 'node_modules/'.length) : url.replace(/^file:\/\//, '');
}

function functionKey(frame: CallFrame): string {
	return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

const CATEGORIES: Array<[RegExp, string]> = [
	[/^n8n-nodes-telephony-webhooks\//, 'this package'],
	[/@n8n\/expression-runtime|isolated-vm/, 'expression engine (V8 isolates)'],
	[/@n8n\/db|typeorm|sqlite3|@sentry\/node.*(typeorm|sqlite)/, 'database (TypeORM, SQLite)'],
	[/n8n-nodes-base/, 'built-in nodes'],
	[/n8n-core\//, 'n8n-core'],
	[/n8n-workflow\//, 'n8n-workflow'],
	[/^n8n\//, 'n8n server'],
	[/express|body-parser|router|send\/|finalhandler|on-finished|raw-body/, 'express and body parsing'],
	[/@opentelemetry|@sentry/, 'tracing and error reporting'],
	[/^node:/, 'Node.js internals'],
	[/^(tsx|autocannon)\//, 'load generator'],
];

function category(frame: CallFrame): string {
	if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
	const module = shortUrl(frame.url);
	for (const [pattern, name] of CATEGORIES) if (pattern.test(module)) return name;
	return 'other dependencies';
}

export function summarizeProfile(file: string, windows: ProfileWindow[]): Record<string, VariantProfile> {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

	// The inclusive set of function keys per node, computed once per node.
	const stackKeys = new Map<number, Set<string>>();
	const keysOf = (id: number): Set<string> => {
		let keys = stackKeys.get(id);
		if (!keys) {
			const above = parent.has(id) ? keysOf(parent.get(id) as number) : new Set<string>();
			keys = new Set(above);
			keys.add(functionKey((byId.get(id) as ProfileNode).callFrame));
			stackKeys.set(id, keys);
		}
		return keys;
	};

	// Each sample counts as one sampling interval of CPU time. The gaps between samples are wall time: when
	// other processes take the core, the gaps grow but the thread was not running, so they are not used.
	const interval = median(profile.timeDeltas.filter((delta) => delta > 0));
	const totals = new Map<string, { busyUs: number; categories: Map<string, number>; functions: Map<string, number> }>();
	let time = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		time += profile.timeDeltas[i];
		const window = windows.find((w) => time >= w.startUs && time < w.endUs);
		if (!window) continue;
		const next = interval;
		const node = byId.get(profile.samples[i]) as ProfileNode;
		const own = category(node.callFrame);
		if (own === '(idle)') continue;
		let total = totals.get(window.variant);
		if (!total) {
			total = { busyUs: 0, categories: new Map(), functions: new Map() };
			totals.set(window.variant, total);
		}
		total.busyUs += next;
		total.categories.set(own, (total.categories.get(own) ?? 0) + next);
		for (const key of keysOf(node.id)) total.functions.set(key, (total.functions.get(key) ?? 0) + next);
	}

	const result: Record<string, VariantProfile> = {};
	for (const [variant, total] of totals) {
		const requests = windows.filter((w) => w.variant === variant).reduce((sum, w) => sum + w.requests, 0) || 1;
		const perRequest = (map: Map<string, number>) =>
			Object.fromEntries([...map].map(([key, us]) => [key, us / 1000 / requests] as const).sort((a, b) => b[1] - a[1]));
		result[variant] = {
			requests,
			busyMsPerRequest: total.busyUs / 1000 / requests,
			categories: perRequest(total.categories),
			functions: perRequest(total.functions),
		};
	}
	return result;
}

/** The functions whose inclusive time per request differs most between two variants (b minus a). */
export function biggestDifferences(a: VariantProfile, b: VariantProfile, count = 25): Array<{ key: string; a: number; b: number; diff: number }> {
	const keys = new Set([...Object.keys(a.functions), ...Object.keys(b.functions)]);
	return [...keys]
		.map((key) => ({ key, a: a.functions[key] ?? 0, b: b.functions[key] ?? 0 }))
		.map((row) => ({ ...row, diff: row.b - row.a }))
		.sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff))
		.slice(0, count);
}

/**
 * `npx tsx bench/cpuProfile.ts <profile folder> [variant] [count]`: the costliest functions of one variant again,
 * from a profile folder a `--profile` run kept in bench/results/ (the CPU profile and its windows.json).
 */
if (require.main === module) {
	const [dir, variant = 'ours', count = '40'] = process.argv.slice(2);
	const file = readdirSync(dir)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => join(dir, name))
		.sort((a, b) => statSync(b).size - statSync(a).size)[0];
	const summary = summarizeProfile(file, JSON.parse(readFileSync(join(dir, 'windows.json'), 'utf8')) as ProfileWindow[])[variant];
	console.log(`${variant}: ${summary.requests} lookups, ${summary.busyMsPerRequest.toFixed(2)} main-thread ms each`);
	for (const [key, ms] of Object.entries(summary.functions).slice(0, Number(count))) console.log(`${ms.toFixed(2).padStart(8)}  ${key}`);
}
