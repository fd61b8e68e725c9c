import assert from 'node:assert/strict';
import request from 'supertest';
import { listFixtures, readFixture } from '../../src/fixtures/runner';
import { APPROACH_LINES } from '../../src/knowledge/approach';
import { escapeHtml } from '../../src/pages/html';
import { hookRequest, magnesium, bundle, twitching } from '../support/builders';
import { testApp, SERVICE_URL } from '../support/app';

/** The ids of every element of the page. */
function anchors(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
}

describe('GET /approach', () => {
  const app = testApp();
  let html: string;

  before(async () => {
    const res = await request(app).get('/approach').expect(200);
    assert.match(res.headers['content-type'], /^text\/html/);
    html = res.text;
  });

  it('renders every line of the approach with its id as an anchor', () => {
    const ids = anchors(html);
    for (const line of APPROACH_LINES) {
      assert.ok(ids.has(line.id), `no anchor for ${line.id}`);
      assert.ok(html.includes(escapeHtml(line.text)), `text of ${line.id} missing`);
    }
  });

  it('names under each line the cards that follow it', () => {
    const weakness = html.slice(html.indexOf('id="red-flag.weakness"'), html.indexOf('id="red-flag.widespread"'));
    assert.match(weakness, /Red flags and severe deficiencies: urgent assessment/);
    assert.match(weakness, /\[2\]/);
  });

  it('may load its own stylesheet and nothing else', async () => {
    const res = await request(app).get('/approach');
    assert.match(res.headers['content-security-policy'], /default-src 'none'/);
    assert.match(res.headers['content-security-policy'], /style-src 'self'/);
    assert.doesNotMatch(res.headers['content-security-policy'], /script-src/);
    assert.doesNotMatch(html, /<script|style="/);
    const css = await request(app).get('/assets/pages.css').expect(200);
    assert.match(css.headers['content-type'], /^text\/css/);
  });

  it('names its icon, so that browsers ask for no /favicon.ico', async () => {
    assert.match(html, /<link rel="icon" href="\/assets\/icon.svg" type="image\/svg\+xml">/);
    const icon = await request(app).get('/assets/icon.svg').expect(200);
    assert.match(icon.headers['content-type'], /^image\/svg\+xml/);
    assert.match((icon.body as Buffer).toString('utf8'), /^<svg /);
  });

  it('answers 405 to a POST', async () => {
    await request(app).post('/approach').expect(405);
  });

  describe('and the cards', () => {
    it('link each card to a line on the page', async () => {
      const res = await request(app)
        .post(SERVICE_URL)
        .send(hookRequest({ conditions: bundle(twitching(40)), observations: bundle(magnesium(1.2)) }))
        .expect(200);
      const ids = anchors(html);
      const cards = (res.body as { cards: { source: { url: string } }[] }).cards;
      assert.ok(cards.length >= 2);
      for (const card of cards) {
        const url = new URL(card.source.url);
        assert.equal(url.pathname, '/approach');
        assert.ok(ids.has(url.hash.slice(1)), card.source.url);
      }
    });

    it('of every fixture follow lines that are anchors on the page', () => {
      const ids = anchors(html);
      for (const file of listFixtures()) {
        for (const card of readFixture(file).expect.cards ?? []) assert.ok(ids.has(card.follows), `${file}: ${card.follows}`);
      }
    });
  });
});
