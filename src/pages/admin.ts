/**
 * GET /admin: the governance report as a page. The figures are tables (readable without script);
 * two charts (Chart.js, served from this app) are drawn by /assets/admin.js from the data each
 * canvas carries in its data-chart attribute, so the page needs no inline script.
 */
import { outcomeChart, trendChart, type ChartSpec, type FindingSummary, type GovernanceReport } from '../feedback-loop/report';
import { escapeHtml, page } from './html';

export const ADMIN_PATH = '/admin';
export const ADMIN_REPORT_PATH = '/admin/report';
export const ADMIN_SCRIPT_PATH = '/assets/admin.js';
export const CHART_SCRIPT_PATH = '/assets/chart.umd.min.js';

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
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

function findingRow(f: FindingSummary): string {
  return `<tr data-finding="${escapeHtml(f.findingKind)}">
<th scope="row">${escapeHtml(f.title)}<br><span class="code">${escapeHtml(f.findingKind)}</span></th>
<td>${escapeHtml(f.serviceVersion)}</td><td>${escapeHtml(f.knowledgeVersion)}</td>
<td class="n">${f.issued}</td><td class="n">${f.accepted}</td><td class="n">${f.overridden}</td><td class="n">${f.noFeedback}</td><td class="n">${percent(f.overrideRate)}</td>
<td>${reasonsHtml(f)}</td>
</tr>`;
}

function weeklyTable(report: GovernanceReport): string {
  const rows = report.weekly.map(
    (w) =>
      `<tr><th scope="row">${escapeHtml(w.weekStart)}</th><td class="n">${w.issued}</td><td class="n">${w.accepted}</td><td class="n">${w.overridden}</td><td class="n">${w.issued === 0 ? '–' : percent(w.overridden / w.issued)}</td></tr>`,
  );
  return `<details><summary>Week by week, as a table</summary>
<table><thead><tr><th scope="col">week from</th><th scope="col">issued</th><th scope="col">accepted</th><th scope="col">overridden</th><th scope="col">override rate</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></details>`;
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
    totals.issued === 0
      ? '<p class="empty">No card was issued in this period.</p>'
      : `<dl class="totals">
<div><dt>issued</dt><dd>${totals.issued}</dd></div>
<div><dt>accepted</dt><dd>${totals.accepted}</dd></div>
<div><dt>overridden</dt><dd>${totals.overridden}</dd></div>
<div><dt>no feedback</dt><dd>${totals.noFeedback}</dd></div>
<div><dt>override rate</dt><dd>${percent(totals.overrideRate)}</dd></div>
</dl>
${chartHtml('outcome-chart', 'Outcome of each kind of card', outcomeChart(report))}
${chartHtml('trend-chart', 'Week by week (weeks start on Monday, UTC)', trendChart(report))}
${weeklyTable(report)}
<h2>Per kind of card and version</h2>
<table class="findings"><thead><tr><th scope="col">card</th><th scope="col">service</th><th scope="col">knowledge</th><th scope="col">issued</th><th scope="col">accepted</th><th scope="col">overridden</th><th scope="col">no feedback</th><th scope="col">override rate</th><th scope="col">override reasons (cards)</th></tr></thead>
<tbody>${report.findings.map(findingRow).join('\n')}</tbody></table>`;
  const body = `<header>
<h1>Governance report</h1>
<p class="lead">How clinicians answer each kind of card: accepted, overridden (and why), or left without feedback. A card counts once in each outcome it received. ${period} Generated ${escapeHtml(report.generatedAt)}; the same figures as JSON at <code>${ADMIN_REPORT_PATH}</code>.</p>
${rangeForm(query)}
</header>
${content}
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
