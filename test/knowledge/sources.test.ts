/** The verified sources: one table the approach page lists and the cards, thresholds and medicines cite. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MEDICINE_CLASSES } from '../../src/knowledge/medicines';
import { VERIFIED_SOURCES } from '../../src/knowledge/sources';

const SRC = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('VERIFIED_SOURCES', () => {
  it('gives every source a unique id, a topic, a citation and what rests on it', () => {
    assert.equal(new Set(VERIFIED_SOURCES.map((s) => s.id)).size, VERIFIED_SOURCES.length);
    for (const source of VERIFIED_SOURCES) {
      assert.match(source.id, /^[a-z0-9-]+$/);
      for (const text of [source.topic, source.citation, source.usedFor]) assert.ok(text.length > 10, `${source.id}: ${text}`);
    }
  });

  it('links every source that has one public document over https', () => {
    for (const source of VERIFIED_SOURCES.filter((s) => s.url !== undefined)) assert.match(source.url!, /^https:\/\/[^\s]+$/, source.id);
  });

  it('lists the sources the service verified itself, each with its link', () => {
    const url = (id: string) => VERIFIED_SOURCES.find((s) => s.id === id)?.url;
    assert.equal(url('caspr2-lgi1'), 'https://doi.org/10.1001/jamaneurol.2018.2681');
    assert.equal(url('magnesium-potassium'), 'https://doi.org/10.1681/ASN.2007070792');
    assert.equal(url('el-escorial'), 'https://doi.org/10.1080/146608200300079536');
    assert.equal(url('strain-window'), 'https://doi.org/10.1136/bjsports-2020-103791');
    assert.match(url('ppi-magnesium') ?? '', /^https:\/\/www\.fda\.gov\/.*proton-pump/);
    assert.equal(url('abi-bands'), 'https://doi.org/10.1161/CIR.0000000000000471');
    assert.equal(url('cut-off-potassium'), 'https://www.ncbi.nlm.nih.gov/books/NBK482465/');
    assert.ok(url('codes'));
  });

  it('writes each link once in the code: cards and pages read it from the table', () => {
    const files = sourceFiles(SRC).map((file) => fs.readFileSync(file, 'utf8'));
    for (const source of VERIFIED_SOURCES.filter((s) => s.url !== undefined)) {
      const times = files.reduce((n, text) => n + text.split(source.url!).length - 1, 0);
      assert.equal(times, 1, `${source.url} is written ${times} times`);
    }
  });

  it('is what the medicines cite for proton pump inhibitors', () => {
    assert.equal(MEDICINE_CLASSES['proton-pump-inhibitor'].source, VERIFIED_SOURCES.find((s) => s.id === 'ppi-magnesium')?.citation);
  });
});
