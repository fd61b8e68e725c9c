/** A card as the preview shows it: escaped text, markdown without raw HTML or images, what suggestions create or delete, the approach lines. */
import assert from 'node:assert/strict';
import type { Card } from '../../src/cards/types';
import { CARD_EXTENSION } from '../../src/cards/types';
import { cardHtml } from '../../src/pages/cards';
import { markdownHtml } from '../../src/pages/markdown-html';

const card: Card = {
  uuid: 'c-1',
  summary: 'Magnesium 1.3 mg/dL is low <script>',
  detail:
    '**Low magnesium** <img src=x onerror=alert(1)>\n\n- Magnesium: 1.3 mg/dL, 20 Nov 2026\n\n![tracker](https://tracker.example.com/pixel.png) [bad](javascript:alert(1))',
  indicator: 'warning',
  source: { label: 'hamstring-cds', url: '/approach#benign.electrolytes' },
  suggestions: [
    {
      label: 'Recheck magnesium',
      uuid: 's-1',
      isRecommended: true,
      actions: [
        {
          type: 'create',
          description: 'Order serum magnesium',
          resource: {
            resourceType: 'ServiceRequest',
            status: 'draft',
            intent: 'proposal',
            subject: { reference: 'Patient/p' },
            code: { coding: [{ system: 'http://loinc.org', code: '19123-9', display: 'Magnesium [Mass/volume] in Serum or Plasma' }] },
          },
        },
      ],
    },
    { label: 'Remove the MRI draft', uuid: 's-2', actions: [{ type: 'delete', description: 'Remove', resourceId: 'ServiceRequest/mri-draft' }] },
  ],
  selectionBehavior: 'any',
  overrideReasons: [{ system: 'urn:x', code: 'already-addressed', display: 'Already addressed or ordered elsewhere' }],
  links: [{ label: 'Guideline', url: 'https://guidelines.example.org/hypomagnesemia', type: 'absolute' }],
  extension: { [CARD_EXTENSION]: { finding: 'electrolyte-low', lines: ['benign.electrolytes'], serviceVersion: '0.1.0', knowledgeVersion: 'k' } },
};

describe('pages: a card as the preview shows it', () => {
  const html = cardHtml(card);

  it('carries the indicator as its class and the finding it renders', () => {
    assert.match(html, /^<article class="card warning" data-finding="electrolyte-low" data-indicator="warning">/);
  });

  it('escapes the summary', () => {
    assert.ok(html.includes('Magnesium 1.3 mg/dL is low &lt;script&gt;'));
    assert.ok(!html.includes('<script>'));
  });

  it('renders the detail as markdown with raw HTML shown as text, no image and no javascript: link', () => {
    assert.ok(html.includes('<strong>Low magnesium</strong>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!/<img/i.test(html), 'no image is loaded');
    assert.ok(!html.includes('href="javascript:'), 'no javascript: link');
  });

  it('says what each suggestion would create or delete, with its codes', () => {
    assert.ok(html.includes('Create ServiceRequest: Magnesium [Mass/volume] in Serum or Plasma <span class="code">LOINC 19123-9</span>'));
    assert.ok(html.includes('Delete <span class="code">ServiceRequest/mri-draft</span>'));
    assert.ok(html.includes('<span class="badge">recommended</span>'));
  });

  it('lists its links, override reasons and the approach line it follows, linked to /approach', () => {
    assert.ok(html.includes('<a href="https://guidelines.example.org/hypomagnesemia" rel="noopener noreferrer">Guideline</a>'));
    assert.ok(html.includes('<li>Already addressed or ordered elsewhere</li>'));
    assert.match(html, /<a href="\/approach#benign\.electrolytes">benign\.electrolytes<\/a> \S/);
  });

  describe('markdownHtml', () => {
    it('keeps raw HTML as text', () => {
      assert.equal(markdownHtml('<b>x</b>'), '<p>&lt;b&gt;x&lt;/b&gt;</p>\n');
    });
  });
});
