#!/usr/bin/env node
/**
 * n8n's lint rules for node code (no `process`, timers, `fs`, child processes, secrets in source, plain `Error`s,
 * `console`) also hit the development files in test/, bench/, scripts/ and examples/, which need exactly those.
 * `eslint.config.mjs` must stay n8n's unchanged template (strict mode), so each such file names the rules it
 * breaks in a first-line `/* eslint-disable … *\/` header. This writes or updates that header from what ESLint
 * reports, for development files only and for those rules only; anything else is left for a person to fix.
 *
 * Usage: node scripts/dev-lint-headers.mjs (then review the diff and run `npx n8n-node lint`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEV_FOLDERS = ['test', 'bench', 'scripts', 'examples'];
const NODE_CODE_RULES = [
	'@n8n/community-nodes/no-restricted-globals',
	'@n8n/community-nodes/no-restricted-imports',
	'@n8n/community-nodes/no-dangerous-functions',
	'@n8n/community-nodes/no-hardcoded-secrets',
	'@n8n/community-nodes/require-node-api-error',
	'no-console',
];
const HEADER = /^\/\* eslint-disable ([^*]*?) -- not shipped: n8n's rules for node code \*\/\n/;

const { ESLint } = createRequire(import.meta.url)('eslint');
const eslint = new ESLint({ cwd: REPO_DIR });
const files = (await eslint.lintFiles(DEV_FOLDERS)).map((result) => result.filePath);
let changed = 0;
for (const filePath of files) {
	const text = readFileSync(filePath, 'utf8');
	const body = text.replace(HEADER, '');
	// Linted without the header, so that it cannot hide what it has to name (other inline comments still count).
	const [result] = await eslint.lintText(body, { filePath });
	const rules = new Set(result.messages.map((message) => message.ruleId));
	const disable = NODE_CODE_RULES.filter((rule) => rules.has(rule));
	const others = [...rules].filter((rule) => !NODE_CODE_RULES.includes(rule));
	const file = relative(REPO_DIR, filePath);
	if (others.length > 0) console.log(`${file}: fix by hand: ${others.join(', ')}`);
	const header = disable.length ? `/* eslint-disable ${disable.join(', ')} -- not shipped: n8n's rules for node code */\n` : '';
	if (header + body !== text) {
		writeFileSync(filePath, header + body);
		changed += 1;
		console.log(`${file}: ${header ? disable.join(', ') : 'header removed'}`);
	}
}
console.log(`${changed} file(s) changed`);
