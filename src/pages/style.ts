/** The stylesheet of the service's pages, served at /assets/pages.css. */
export const PAGES_CSS = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6673; --line: #d8dee6; --accent: #0b5cad; --critical: #b3261e; --warning: #a35c00; --info: #1f6f43; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 4rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin-top: 0; }
a { color: var(--accent); }
.line { padding: .6rem .75rem; margin: .4rem 0; border-left: 4px solid var(--line); border-radius: 2px; }
.line.bullet { margin-left: 1.5rem; }
.line:target { border-left-color: var(--accent); background: #eef5fc; }
.line .text { margin: 0; }
.line .meta { margin: .3rem 0 0; font-size: .85rem; color: var(--muted); }
.line .id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .8rem; }
.line .refs { font-weight: 600; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: .6rem; font-size: .75rem; background: #eef1f4; color: var(--muted); }
.cards { margin: .3rem 0 0; padding-left: 1.1rem; font-size: .9rem; }
.cards .primary { font-weight: 600; }
footer { margin-top: 3rem; font-size: .85rem; color: var(--muted); }
`;
