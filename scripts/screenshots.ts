/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- not shipped: n8n's rules for node code */
/**
 * `npm run screenshots`: starts n8n (the test harness's runtime, a fresh temporary user folder) with the packed
 * package, opens every node of package.json's `n8n.nodes` in the real editor in headless Chromium, and writes
 * its parameters panel, as a user first sees it, to docs/images/<Node>.png (light theme, 2x pixels; the README
 * shows them at half size). Fails if a page logs a console error or an icon breaks.
 * Webhook URLs show a neutral host (WEBHOOK_URL=https://n8n.example.com/) instead of this machine's port.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { N8nApi } from '../test/harness/api';
import { REPO_DIR, ensureRuntime, packPackage, startN8n, stopN8n } from '../test/harness/n8n';
import {
	brokenImages,
	launchBrowser,
	logIn,
	openNode,
	packageNodes,
	tourWorkflow,
	watch,
	type Browser,
} from '../test/support/editor';

const OUT_DIR = join(REPO_DIR, 'docs/images');
const PUBLIC_WEBHOOK_URL = 'https://n8n.example.com/';
// Tall enough for the longest panel (CTM, ~950 px), so nothing has to scroll.
const VIEWPORT = { width: 1280, height: 1800 };
/** Space kept below the last parameter. */
const MARGIN = 16;

/** How far the node's settings column would have to grow so that nothing in it scrolls. */
async function hiddenHeight(panel: Locator): Promise<number> {
	return await panel.evaluate((root) => {
		type Box = { scrollHeight: number; clientHeight: number };
		const page = globalThis as unknown as { getComputedStyle(element: unknown): { overflowY: string } };
		const elements = [root, ...Array.from((root as unknown as { querySelectorAll(s: string): ArrayLike<unknown> }).querySelectorAll('*'))];
		const scrolling = elements.filter((element) => ['auto', 'scroll'].includes(page.getComputedStyle(element).overflowY));
		return Math.max(0, ...scrolling.map((element) => (element as Box).scrollHeight - (element as Box).clientHeight));
	});
}

/**
 * The bottom edge (page pixels) of the lowest parameter or "Add Option" button. (Not of every element: the
 * parameters wrapper holds a filler that stretches to the bottom of the panel.)
 */
const CONTENT = '[data-test-id="parameter-item"], [data-test-id="collection-parameter-add"], [data-test-id="fixed-collection-add"]';
async function contentBottom(parameters: Locator): Promise<number> {
	const boxes = await parameters.locator(CONTENT).evaluateAll((items) =>
		items.map((item) => (item as unknown as { getBoundingClientRect(): { bottom: number } }).getBoundingClientRect().bottom),
	);
	return Math.max(...boxes);
}

/** Shows the Production URL (what the user pastes into the vendor's settings) where the node has one. */
async function showProductionUrl(ndv: Locator): Promise<void> {
	const webhookUrls = ndv.getByText('Webhook URLs', { exact: true });
	if ((await webhookUrls.count()) === 0) return;
	await webhookUrls.click();
	await ndv.getByText('Production URL', { exact: true }).click();
}

async function capture(page: Page, ndv: Locator, file: string): Promise<void> {
	await showProductionUrl(ndv);
	await page.mouse.move(0, 0); // no hover highlight in the picture
	const panel = ndv.locator('.node-settings').first();
	const hidden = await hiddenHeight(panel);
	if (hidden > 0) await page.setViewportSize({ width: VIEWPORT.width, height: VIEWPORT.height + hidden + 40 });
	await page.waitForTimeout(500); // the panel's expand animation
	const box = await panel.boundingBox();
	if (!box) throw new Error(`${file}: the parameters panel is not visible`);
	const bottom = await contentBottom(ndv.getByTestId('node-parameters'));
	await page.screenshot({
		path: file,
		clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, bottom - box.y + MARGIN) },
		animations: 'disabled',
		caret: 'hide',
	});
}

async function main() {
	const instance = await startN8n({ runtime: ensureRuntime(), tarball: packPackage(), env: { WEBHOOK_URL: PUBLIC_WEBHOOK_URL } });
	let browser: Browser | undefined;
	try {
		const nodes = packageNodes();
		const { workflow, nodeIds } = tourWorkflow(nodes);
		const workflowId = await new N8nApi(instance).createWorkflow(workflow);
		browser = await launchBrowser({ viewport: VIEWPORT, deviceScaleFactor: 2 });
		await logIn(browser.context, instance.baseUrl);
		mkdirSync(OUT_DIR, { recursive: true });
		for (const node of nodes) {
			const page = await browser.context.newPage();
			const watched = watch(page);
			const ndv = await openNode(page, instance.baseUrl, workflowId, nodeIds[node.type], 'light');
			await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
			const file = join(OUT_DIR, `${node.file}.png`);
			await capture(page, ndv, file);
			const broken = await brokenImages(page.locator('body'));
			if (broken.length > 0 || watched.problems.length > 0) {
				throw new Error(`${node.displayName}: ${[...watched.problems, ...broken.map((src) => `broken image ${src}`)].join('; ')}`);
			}
			console.log(`${node.displayName} → ${file.replace(`${REPO_DIR}/`, '')}`);
			await page.close();
		}
	} finally {
		await browser?.close();
		await stopN8n(instance);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
