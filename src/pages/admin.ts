/**
 * GET /admin: the governance report as a page. The figures are tables (readable without script,
 * each also as CSV); clinicians' comments only for a caller who gave the admin token;
 * two charts (Chart.js, served from this app) are drawn by /assets/admin.js from the data each
 * canvas carries in its data-chart attribute, so the page needs no inline script.
 */
import { CSV_TABLES } from '../feedback-loop/report-csv';
import { outcomeChart, rowLabel, trendChart, type ChartSpec, type Figures, type FindingSummary, type GovernanceReport } from '../feedback-loop/report';
import { escapeHtml, page } from './html';

export const ADMIN_PATH = '/admin';
export const ADMIN_REPORT_PATH = '/admin/report';
export const ADMIN_CSV_PATH = '/admin/report.csv';
export const ADMIN_SCRIPT_PATH = '/assets/admin.js';
export const CHART_SCRIPT_PATH = '/assets/chart.umd.min.js';

function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}

function per100(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}

function chartHtml(id: string, title: string, spec: ChartSpec): string {
  return `<figure class="chart-box">
<figcaption>${escapeHtml(title)}</figcaption>
<div class="chart"><canvas id="${id}" role="img" aria-label="${escapeHtml(title)}" data-chart="${escapeHtml(JSON.stringify(spec))}"></canvas></div>
</figure>`;
}

function reasonsHtml(finding: FindingSummary): string {
  if (finding.overrideReasons.length === 0) return '';
  return `<ul class="reasons">${finding.overrideReasons
    .map((r) => `<li${r.code ? ` title="${escapeHtml(r.code)}"` : ''}>${escapeHtml(r.display ?? r.code ?? 'no reason given')}: ${r.cards}</li>`)
    .join('')}</ul>`;
}

function modeHtml(f: FindingSummary): string {
  return `<span class="mode mode-${escapeHtml(f.mode)}">${escapeHtml(f.mode)}${f.pilotArm ? `: ${escapeHtml(f.pilotArm)} arm` : ''}</span>`;
}

const FIGURE_HEAD = `<th scope="col">fired</th><th scope="col">shown</th><th scope="col">held silent</th><th scope="col">snoozed away</th><th scope="col">per 100 calls</th><th scope="col">critical shown</th><th scope="col">accepted</th><th scope="col">overridden</th><th scope="col">unanswered</th><th scope="col">override rate of answered</th><th scope="col">override rate of shown</th>`;

function figureCells(f: Figures): string {
  return `<td class="n">${f.fired}</td><td class="n">${f.shown}</td><td class="n">${f.silent}</td><td class="n">${f.snoozed}</td><td class="n">${per100(f.firingsPer100Calls)}</td><td class="n">${f.critical}</td><td class="n">${f.accepted}</td><td class="n">${f.overridden}</td><td class="n">${f.unanswered}</td><td class="n">${percent(f.overrideRateOfAnswered)}</td><td class="n">${percent(f.overrideRateOfShown)}</td>`;
}

function findingRow(f: FindingSummary, report: GovernanceReport): string {
  return `<tr data-finding="${escapeHtml(f.findingKind)}" data-mode="${escapeHtml(f.mode)}"${f.pilotArm ? ` data-arm="${escapeHtml(f.pilotArm)}"` : ''}>
<th scope="row">${escapeHtml(rowLabel(f, report))}<br><span class="code">${escapeHtml(f.findingKind)} · ${escapeHtml(f.serviceId)}</span></th>
<td>${escapeHtml(f.serviceVersion)}<br><span class="code">knowledge ${escapeHtml(f.knowledgeVersion)}</span></td><td>${modeHtml(f)}</td>
${figureCells(f)}
<td>${reasonsHtml(f)}</td>
</tr>`;
}

function flagsTable(report: GovernanceReport): string {
  const rows = report.findings.flatMap((f) =>
    f.flags.map(
      (flag) =>
        `<tr data-flag="${escapeHtml(flag.flag)}" data-mode="${escapeHtml(f.mode)}"><th scope="row">${escapeHtml(flag.flag)}</th><td>${modeHtml(f)}<br><span class="code">${escapeHtml(f.serviceVersion)} · ${escapeHtml(f.findingKind)}</span></td>${figureCells(flag)}</tr>`,
    ),
  );
  if (rows.length === 0) return '';
  return `<h2 id="flags">The urgent card, by the flags it carried</h2>
<p class="muted">A card that carried several flags counts under each.</p>
<table class="flags"><thead><tr><th scope="col">flag</th><th scope="col">mode</th>${FIGURE_HEAD}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function weeklyTable(report: GovernanceReport): string {
  const rows = report.weekly.map((w) => `<tr><th scope="row">${escapeHtml(w.weekStart)}</th>${figureCells(w)}</tr>`);
  const perRow = report.findings.flatMap((f) =>
    f.weekly.map((w) => `<tr><th scope="row">${escapeHtml(rowLabel(f, report))}</th><td>${escapeHtml(w.weekStart)}</td>${figureCells(w)}</tr>`),
  );
  return `<details><summary>Week by week, as a table</summary>
<table class="weekly"><thead><tr><th scope="col">week from</th>${FIGURE_HEAD}</tr></thead>
<tbody>${rows.join('')}</tbody></table></details>
<details><summary>Week by week, for each kind of card</summary>
<table class="findings-weekly"><thead><tr><th scope="col">card</th><th scope="col">week from</th>${FIGURE_HEAD}</tr></thead>
<tbody>${perRow.join('')}</tbody></table></details>`;
}

function commentsSection(report: GovernanceReport): string {
  if (report.comments === undefined) {
    return `<h2 id="comments">Clinicians' comments</h2><p class="muted">Shown only to a caller who gives the admin token (ADMIN_TOKEN): free text may hold patient data.</p>`;
  }
  const rows = report.comments.map(
    (c) =>
      `<tr><td>${escapeHtml(c.receivedAt.slice(0, 10))}</td><td>${escapeHtml(c.findingKind)}</td><td>${escapeHtml(c.mode)}</td><td>${escapeHtml(c.outcome)}</td><td>${escapeHtml(c.reason ?? '')}</td><td class="comment">${escapeHtml(c.comment)}</td></tr>`,
  );
  return `<h2 id="comments">Clinicians' comments</h2>
<p class="note">Free text may hold patient data: read it here, do not copy it out. Comments are erased after FEEDBACK_COMMENT_RETENTION_DAYS.</p>
${
  rows.length === 0
    ? '<p class="empty">No comment in this period.</p>'
    : `<table class="comments"><thead><tr><th scope="col">received</th><th scope="col">card</th><th scope="col">mode</th><th scope="col">outcome</th><th scope="col">reason</th><th scope="col">comment</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}`;
}

function csvLinks(query: { from?: string; to?: string }, withComments: boolean): string {
  const range = ['from', 'to'].flatMap((k) => (query[k as 'from' | 'to'] ? [`&amp;${k}=${encodeURIComponent(query[k as 'from' | 'to']!)}`] : [])).join('');
  const tables = CSV_TABLES.filter((t) => t !== 'comments' || withComments);
  return `<p class="csv">CSV: ${tables.map((t) => `<a href="${ADMIN_CSV_PATH}?table=${t}${range}">${t}</a>`).join(' · ')}</p>`;
}

function rangeForm(query: { from?: string; to?: string }): string {
  return `<form class="range" method="get" action="${ADMIN_PATH}">
<label>From <input type="date" name="from" value="${escapeHtml(query.from ?? '')}"></label>
<label>To <input type="date" name="to" value="${escapeHtml(query.to ?? '')}"></label>
<button type="submit">Show</button>
</form>`;
}

export function adminPage(report: GovernanceReport, query: { from?: string; to?: string }, versions: { service: string; knowledge: string }): string {
  const { totals } = report;
  const period =
    report.from || report.to
      ? `Cards issued ${report.from ? `from ${escapeHtml(report.from)}` : ''}${report.to ? ` before ${escapeHtml(report.to)}` : ''}.`
      : 'Every card in the ledger.';
  const content =
    totals.fired === 0 && totals.hookCalls === 0
      ? '<p class="empty">No card was issued in this period.</p>'
      : `<dl class="totals">
<div><dt>hook calls</dt><dd>${totals.hookCalls}</dd></div>
<div><dt>shown</dt><dd>${totals.shown}</dd></div>
<div><dt>held silent</dt><dd>${totals.silent}</dd></div>
<div><dt>snoozed away</dt><dd>${totals.snoozed}</dd></div>
<div><dt>firings per 100 calls</dt><dd>${per100(totals.firingsPer100Calls)}</dd></div>
<div><dt>accepted</dt><dd>${totals.accepted}</dd></div>
<div><dt>overridden</dt><dd>${totals.overridden}</dd></div>
<div><dt>unanswered</dt><dd>${totals.unanswered}</dd></div>
<div><dt>override rate of answered</dt><dd>${percent(totals.overrideRateOfAnswered)}</dd></div>
<div><dt>override rate of shown</dt><dd>${percent(totals.overrideRateOfShown)}</dd></div>
<div><dt>critical per user per day</dt><dd>${totals.criticalPerUserDay.mean.toFixed(2)}<span class="muted"> (max ${totals.criticalPerUserDay.max})</span></dd></div>
</dl>
${chartHtml('outcome-chart', 'Outcome of each kind of card', outcomeChart(report))}
${chartHtml('trend-chart', 'Week by week (weeks start on Monday, UTC)', trendChart(report))}
${weeklyTable(report)}
<h2>Per kind of card, version and mode</h2>
<table class="findings"><thead><tr><th scope="col">card</th><th scope="col">version</th><th scope="col">mode</th>${FIGURE_HEAD}<th scope="col">override reasons (cards)</th></tr></thead>
<tbody>${report.findings.map((f) => findingRow(f, report)).join('\n')}</tbody></table>
${flagsTable(report)}`;
  const body = `<header>
<h1>Governance report</h1>
<p class="lead">What each kind of card did: fired, shown or held silent (its mode, and a pilot's arm), snoozed away, and how clinicians answered the cards they saw. The override rate of answered cards is overridden ÷ accepted or overridden; the rate of shown cards counts the unanswered too. Firings per 100 calls count every hook call, with or without cards. ${period} Generated ${escapeHtml(report.generatedAt)}; the same figures as JSON at <code>${ADMIN_REPORT_PATH}</code>.</p>
${rangeForm(query)}
${csvLinks(query, report.comments !== undefined)}
</header>
${content}
${commentsSection(report)}
<footer>hamstring-cds ${escapeHtml(versions.service)} · knowledge ${escapeHtml(versions.knowledge)}</footer>
<script src="${CHART_SCRIPT_PATH}"></script>
<script src="${ADMIN_SCRIPT_PATH}"></script>`;
  return page('Governance report · hamstring-cds', body);
}

/**
 * /assets/admin.js: draws each canvas[data-chart] with Chart.js (the global of its UMD build). No
 * animation: the figures are there at once, and screenshots and tests see the finished chart.
 */
export const ADMIN_SCRIPT = `'use strict';
(function () {
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const spec = JSON.parse(canvas.getAttribute('data-chart'));
    const valueAxis = { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } };
    const labelAxis = { stacked: spec.stacked };
    // One bar per kind of card: the box grows with them (CSSOM, which the page's policy allows).
    if (spec.horizontal) canvas.parentNode.style.height = (6 + 2.2 * spec.labels.length) + 'rem';
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          return { label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color, tension: 0.2, pointRadius: 3 };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? 'y' : 'x',
        scales: spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    canvas.setAttribute('data-drawn', 'true');
  }
})();
`;
