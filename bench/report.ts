/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- not shipped: n8n's rules for node code */
/** The benchmark's printed report, and the same figures as Markdown ready for README.md "Performance". */
import { readFileSync } from 'node:fs';

import type { BenchFigures, BurstVariantId, VariantId } from './lookupBench';

const LABELS: Record<VariantId, string> = {
	builtin: 'built-in pair',
	builtinAuth: 'built-in pair, header auth',
	ours: 'our pair',
	cached: 'our pair, cache hits',
};
const ORDER: VariantId[] = ['builtin', 'builtinAuth', 'ours', 'cached'];
const BURST_LABELS: Record<BurstVariantId, string> = { ...LABELS, stale: 'our pair, stale-while-refresh' };
const BURST_ORDER: BurstVariantId[] = ['builtin', 'builtinAuth', 'ours', 'cached', 'stale'];
const isolates = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(2));

/** Burst capacity lines (absent in figures saved before the burst measurement). */
function burstLines(figures: BenchFigures, markdown: boolean): string[] {
	const b = figures.burst;
	if (!b) return [];
	const lines: string[] = [];
	const ratioTo = (value: number, base: number) => (base > 0 ? `${(value / base).toFixed(2)}×` : '–');
	if (markdown) {
		lines.push('| Workflow | largest burst all within 3 s (CRM 300 ms) | per burst: within 3 s, max ms | burst of 16, CRM 10 s: within 3 s | max ms | answers |');
		lines.push('|---|---:|---|---:|---:|---|');
	} else {
		lines.push(`\nBursts (lookups sent at once; ${figures.settings.bursts?.join(', ')}), CRM step 300 ms: the largest all answered right within 3 s; then a burst of 16 with a 10 s CRM step:`);
	}
	for (const id of BURST_ORDER) {
		const c = b.capacity[id];
		const s = b.slow[id];
		if (!c || !s) continue;
		const per = c.bursts.map((x) => `${x.size}: ${(x.withinShare * 100).toFixed(0)}%, ${x.maxMs.toFixed(0)}`).join('; ');
		const statuses = Object.entries(s.statuses).map(([k, v]) => `${v}× ${k}`).join(', ');
		if (markdown) lines.push(`| ${BURST_LABELS[id]} | ${c.largest} | ${per} | ${(s.withinShare * 100).toFixed(0)}% | ${s.maxMs.toFixed(0)} | ${statuses} |`);
		else lines.push(`  ${BURST_LABELS[id].padEnd(32)} largest ${String(c.largest).padStart(2)}  (${per})   10 s CRM: ${(s.withinShare * 100).toFixed(0)}% within 3 s, max ${s.maxMs.toFixed(0)} ms (${statuses})`);
	}
	const cap = (id: BurstVariantId) => b.capacity[id]?.largest ?? 0;
	const ratios = `burst capacity ours ÷ built-in ${ratioTo(cap('ours'), cap('builtin'))}, ours ÷ built-in with header auth ${ratioTo(cap('ours'), cap('builtinAuth'))}, cached ÷ built-in ${ratioTo(cap('cached'), cap('builtin'))}, stale-while-refresh ÷ built-in ${ratioTo(cap('stale'), cap('builtin'))}`;
	lines.push(markdown ? `\nRatios in this run: ${ratios}.` : `  ${ratios}`);
	return lines;
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const ratio = (value: number) => `${value.toFixed(2)}×`;
const rps = (value: number) => (value < 100 ? value.toFixed(1) : value.toFixed(0));

export function textReport(figures: BenchFigures): string {
	const lines: string[] = [];
	lines.push(`\nLookup benchmark — n8n ${figures.n8n.version}, ${figures.machine.cpus} cores (load average before ${figures.machine.loadAverageBefore.map((v) => v.toFixed(1)).join(' ')}, after ${figures.machine.loadAverageAfter.map((v) => v.toFixed(1)).join(' ')})`);
	lines.push(`Answer: ${figures.answerBytes} bytes of Insights JSON, the same bytes from every variant. Medians of ${figures.settings.rounds} interleaved rounds of ${figures.settings.durationS} s.`);
	lines.push(`n8n settings: ${Object.entries(figures.n8n.env).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
	lines.push(`${'concurrency'.padEnd(12)}${'variant'.padEnd(28)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU ms/req'.padStart(12)}${'not 200'.padStart(9)}${'isolates'.padStart(10)}`);
	for (const [level, variants] of Object.entries(figures.load)) {
		for (const id of ORDER) {
			const m = variants[id].median;
			const notOk = `${(variants[id].notOkShare * 100).toFixed(1)}%`;
			lines.push(`${level.slice(1).padEnd(12)}${LABELS[id].padEnd(28)}${rps(m.requestsPerSecond).padStart(9)}${ms(m.p50).padStart(9)}${ms(m.p95).padStart(9)}${ms(m.p99).padStart(9)}${ms(m.cpuMsPerRequest).padStart(12)}${notOk.padStart(9)}${isolates(variants[id].isolatesPerLookup).padStart(10)}`);
		}
	}
	lines.push('(latencies and req/s count the expected 200 answers only; "not 200" are other answers, e.g. the deadline fallback when n8n is overloaded)');
	lines.push('\nRatios, our pair / built-in pair (latency: below 1 is faster; req/s: above 1 is faster):');
	for (const [level, r] of Object.entries(figures.ratios)) {
		lines.push(
			`  c=${level.slice(1).padEnd(3)} p50 ${ratio(r.p50)}  p95 ${ratio(r.p95)}  p99 ${ratio(r.p99)}  req/s ${ratio(r.requestsPerSecond)}  CPU/lookup ${ratio(r.cpuPerLookup)}` +
				`   | vs header-auth built-in: p50 ${ratio(r.oursVsBuiltinAuthP50)}  p99 ${ratio(r.oursVsBuiltinAuthP99)}  CPU/lookup ${ratio(r.cpuVsBuiltinAuth ?? NaN)}   | cached req/s ${ratio(r.cachedVsBuiltin)} the built-in's`,
		);
	}
	lines.push(`\nCRM step of 10 s, trigger deadline ${figures.deadline.deadlineMs} ms: ${(figures.deadline.withinTimeoutShare * 100).toFixed(0)}% answered within 3 s`);
	for (const b of figures.deadline.bursts) {
		lines.push(
			`  ${String(b.lookups).padStart(3)} lookups at concurrency ${String(b.concurrency).padEnd(3)} ${(b.withinTimeoutShare * 100).toFixed(0)}% within 3 s; client p50 ${b.clientMs.p50} ms, max ${b.clientMs.max} ms; ` +
				`fallback ${b.offsetFromDeadlineMs.min}…${b.offsetFromDeadlineMs.max} ms from the deadline; statuses ${JSON.stringify(b.statuses)}`,
		);
	}
	lines.push(...burstLines(figures, false));
	const s = figures.shape;
	lines.push(`\nValidating and shaping one full Insights answer (${s.activities} activities): ${(s.shape.msPerOp * 1000).toFixed(0)} µs, ${Math.round(s.shape.opsPerSecond)} ops/s; with serialising to the ${s.answerBytes}-byte body: ${(s.shapeAndSerialize.msPerOp * 1000).toFixed(0)} µs, ${Math.round(s.shapeAndSerialize.opsPerSecond)} ops/s`);
	lines.push('\nTargets:');
	for (const t of figures.targets) lines.push(`  [${t.met ? 'met' : 'MISSED'}] ${t.target}: ${t.value}`);
	return lines.join('\n');
}

export function markdownReport(figures: BenchFigures): string {
	const lines: string[] = [];
	lines.push(`Measured ${figures.when.slice(0, 10)} with \`${figures.command}\` on n8n ${figures.n8n.version}, ${figures.machine.cpus} cores (load average ${figures.machine.loadAverageBefore[0].toFixed(1)} at the start); medians of ${figures.settings.rounds} interleaved rounds of ${figures.settings.durationS} s; answer: ${figures.answerBytes} bytes of Insights JSON.`);
	lines.push('');
	lines.push('| Concurrency | Workflow | req/s | p50 ms | p95 ms | p99 ms | n8n CPU ms per lookup | V8 isolates per lookup | not 200 (fallback) |');
	lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const [level, variants] of Object.entries(figures.load)) {
		for (const id of ORDER) {
			const m = variants[id].median;
			lines.push(`| ${level.slice(1)} | ${LABELS[id]} | ${rps(m.requestsPerSecond)} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${ms(m.cpuMsPerRequest)} | ${isolates(variants[id].isolatesPerLookup)} | ${(variants[id].notOkShare * 100).toFixed(1)}% |`);
		}
	}
	lines.push('');
	lines.push('| Concurrency | p50 ours / built-in | p99 ours / built-in | req/s ours / built-in | n8n CPU per lookup ours / built-in | n8n CPU per lookup ours / built-in with header auth | p50 ours / built-in with header auth | cache hits req/s / built-in |');
	lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const [level, r] of Object.entries(figures.ratios)) {
		lines.push(`| ${level.slice(1)} | ${ratio(r.p50)} | ${ratio(r.p99)} | ${ratio(r.requestsPerSecond)} | ${ratio(r.cpuPerLookup)} | ${ratio(r.cpuVsBuiltinAuth ?? NaN)} | ${ratio(r.oursVsBuiltinAuthP50)} | ${r.cachedVsBuiltin.toFixed(1)}× |`);
	}
	lines.push('');
	const bursts = burstLines(figures, true);
	if (bursts.length > 0) lines.push(...bursts, '');
	lines.push('| Target | Measured | |');
	lines.push('|---|---|---|');
	for (const t of figures.targets) lines.push(`| ${t.target} | ${t.value} | ${t.met ? 'met' : '**missed**'} |`);
	return lines.join('\n');
}

/** `npx tsx bench/report.ts bench/results/latest.json`: the Markdown again from saved figures. */
if (require.main === module) {
	for (const file of process.argv.slice(2)) {
		console.log(markdownReport(JSON.parse(readFileSync(file, 'utf8')) as BenchFigures));
		console.log('');
	}
}
