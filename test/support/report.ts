/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Figures the reliability suites measure (requests sent, accepted, executions, lost, duplicates), collected in
 * test-results/reliability.json so the README's Reliability section can quote a real run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_DIR } from '../harness/n8n';

const FILE = join(REPO_DIR, 'test-results', 'reliability.json');

export function recordFigures(section: string, key: string, figures: Record<string, unknown>): void {
	mkdirSync(join(REPO_DIR, 'test-results'), { recursive: true });
	let all: Record<string, Record<string, unknown>> = {};
	try {
		all = JSON.parse(readFileSync(FILE, 'utf8'));
	} catch {
		// first figures of this run
	}
	all[section] = { ...all[section], [key]: { ...figures, measuredAt: new Date().toISOString() } };
	writeFileSync(FILE, JSON.stringify(all, null, 2) + '\n');
	process.stdout.write(`[figures] ${section} / ${key}: ${JSON.stringify(figures)}\n`);
}
