/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- not shipped: n8n's rules for node code */
/**
 * Prints the README's Reliability tables from test-results/reliability.json (written by the reliability
 * suites during `npm test`): `npx tsx scripts/reliability-table.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Figures = Record<string, Record<string, Record<string, unknown>>>;
const all = JSON.parse(readFileSync(join(__dirname, '..', 'test-results', 'reliability.json'), 'utf8')) as Figures;
const lines: string[] = [];

const lookups = (l: unknown) => {
	const f = l as { lookups: number; p50Ms: number; maxMs: number; over3s: number } | undefined;
	return f ? `${f.lookups} (p50 ${f.p50Ms} ms, max ${f.maxMs} ms, ${f.over3s} over 3 s)` : '—';
};

lines.push('| Run | Sent | 2xx | Executions | Lost | Duplicates | Call-log answer p50 / p99 | Cached lookups | Uncached lookups |', '|---|---|---|---|---|---|---|---|---|');
for (const [mode, f] of Object.entries(all.load ?? {})) {
	lines.push(`| load, ${mode} mode | ${f.sent} | ${f.accepted} | ${f.executions} | ${f.lost} | ${f.duplicates} | ${f.p50Ms} / ${f.p99Ms} ms | ${lookups(f.cachedLookups)} | ${lookups(f.uncachedLookups)} |`);
}
for (const [name, f] of Object.entries(all.faults ?? {})) {
	const extra = f.crashedThenRetried !== undefined ? ` (${f.crashedThenRetried} crashed or failed, retried; lost after retry: ${f.lostAfterRetry})` : '';
	lines.push(`| queue mode, ${name} | ${f.sent} | ${f.accepted} | ${f.executions} | ${f.lost}${extra} | ${f.duplicatesAfterRetry ?? f.duplicates} | ${f.p50Ms} / ${f.p99Ms} ms | | |`);
}
lines.push('', '| Trigger | Bad requests | Answered 4xx | Executions started | Secrets echoed | Over the payload limit |', '|---|---|---|---|---|---|');
for (const [name, f] of Object.entries(all.hostile ?? {})) {
	lines.push(`| ${name} | ${f.requests} | ${f.answered4xx} | ${f.executionsStarted} | ${f.secretsEchoed} | ${(f.overLimit as number[]).join(', ') || '—'} |`);
}

// Per hostile class: requests over all triggers and the slowest single answer (hostile.test.ts). The timed classes
// are sent one at a time; the others four at a time, so their worst time includes waiting behind the others.
type ClassFigures = Record<string, { count: number; worstSeconds: number }>;
const classes = new Map<string, { count: number; worstSeconds: number; triggers: number; timed: boolean }>();
for (const [section, timed] of [['hostile', false], ['hostileClasses', true]] as const) {
	for (const f of Object.values(all[section] ?? {})) {
		for (const [name, c] of Object.entries((f.classes ?? {}) as ClassFigures)) {
			const key = `${name}${timed ? '' : ' (4 at a time)'}`;
			const entry = classes.get(key) ?? { count: 0, worstSeconds: 0, triggers: 0, timed };
			entry.count += c.count;
			entry.worstSeconds = Math.max(entry.worstSeconds, c.worstSeconds);
			entry.triggers++;
			classes.set(key, entry);
		}
	}
}
if (classes.size > 0) {
	lines.push('', '| Hostile class | Triggers | Requests | Worst answer (s) |', '|---|---|---|---|');
	for (const [name, c] of [...classes].sort(([, a], [, b]) => Number(b.timed) - Number(a.timed))) lines.push(`| ${name} | ${c.triggers} | ${c.count} | ${c.worstSeconds} |`);
}
console.log(lines.join('\n'));
