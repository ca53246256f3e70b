/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * Editor smoke test: the packed package in a real n8n (the pinned 2.41.1) (the e2e global setup's instance) and the real
 * editor in headless Chromium. Every node of package.json's `n8n.nodes` on a canvas (light and dark) and in its
 * details view, every credential type of `n8n.credentials` in the "new credential" modal; each page must show
 * the package's own icons, load every image, and log no console error and no failed icon request.
 */
import type { Page } from 'playwright-core';

import { N8nApi } from '../harness/api';
import { PACKAGE_NAME } from '../harness/n8n';
import { readE2eState } from '../harness/state';
import {
	brokenImages,
	imageSources,
	launchBrowser,
	logIn,
	openNewCredential,
	openNode,
	openWorkflow,
	packageCredentials,
	packageNodes,
	searchNodeCreator,
	tourWorkflow,
	watch,
	type Browser,
	type PageWatch,
} from '../support/editor';

const state = readE2eState();
const api = new N8nApi(state);
const nodes = packageNodes();
const credentials = packageCredentials();
const { workflow, nodeIds } = tourWorkflow(nodes);
const ownIcon = `/icons/${PACKAGE_NAME}/`;

let browser: Browser;
let workflowId: string;
let page: Page;
let watched: PageWatch;

beforeAll(async () => {
	browser = await launchBrowser();
	await logIn(browser.context, state.baseUrl);
	workflowId = await api.createWorkflow(workflow);
}, 300_000);

afterAll(async () => {
	await browser?.close();
});

beforeEach(async () => {
	page = await browser.context.newPage();
	watched = watch(page);
});

afterEach(async () => {
	await page.close();
});

/** Lets late requests and console messages of the page arrive before they are judged. */
async function settle() {
	await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
}

test('the smoke test sees what it is there to see: a console error and a broken icon', async () => {
	await openWorkflow(page, state.baseUrl, workflowId);
	// (This function runs in the page; the project compiles without the DOM library, hence the cast.)
	await page.evaluate((src) => {
		const dom = globalThis as unknown as {
			console: { error(message: string): void };
			document: { createElement(tag: 'img'): { src: string }; body: { appendChild(node: unknown): void } };
		};
		dom.console.error('deliberate console error');
		const image = dom.document.createElement('img');
		image.src = src;
		dom.document.body.appendChild(image);
	}, `${ownIcon}dist/nodes/NoSuchNode/missing.svg`);
	await settle();
	expect(await brokenImages(page.locator('body'))).toEqual([expect.stringContaining('missing.svg')]);
	expect(watched.problems).toEqual(
		expect.arrayContaining([
			expect.stringMatching(/^console error: deliberate console error/),
			expect.stringMatching(/^icon request 404: .*missing\.svg$/),
		]),
	);
});

test.each(['light', 'dark'] as const)('every node shows its icon on the canvas (%s theme)', async (theme) => {
	const canvasNodes = await openWorkflow(page, state.baseUrl, workflowId, theme);
	const types = await canvasNodes.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-node-type')));
	expect(types.sort()).toEqual(nodes.map((node) => node.type).sort());
	for (const node of nodes) await expect(canvasNodes.getByText(node.displayName, { exact: true }).count()).resolves.toBe(1);
	await settle();
	const icons = await imageSources(canvasNodes);
	expect(icons).toHaveLength(nodes.length);
	for (const icon of icons) {
		expect(icon).toContain(ownIcon);
		expect(icon.endsWith('.dark.svg')).toBe(theme === 'dark');
	}
	expect(await brokenImages(page.locator('body'))).toEqual([]);
	expect(watched.problems).toEqual([]);
});

test.each(nodes.map((node) => [node.displayName, node] as const))('%s opens with its parameters', async (_name, node) => {
	const ndv = await openNode(page, state.baseUrl, workflowId, nodeIds[node.type]);
	await expect(ndv.innerText()).resolves.toContain(node.displayName);
	await expect(ndv.getByTestId('parameter-item').count()).resolves.toBeGreaterThan(0);
	await settle();
	expect((await imageSources(ndv)).some((src) => src.includes(ownIcon))).toBe(true);
	expect(await brokenImages(page.locator('body'))).toEqual([]);
	expect(watched.problems).toEqual([]);
});

test.each(credentials.map((credential) => [credential.displayName, credential] as const))(
	'the %s credential opens with its fields',
	async (_name, credential) => {
		const modal = await openNewCredential(page, state.baseUrl, credential.displayName);
		await expect(modal.innerText()).resolves.toContain(credential.displayName);
		await expect(modal.getByTestId('credential-connection-parameter').count()).resolves.toBeGreaterThan(0);
		await settle();
		expect((await imageSources(modal)).some((src) => src.includes(ownIcon))).toBe(true);
		expect(await brokenImages(page.locator('body'))).toEqual([]);
		expect(watched.problems).toEqual([]);
	},
);

test('searching "PBX" in the node creator finds the package\'s triggers (codex aliases)', async () => {
	const names = await searchNodeCreator(page, state.baseUrl, 'PBX');
	// n8n lists a trigger by its display name, or by the app's name (" Trigger" dropped) when it groups the app's
	// nodes (seen in 2.41.1: "M8Com Lookup Trigger", but "Wildix" and "AutoID").
	const triggers = nodes.filter((node) => node.displayName.endsWith(' Trigger')).map((node) => node.displayName);
	for (const trigger of triggers) expect([trigger, trigger.replace(/ Trigger$/, '')].some((name) => names.includes(name))).toBe(true);
	expect(watched.problems).toEqual([]);
});
