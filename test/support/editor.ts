/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- not shipped: n8n's rules for node code */
/**
 * The real n8n editor in headless Chromium (Debian's package, driven by playwright-core), for the editor smoke
 * test and `npm run screenshots`: launching the browser, logging in, a workflow with every node of the package,
 * and what the page reports as broken (console errors, failed icon requests, icons that did not render).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

import type { WorkflowJson } from '../harness/api';
import { OWNER, PACKAGE_NAME, REPO_DIR } from '../harness/n8n';

/** Known to work on these machines: no sandbox (CI runs as root), no background calls to Google's services. */
const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Installs Debian's chromium when it is missing (scripts/ensure-chromium.sh) and returns its path. */
export function ensureChromium(): string {
	const out = execFileSync('bash', [join(REPO_DIR, 'scripts/ensure-chromium.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return out.toString().trim().split('\n').pop() as string;
}

export interface Browser {
	context: BrowserContext;
	close(): Promise<void>;
}

export interface BrowserOptions {
	viewport?: { width: number; height: number };
	/** 2 for pictures that stay sharp on high-density screens. */
	deviceScaleFactor?: number;
}

/** Headless Chromium with a fresh profile folder, light colour scheme, a laptop-sized window by default. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
	const executablePath = ensureChromium();
	// n8n's editor marks its elements with data-test-id (Playwright's default is data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: CHROMIUM_FLAGS,
		viewport: options.viewport ?? { width: 1440, height: 900 },
		deviceScaleFactor: options.deviceScaleFactor ?? 1,
		colorScheme: 'light',
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	return {
		context,
		async close() {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Logs the browser in as the harness's owner: n8n's session cookie lands in the context's cookie jar. */
export async function logIn(context: BrowserContext, baseUrl: string): Promise<void> {
	const res = await context.request.post(`${baseUrl}/rest/login`, {
		data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
	});
	if (!res.ok()) throw new Error(`Editor login failed: ${res.status()} ${await res.text()}`);
}

interface PackageManifest {
	n8n: { nodes: string[]; credentials: string[] };
}

export interface PackageNode {
	/** The node type as n8n knows a community package's node: `<package>.<name>`. */
	type: string;
	name: string;
	displayName: string;
	version: number;
	/** The README section the node's screenshot belongs to, from its file name (docs/images/<file>.png). */
	file: string;
}

export interface PackageCredential {
	name: string;
	displayName: string;
}

function manifest(): PackageManifest {
	return JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')) as PackageManifest;
}

const load = createRequire(__filename);

/** The first exported class of a built module, instantiated (a node or credential class takes no arguments). */
function instantiate<T>(distFile: string): T {
	const exports = load(join(REPO_DIR, distFile)) as Record<string, new () => T>;
	const Class = Object.values(exports).find((value) => typeof value === 'function');
	if (!Class) throw new Error(`${distFile} exports no class`);
	return new Class();
}

/** Every node the package registers (package.json `n8n.nodes`), read from the built files in dist/. */
export function packageNodes(): PackageNode[] {
	return manifest().n8n.nodes.map((file) => {
		const { description } = instantiate<{ description: { name: string; displayName: string; version: number | number[] } }>(
			file,
		);
		const versions = Array.isArray(description.version) ? description.version : [description.version];
		return {
			type: `${PACKAGE_NAME}.${description.name}`,
			name: description.name,
			displayName: description.displayName,
			version: Math.max(...versions),
			file: file.split('/').pop()?.replace(/\.node\.js$/, '') ?? description.name,
		};
	});
}

/** Every credential type the package registers (package.json `n8n.credentials`). */
export function packageCredentials(): PackageCredential[] {
	return manifest().n8n.credentials.map((file) => {
		const { name, displayName } = instantiate<PackageCredential>(file);
		return { name, displayName };
	});
}

/** One workflow holding every node of the package with its defaults, side by side; node ids by node type. */
export function tourWorkflow(nodes: PackageNode[]): { workflow: WorkflowJson; nodeIds: Record<string, string> } {
	const nodeIds: Record<string, string> = {};
	const workflowNodes = nodes.map((node, index) => {
		nodeIds[node.type] = randomUUID();
		return {
			id: nodeIds[node.type],
			name: node.displayName,
			type: node.type,
			typeVersion: node.version,
			position: [index * 220, 0],
			parameters: {},
			// n8n gives a webhook node a webhookId when it is added in the editor; an imported one needs its own.
			webhookId: randomUUID(),
		};
	});
	return { workflow: { name: 'Telephony webhooks: every node', nodes: workflowNodes, connections: {} }, nodeIds };
}

/** What went wrong on a page since `watch` was called: console errors, page errors, failed icon requests. */
export interface PageWatch {
	problems: string[];
}

const isIconUrl = (url: string) => /\/icons\/|\.svg(\?|$)|\.png(\?|$)/.test(url);

export function watch(page: Page): PageWatch {
	const watched: PageWatch = { problems: [] };
	page.on('console', (message) => {
		if (message.type() === 'error') watched.problems.push(`console error: ${message.text()} (${message.location().url})`);
	});
	page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
	page.on('requestfailed', (request) => {
		if (isIconUrl(request.url())) watched.problems.push(`icon request failed: ${request.url()} (${request.failure()?.errorText})`);
	});
	page.on('response', (response) => {
		if (isIconUrl(response.url()) && response.status() >= 400) {
			watched.problems.push(`icon request ${response.status()}: ${response.url()}`);
		}
	});
	return watched;
}

/** The parts of a DOM image these checks read (the project compiles without the DOM library). */
interface DomImage {
	complete: boolean;
	naturalWidth: number;
	currentSrc: string;
	src: string;
	addEventListener(type: 'load' | 'error', listener: () => void, options: { once: boolean }): void;
}
type DomRoot = { querySelectorAll(selector: 'img'): ArrayLike<DomImage> };

/**
 * Images inside `scope` (every element it matches) that finished loading without a picture (naturalWidth 0: a 404, a wrong type, an SVG
 * the browser could not parse), after waiting for the pending ones. Returns their `src`.
 * (The functions passed to `evaluate` run in the page: no helpers from this file, no named inner functions,
 * which tsx would wrap in its own `__name` helper.)
 */
export async function brokenImages(scope: Locator): Promise<string[]> {
	return await scope.evaluateAll(async (roots) => {
		const images = roots.flatMap((root) => Array.from((root as unknown as DomRoot).querySelectorAll('img')));
		await Promise.all(
			images
				.filter((image) => !image.complete)
				.map(
					(image) =>
						new Promise<void>((resolve) => {
							image.addEventListener('load', resolve, { once: true });
							image.addEventListener('error', resolve, { once: true });
						}),
				),
		);
		return images.filter((image) => image.naturalWidth === 0).map((image) => image.currentSrc || image.src);
	});
}

/** The src of every image inside `scope` (to check that the package's own icons are among them). */
export async function imageSources(scope: Locator): Promise<string[]> {
	return await scope.evaluateAll((roots) =>
		roots.flatMap((root) =>
			Array.from((root as unknown as DomRoot).querySelectorAll('img')).map((image) => image.currentSrc || image.src),
		),
	);
}

export type Theme = 'light' | 'dark';

/** A workflow on the canvas (n8n's `?theme=` picks the editor theme for this page load); returns its nodes. */
export async function openWorkflow(page: Page, baseUrl: string, workflowId: string, theme: Theme = 'light'): Promise<Locator> {
	await page.goto(`${baseUrl}/workflow/${workflowId}?theme=${theme}`);
	const nodes = page.getByTestId('canvas-node');
	await nodes.first().waitFor({ state: 'visible' });
	return nodes;
}

/** One node's details view (NDV), opened the way a link to `/workflow/<id>/<node id>` opens it. */
export async function openNode(page: Page, baseUrl: string, workflowId: string, nodeId: string, theme: Theme = 'light'): Promise<Locator> {
	await page.goto(`${baseUrl}/workflow/${workflowId}/${nodeId}?theme=${theme}`);
	const ndv = page.getByTestId('ndv');
	await ndv.getByTestId('node-parameters').waitFor({ state: 'visible' });
	return ndv;
}

/** The "new credential" modal of one credential type, reached as a user does: Create credential → type → Continue. */
export async function openNewCredential(page: Page, baseUrl: string, displayName: string): Promise<Locator> {
	await page.goto(`${baseUrl}/home/credentials/create`);
	await page.getByTestId('new-credential-type-select').click();
	await page.keyboard.type(displayName);
	await page
		.getByTestId('new-credential-type-select-option')
		.filter({ has: page.getByText(displayName, { exact: true }) })
		.click();
	await page.getByTestId('new-credential-type-button').click();
	const modal = page.getByTestId('editCredential-modal');
	await modal.getByTestId('credential-connection-parameter').first().waitFor({ state: 'visible' });
	return modal;
}

/**
 * What n8n's node creator lists for a search typed into it on a new workflow (its trigger list: the first step),
 * as the item names it shows. n8n searches node display names and the codex `alias` list.
 */
export async function searchNodeCreator(page: Page, baseUrl: string, query: string): Promise<string[]> {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.getByTestId('node-creator-plus-button').click();
	const search = page.getByTestId('node-creator-search-bar');
	await search.waitFor({ state: 'visible' });
	// The search bar is the input itself in n8n 2.41 (NodeCreator's SearchBar: <input data-test-id="node-creator-search-bar">).
	const names = page.getByTestId('node-creator').getByTestId('node-creator-item-name');
	await names.first().waitFor({ state: 'visible' });
	const before = (await names.allInnerTexts()).join('\n');
	await search.fill(query);
	// The results replace the first-step list a moment after typing: wait for the list to change (or 10 s).
	const until = Date.now() + 10_000;
	while ((await names.allInnerTexts()).join('\n') === before && Date.now() < until) await page.waitForTimeout(100);
	return await names.allInnerTexts();
}
