/** The stylesheet of the service's pages, served at /assets/pages.css. */
export const PAGES_CSS = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6673; --line: #d8dee6; --accent: #0b5cad; --critical: #b3261e; --warning: #a35c00; --info: #1f6f43; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 64rem; padding: 1.5rem 1.25rem 4rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
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
.sign-off { margin: 1rem 0 1.5rem; padding: .75rem 1rem; border: 1px solid var(--line); border-left: 6px solid var(--warning); border-radius: 6px; background: #fffaf2; }
.sign-off.approved { border-left-color: var(--info); background: #f4faf6; }
.sign-off .status { margin: 0 0 .5rem; font-weight: 600; }
.sign-off dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .5rem 1rem; margin: 0; }
.sign-off dt { font-size: .8rem; color: var(--muted); }
.sign-off dd { margin: 0; }
.sign-off .note { margin: .6rem 0 0; font-size: .85rem; color: var(--muted); }
ul.sources { padding-left: 1.1rem; }
ul.sources li { margin: .6rem 0; }
ul.sources li:target { background: #eef5fc; }
ul.sources p { margin: 0; }
ul.sources .topic { font-weight: 600; }
ul.sources .citation a { word-break: break-all; }
ul.sources .used { font-size: .85rem; }
footer { margin-top: 3rem; font-size: .85rem; color: var(--muted); }
code, .code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85em; }
.code { color: var(--muted); }
.muted { color: var(--muted); }
label { display: block; margin: .5rem 0; font-weight: 600; }
select, input, textarea { font: inherit; font-weight: normal; }
textarea { display: block; width: 100%; margin-top: .25rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
button { font: inherit; padding: .35rem .9rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
form.try { margin: 1rem 0 2rem; padding: 1rem; border: 1px solid var(--line); border-radius: 6px; background: #f7f9fb; }
form.try h2 { margin-top: 0; border: 0; }
form.range { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; }
form.range label { margin: 0; }
ul.toc { columns: 2; font-size: .9rem; }
.fixture { margin-top: 2.5rem; }
.run h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
.cards-list { display: grid; gap: .75rem; }
.card { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px; padding: .75rem 1rem; background: #fff; box-shadow: 0 1px 2px rgba(0, 0, 0, .05); }
.card.warning { border-left-color: var(--warning); }
.card.critical { border-left-color: var(--critical); background: #fff8f7; }
.card .indicator { margin: 0; font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: var(--info); }
.card.warning .indicator { color: var(--warning); }
.card.critical .indicator { color: var(--critical); }
.card h4 { margin: .6rem 0 .2rem; font-size: .85rem; color: var(--muted); }
.card h4.summary { margin: .2rem 0 .5rem; font-size: 1.05rem; color: var(--ink); }
.card .detail { font-size: .92rem; }
.card .detail p { margin: .4rem 0; }
.card ul { margin: .2rem 0; padding-left: 1.2rem; font-size: .9rem; }
.card .suggestion .label { font-weight: 600; }
.card .source { margin: .6rem 0 0; font-size: .8rem; color: var(--muted); }
.no-cards { color: var(--muted); }
.answer-error { padding: .5rem .75rem; border-left: 4px solid var(--warning); background: #fff7ec; }
dl.totals { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1.5rem 0; }
dl.totals div { flex: 1 1 8rem; padding: .6rem .8rem; border: 1px solid var(--line); border-radius: 6px; }
dl.totals dt { font-size: .8rem; color: var(--muted); }
dl.totals dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
figure.chart-box { margin: 1.5rem 0; }
figure.chart-box figcaption { font-weight: 600; margin-bottom: .5rem; }
.chart { position: relative; height: 18rem; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; margin: .75rem 0; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.findings th:last-child, table.findings td:last-child { min-width: 14rem; }
table.findings tbody th, table.findings-weekly tbody th { min-width: 14rem; }
table.flags tbody td:nth-child(2) { min-width: 8rem; }
table.findings, table.flags, table.weekly, table.findings-weekly { display: block; overflow-x: auto; }
.mode { font-size: .8rem; padding: .05rem .35rem; border-radius: 4px; border: 1px solid var(--line); white-space: nowrap; }
.mode-silent, .moded[data-shown="false"] .card-mode { color: #6b4fa3; }
.moded[data-shown="false"] .card { opacity: .7; border-style: dashed; }
.card-mode { margin: .75rem 0 -.5rem; font-size: .85rem; font-weight: 600; }
.note { padding: .5rem .75rem; border-left: 4px solid var(--warning); background: #fff7ec; }
td.comment { white-space: pre-wrap; }
.csv { font-size: .9rem; }
ul.reasons { margin: 0; padding-left: 1rem; font-size: .85rem; }
.empty { padding: 1rem; border: 1px dashed var(--line); border-radius: 6px; color: var(--muted); }
`;
