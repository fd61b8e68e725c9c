/** The CDS Hooks response schema the fixture runner checks every answer against: it must catch what an EHR would reject. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { responseProblems } from '../../src/schemas/validate-response';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, twitching } from '../support/builders';

/** A real answer: recent twitching and no labs gives a card with three suggested orders. */
async function realResponse(): Promise<{ cards: Record<string, unknown>[] }> {
  const res = await request(testApp())
    .post(SERVICE_URL)
    .send(hookRequest({ conditions: bundle(twitching(5)) }));
  assert.equal(res.status, 200);
  return res.body as { cards: Record<string, unknown>[] };
}

function firstAction(body: { cards: Record<string, unknown>[] }) {
  const card = body.cards.find((c) => Array.isArray(c.suggestions))!;
  const suggestion = (card.suggestions as { actions: { resource: Record<string, unknown> }[] }[])[0];
  return { card, action: suggestion.actions[0] };
}

describe('responseProblems', () => {
  describe('with what the service answers', () => {
    it('finds nothing wrong', async () => {
      assert.deepEqual(responseProblems(await realResponse()), []);
    });
  });

  describe('with a suggested ServiceRequest whose status is not in the R4 value set', () => {
    it('names the field', async () => {
      const body = await realResponse();
      firstAction(body).action.resource.status = 'proposed';
      assert.ok(responseProblems(body).some((p) => p.endsWith('/resource/status must be equal to one of the allowed values')));
    });
  });

  describe('with a suggested ServiceRequest without a subject', () => {
    it('names the missing property', async () => {
      const body = await realResponse();
      delete firstAction(body).action.resource.subject;
      assert.ok(responseProblems(body).some((p) => p.includes("must have required property 'subject'")));
    });
  });

  describe('with suggestions but no selectionBehavior', () => {
    it('reports the card', async () => {
      const body = await realResponse();
      delete firstAction(body).card.selectionBehavior;
      assert.ok(responseProblems(body).some((p) => p.includes("must have required property 'selectionBehavior'")));
    });
  });

  describe('with a 140-character summary', () => {
    it('reports it as too long', async () => {
      const body = await realResponse();
      body.cards[0].summary = 'x'.repeat(140);
      assert.ok(responseProblems(body).some((p) => p === '/cards/0/summary must NOT have more than 139 characters'));
    });
  });

  describe('with an override reason without a display', () => {
    it('reports the missing display', async () => {
      const body = await realResponse();
      (body.cards[0].overrideReasons as Record<string, unknown>[])[0].display = undefined;
      assert.ok(responseProblems(JSON.parse(JSON.stringify(body))).some((p) => p.includes("must have required property 'display'")));
    });
  });
});
