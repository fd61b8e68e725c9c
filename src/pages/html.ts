/**
 * The service's few HTML pages are built from strings: every value that is not our own markup goes
 * through `escapeHtml`, and pages load their style from /assets/pages.css (no inline style or
 * script, so their Content-Security-Policy can forbid both).
 */

const HTML_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES.get(ch)!);
}

/** What every page may load: its own stylesheet (and, where a page says so, its own scripts). */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The card preview: a form that posts to the page itself; still no script. */
export const PREVIEW_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The governance report: its charts' scripts from this app (never inline), and a form that asks for a period. */
export const ADMIN_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export const STYLESHEET_PATH = '/assets/pages.css';

/** Named by every page, so that browsers do not ask for a /favicon.ico the service does not have. */
export const ICON_PATH = '/assets/icon.svg';

/** A rounded square in the pages' accent colour: the service's mark in a browser tab. */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/><path d="M9 8v16M23 8v16M9 16h14" stroke="#fff" stroke-width="4" stroke-linecap="round"/></svg>';

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="${ICON_PATH}" type="image/svg+xml">
</head>
<body>
${body}
</body>
</html>
`;
}
