/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * The editor's "Docs" links and node-creator search words, for every node and credential package.json registers:
 * each documentation URL is a page of this repository's docs/ (no `#anchor`: n8n appends its tracking query to
 * the URL, after which an anchor no longer scrolls), the page exists and opens with what the node does, and each
 * node's codex carries the telephony aliases n8n's node creator searches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ICredentialType } from 'n8n-workflow';

import { packageNodes } from '../support/packageNodes';

const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	repository: { url: string };
	n8n: { credentials: string[] };
};
/** git+https://github.com/<owner>/<repo>.git → https://github.com/<owner>/<repo>/blob/main/docs/ */
const DOCS_BASE = `${pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/blob/main/docs/`;

interface Codex {
	node: string;
	alias?: string[];
	resources: { primaryDocumentation: Array<{ url: string }> };
}

const codexes = packageNodes().map(({ name, file }) => ({
	name,
	codex: JSON.parse(readFileSync(join(ROOT, file.replace(/\.ts$/, '.json')), 'utf8')) as Codex,
}));

const credentials = pkg.n8n.credentials.map((dist) => {
	const file = dist.replace(/^dist\//, '').replace(/\.js$/, '.ts');
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by name, as n8n's loader does
	const exported = Object.values(require(join(ROOT, file)) as Record<string, unknown>).find((value) => typeof value === 'function');
	return new (exported as new () => ICredentialType)();
});

const links: Array<[string, string]> = [
	...codexes.flatMap(({ name, codex }) => codex.resources.primaryDocumentation.map(({ url }) => [name, url] as [string, string])),
	...credentials.map((credential) => [credential.name, credential.documentationUrl ?? ''] as [string, string]),
];

/** The first paragraph after the page's heading. */
function opening(page: string): string {
	const text = readFileSync(join(ROOT, 'docs', page), 'utf8');
	return text.split(/\n\s*\n/)[1] ?? '';
}

describe('documentation links', () => {
	test('every node and credential has one', () => {
		expect(codexes.length).toBeGreaterThan(0);
		for (const { codex } of codexes) expect(codex.resources.primaryDocumentation.length).toBeGreaterThan(0);
		expect(links).toHaveLength(codexes.length + credentials.length);
	});

	test.each(links)('%s: %s has no #anchor and is an existing page of docs/ that opens with what it does', (_name, url) => {
		expect(url).not.toContain('#');
		expect(url.startsWith(DOCS_BASE)).toBe(true);
		const page = url.slice(DOCS_BASE.length);
		expect(page).toMatch(/^[a-z0-9-]+\.md$/);
		expect(existsSync(join(ROOT, 'docs', page))).toBe(true);
		// What the node does first; the spec and set-up come after.
		expect(opening(page)).not.toMatch(/^Spec/);
		expect(opening(page).length).toBeGreaterThan(80);
	});
});

describe('codex aliases (what the node creator searches besides the name)', () => {
	test.each(codexes.map(({ name, codex }) => [name, codex] as const))('%s', (_name, codex) => {
		expect(codex.alias).toEqual(expect.arrayContaining(['telephony', 'PBX', 'phone', 'call', 'caller ID']));
		expect(new Set(codex.alias).size).toBe(codex.alias?.length);
	});
});
