/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- not shipped: n8n's rules for node code */
/** The benchmark's printed report, and the same figures as Markdown ready for README.md "Performance". */
import { readFileSync } from 'node:fs';

import type { BenchFigures, VariantId } from './lookupBench';

const LABELS: Record<VariantId, string> = {
	builtin: 'built-in pair',
	builtinAuth: 'built-in pair, header auth',
	ours: 'our pair',
	cached: 'our pair, cache hits',
};
const ORDER: VariantId[] = ['builtin', 'builtinAuth', 'ours', 'cached'];

const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const ratio = (value: number) => `${value.toFixed(2)}×`;
const rps = (value: number) => (value < 100 ? value.toFixed(1) : value.toFixed(0));

export function textReport(figures: BenchFigures): string {
	const lines: string[] = [];
	lines.push(`\nLookup benchmark — n8n ${figures.n8n.version}, ${figures.machine.cpus} cores (load average before ${figures.machine.loadAverageBefore.map((v) => v.toFixed(1)).join(' ')}, after ${figures.machine.loadAverageAfter.map((v) => v.toFixed(1)).join(' ')})`);
	lines.push(`Answer: ${figures.answerBytes} bytes of Insights JSON, the same bytes from every variant. Medians of ${figures.settings.rounds} interleaved rounds of ${figures.settings.durationS} s.`);
	lines.push(`n8n settings: ${Object.entries(figures.n8n.env).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
	lines.push(`${'concurrency'.padEnd(12)}${'variant'.padEnd(28)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU ms/req'.padStart(12)}${'not 200'.padStart(9)}`);
	for (const [level, variants] of Object.entries(figures.load)) {
		for (const id of ORDER) {
			const m = variants[id].median;
			const notOk = `${(variants[id].notOkShare * 100).toFixed(1)}%`;
			lines.push(`${level.slice(1).padEnd(12)}${LABELS[id].padEnd(28)}${rps(m.requestsPerSecond).padStart(9)}${ms(m.p50).padStart(9)}${ms(m.p95).padStart(9)}${ms(m.p99).padStart(9)}${ms(m.cpuMsPerRequest).padStart(12)}${notOk.padStart(9)}`);
		}
	}
	lines.push('(latencies and req/s count the expected 200 answers only; "not 200" are other answers, e.g. the deadline fallback when n8n is overloaded)');
	lines.push('\nRatios, our pair / built-in pair (latency: below 1 is faster; req/s: above 1 is faster):');
	for (const [level, r] of Object.entries(figures.ratios)) {
		lines.push(
			`  c=${level.slice(1).padEnd(3)} p50 ${ratio(r.p50)}  p95 ${ratio(r.p95)}  p99 ${ratio(r.p99)}  req/s ${ratio(r.requestsPerSecond)}  CPU/lookup ${ratio(r.cpuPerLookup)}` +
				`   | vs header-auth built-in: p50 ${ratio(r.oursVsBuiltinAuthP50)}  p99 ${ratio(r.oursVsBuiltinAuthP99)}   | cached req/s ${ratio(r.cachedVsBuiltin)} the built-in's`,
		);
	}
	lines.push(`\nCRM step of 10 s, trigger deadline ${figures.deadline.deadlineMs} ms: ${(figures.deadline.withinTimeoutShare * 100).toFixed(0)}% answered within 3 s`);
	for (const b of figures.deadline.bursts) {
		lines.push(
			`  ${String(b.lookups).padStart(3)} lookups at concurrency ${String(b.concurrency).padEnd(3)} ${(b.withinTimeoutShare * 100).toFixed(0)}% within 3 s; client p50 ${b.clientMs.p50} ms, max ${b.clientMs.max} ms; ` +
				`fallback ${b.offsetFromDeadlineMs.min}…${b.offsetFromDeadlineMs.max} ms from the deadline; statuses ${JSON.stringify(b.statuses)}`,
		);
	}
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
	lines.push('| Concurrency | Workflow | req/s | p50 ms | p95 ms | p99 ms | n8n CPU ms per lookup | not 200 (fallback) |');
	lines.push('|---|---|---:|---:|---:|---:|---:|---:|');
	for (const [level, variants] of Object.entries(figures.load)) {
		for (const id of ORDER) {
			const m = variants[id].median;
			lines.push(`| ${level.slice(1)} | ${LABELS[id]} | ${rps(m.requestsPerSecond)} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${ms(m.cpuMsPerRequest)} | ${(variants[id].notOkShare * 100).toFixed(1)}% |`);
		}
	}
	lines.push('');
	lines.push('| Concurrency | p50 ours / built-in | p99 ours / built-in | req/s ours / built-in | n8n CPU per lookup ours / built-in | p50 ours / built-in with header auth | cache hits req/s / built-in |');
	lines.push('|---|---:|---:|---:|---:|---:|---:|');
	for (const [level, r] of Object.entries(figures.ratios)) {
		lines.push(`| ${level.slice(1)} | ${ratio(r.p50)} | ${ratio(r.p99)} | ${ratio(r.requestsPerSecond)} | ${ratio(r.cpuPerLookup)} | ${ratio(r.oursVsBuiltinAuthP50)} | ${r.cachedVsBuiltin.toFixed(1)}× |`);
	}
	lines.push('');
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
