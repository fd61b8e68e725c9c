import assert from 'node:assert/strict';
import request from 'supertest';
import { listFixtures, readFixture } from '../../src/fixtures/runner';
import { loadConfig } from '../../src/config';
import { APPROACH_LINES } from '../../src/knowledge/approach';
import { VERIFIED_SOURCES } from '../../src/knowledge/sources';
import { KNOWLEDGE_VERSION } from '../../src/knowledge/version';
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

  describe('its sign-off, by default', () => {
    it('says first that the approach is not yet approved, names no owner and no review date', () => {
      const signOff = html.slice(html.indexOf('id="sign-off"'), html.indexOf('</section>', html.indexOf('id="sign-off"')));
      assert.ok(html.indexOf('id="sign-off"') < html.indexOf('id="section-overview"'), 'the sign-off comes before the lines');
      assert.match(signOff, /data-state="not-approved"/);
      assert.match(signOff, /Not yet approved: this approach has not been approved for use at this site\./);
      assert.match(signOff, /No owner named/);
      assert.match(signOff, /No review date set/);
      assert.match(signOff, new RegExp(`Knowledge version running</dt><dd>${KNOWLEDGE_VERSION.replace(/\./g, '\\.')}<`));
      assert.match(signOff, /not a diagnosis/);
    });
  });

  describe('its references', () => {
    let references: string;
    before(() => {
      references = html.slice(html.indexOf('<section id="references">'));
    });

    it("say that the bracketed numbers are the source document's own and its bibliography is not reproduced", () => {
      assert.match(references, /The numbers in brackets, 1 to 7, are the source document's own references/);
      assert.match(references, /Its bibliography is not reproduced here/);
    });

    it('list every source the service verified, each with its link and an anchor', () => {
      const ids = anchors(references);
      for (const source of VERIFIED_SOURCES) {
        assert.ok(ids.has(`source-${source.id}`), source.id);
        assert.ok(references.includes(escapeHtml(source.citation)), `${source.id}: citation`);
        if (source.url !== undefined) assert.ok(references.includes(`<a href="${escapeHtml(source.url)}">`), `${source.id}: link`);
      }
      for (const doi of ['10.1001/jamaneurol.2018.2681', '10.1681/ASN.2007070792', '10.1080/146608200300079536'])
        assert.ok(references.includes(`https://doi.org/${doi}`), doi);
      assert.match(references, /FDA Drug Safety Communication, 2 March 2011/);
    });
  });
});

describe('GET /approach, signed off', () => {
  const signedOff = (version: string, reviewDue = '2027-11-20') =>
    loadConfig({
      APPROACH_OWNER: 'Neurology CDS committee <chair>',
      APPROACH_APPROVED_VERSION: version,
      APPROACH_APPROVED_ON: '2026-11-20',
      APPROACH_REVIEW_DUE: reviewDue,
    }).approach;
  const signOffOf = async (app: ReturnType<typeof testApp>) => {
    const text = (await request(app).get('/approach').expect(200)).text;
    const start = text.indexOf('id="sign-off"');
    return text.slice(start, text.indexOf('</section>', start));
  };

  it('shows the owner (escaped), the approval with its version and the review date', async () => {
    const signOff = await signOffOf(testApp({ approach: signedOff(KNOWLEDGE_VERSION) }));
    assert.match(signOff, /data-state="approved"/);
    assert.match(signOff, /Neurology CDS committee &lt;chair&gt;/);
    assert.ok(signOff.includes(`2026-11-20 (knowledge ${KNOWLEDGE_VERSION})`));
    assert.match(signOff, /Review due<\/dt><dd>2027-11-20</);
  });

  it('says when the approval is for another knowledge version', async () => {
    const signOff = await signOffOf(testApp({ approach: signedOff('2020.1.1') }));
    assert.match(signOff, /data-state="other-version"/);
    assert.match(signOff, /Not approved in this version/);
  });

  it('says when its review is overdue on the day the page is asked for', async () => {
    // The test clock stands at 2026-11-26; a review due the day before is overdue.
    const signOff = await signOffOf(testApp({ approach: signedOff(KNOWLEDGE_VERSION, '2026-11-25') }));
    assert.match(signOff, /data-state="review-overdue"/);
    assert.match(signOff, /Review overdue: approved on 2026-11-20, to be reviewed by 2026-11-25\./);
  });
});
