import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULTS } from '../../src/config';
import { buildRegistry, DiscoveryError, loadRegistry, type DiscoveryDocument } from '../../src/services/registry';

const FILE = 'test-services.json';

/** A fresh copy of the shipped discovery document, for each test to break in one place. */
function shippedDocument(): DiscoveryDocument {
  return JSON.parse(fs.readFileSync(DEFAULTS.servicesFile, 'utf8')) as DiscoveryDocument;
}

function problemOf(document: unknown): DiscoveryError {
  try {
    buildRegistry(document, FILE);
  } catch (err) {
    assert.ok(err instanceof DiscoveryError, `expected a DiscoveryError, got ${String(err)}`);
    return err;
  }
  assert.fail('buildRegistry accepted the document');
}

describe('buildRegistry', () => {
  describe('with the shipped document', () => {
    it('registers each service with the implementation for its hook', () => {
      const registry = buildRegistry(shippedDocument(), FILE);
      assert.deepEqual(
        [...registry.byId.entries()].map(([id, s]) => [id, s.implementation.hook]),
        [
          ['hamstring-twitch', 'patient-view'],
          ['hamstring-twitch-order-select', 'order-select'],
          ['hamstring-twitch-order-sign', 'order-sign'],
        ],
      );
    });
  });

  describe('with a service missing its description', () => {
    it('throws a DiscoveryError naming the file and the missing property', () => {
      const document = shippedDocument();
      delete (document.services[0] as { description?: string }).description;
      const err = problemOf(document);
      assert.equal(err.name, 'DiscoveryError');
      assert.match(err.message, /^test-services\.json is not a valid discovery document:/);
      assert.match(err.message, /\/services\/0 must have required property 'description'/);
    });
  });

  describe('with a service id that has no implementation', () => {
    it('throws naming the unknown id and the known ones', () => {
      const document = shippedDocument();
      document.services[0].id = 'hamstring-jerk';
      const err = problemOf(document);
      assert.match(
        err.message,
        /service "hamstring-jerk" has no implementation \(known: hamstring-twitch, hamstring-twitch-order-select, hamstring-twitch-order-sign\)/,
      );
    });
  });

  describe('with a prefetch key the service reads left out', () => {
    it('throws naming the missing key', () => {
      const document = shippedDocument();
      delete document.services[0].prefetch!.procedures;
      const err = problemOf(document);
      assert.match(err.message, /service "hamstring-twitch": prefetch key "procedures" is missing \(the service reads it\)/);
    });
  });

  describe('with a prefetch key the service does not read', () => {
    it('throws naming the extra key', () => {
      const document = shippedDocument();
      document.services[0].prefetch!.allergies = 'AllergyIntolerance?patient={{context.patientId}}';
      const err = problemOf(document);
      assert.match(err.message, /service "hamstring-twitch": prefetch key "allergies" is not read by the service/);
    });
  });

  describe('with the wrong hook for the implementation', () => {
    it('throws naming the hook the implementation answers', () => {
      const document = shippedDocument();
      document.services[0].hook = 'order-sign';
      const err = problemOf(document);
      assert.match(err.message, /service "hamstring-twitch": hook must be "patient-view"/);
    });
  });

  describe('with several problems', () => {
    it('lists every one of them', () => {
      const document = shippedDocument();
      delete document.services[0].prefetch!.procedures;
      document.services[0].prefetch!.allergies = 'AllergyIntolerance?patient={{context.patientId}}';
      const err = problemOf(document);
      assert.match(err.message, /"procedures" is missing/);
      assert.match(err.message, /"allergies" is not read/);
    });
  });
});

describe('loadRegistry', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hamstring-registry-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('with a file that is not JSON', () => {
    it('throws a DiscoveryError saying the file is not valid JSON', () => {
      const file = path.join(dir, 'broken.json');
      fs.writeFileSync(file, '{ "services": [ ');
      assert.throws(
        () => loadRegistry(file),
        (err: unknown) =>
          err instanceof DiscoveryError && err.message.startsWith(`${file} is not a valid discovery document`) && /is not valid JSON/.test(err.message),
      );
    });
  });

  describe('with a file that does not exist', () => {
    it('throws a DiscoveryError saying it cannot be read (ENOENT)', () => {
      const file = path.join(dir, 'absent.json');
      assert.throws(
        () => loadRegistry(file),
        (err: unknown) => err instanceof DiscoveryError && /cannot be read \(ENOENT\)/.test(err.message),
      );
    });
  });

  describe('with the shipped file', () => {
    it('loads without error', () => {
      assert.equal(loadRegistry(DEFAULTS.servicesFile).discovery.services[0].id, 'hamstring-twitch');
    });
  });
});
