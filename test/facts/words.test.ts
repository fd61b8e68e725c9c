import assert from 'node:assert/strict';
import { mayNameConcept, QUOTE_LENGTH, readWords, type WordReading } from '../../src/facts/words';

function read(text: string): WordReading {
  return readWords(text);
}

describe('readWords', () => {
  describe('what the words name', () => {
    const cases: [string, string[]][] = [
      ['Twitching of left hamstring for 3 weeks', ['twitching']],
      ['Fasciculations', ['twitching']],
      ['myokymia of the thigh', ['twitching']],
      ['muscle jumping in the back of the thigh', ['twitching']],
      ['Muscle weakness and wasting', ['muscleWeakness', 'muscleAtrophy']],
      ['night cramps', ['muscleCramp']],
      ['paraesthesia; pins and needles', ['sensoryChange']],
      ['Sciatica', ['radiculopathy']],
      ['Intermittent claudication', ['claudication']],
      ['Peripheral arterial disease', ['peripheralVascularDisease']],
      ['PAD', ['peripheralVascularDisease']],
      ['pain in the left thigh', ['thighPain']],
      ['left hamstring strain', ['hamstringInjury']],
      ['pulled hamstring', ['hamstringInjury']],
      ['Pulled left hamstring 3 weeks ago', ['hamstringInjury']],
      ['strain of the right hamstring', ['hamstringInjury']],
      ['h/o ALS', ['motorNeuronDisease']],
      ['Motor neurone disease', ['motorNeuronDisease']],
      ['Diabetic neuropathy', ['polyneuropathy']],
      ['Carpal tunnel syndrome, right', ['carpalTunnelSyndrome']],
      ["Isaacs' syndrome", ['neuromyotonia']],
    ];
    for (const [text, concepts] of cases) {
      it(`reads "${text}" as ${concepts.join(', ')}`, () => assert.deepEqual(read(text).concepts, concepts));
    }

    it('reads ALS and PAD only in upper case, as words', () => {
      assert.deepEqual(read('pals; a heating pad; VITALS').concepts, []);
    });

    it('does not read a weak pulse as muscle weakness', () => {
      assert.deepEqual(read('weak pulses at the foot').concepts, []);
    });
  });

  describe('negation', () => {
    it('refuses what "denies" precedes', () => {
      const reading = read('denies weakness');
      assert.deepEqual(reading.concepts, []);
      assert.deepEqual(reading.negated, ['muscleWeakness']);
    });

    it('refuses every concept after "no" in its clause', () => {
      assert.deepEqual(read('no numbness or tingling, no weakness').negated, ['sensoryChange', 'muscleWeakness']);
    });

    for (const text of [
      'twitching resolved',
      'Fasciculations ruled out',
      'twitching has stopped',
      'twitching gone',
      'No twitching',
      'without fasciculations',
      'negative for fasciculation',
    ]) {
      it(`refuses "${text}"`, () => {
        const reading = read(text);
        assert.deepEqual(reading.concepts, []);
        assert.deepEqual(reading.negated, ['twitching']);
      });
    }

    for (const text of ['twitching not resolved', 'twitching has not stopped', 'no change in the twitching']) {
      it(`does not refuse "${text}"`, () => assert.deepEqual(read(text).concepts, ['twitching']));
    }

    it('stops a negation at "but" and at a full stop', () => {
      const reading = read('no twitching in the calf but twitching in the thigh');
      assert.deepEqual(reading.concepts, ['twitching']);
      assert.deepEqual(reading.places, [{ part: 'thigh' }]);
      assert.deepEqual(read('Denies numbness. Weakness of the right leg').concepts, ['muscleWeakness']);
    });

    it('stops a negation at a line break', () => {
      assert.deepEqual(read('No weakness\nTwitching of the left thigh').concepts, ['twitching']);
    });

    it('reads white space of any kind and length as one space', () => {
      assert.equal(read('twitching   for\tthe   past  10 days').durationDays, 10);
      assert.deepEqual(read('no\t\tnumbness').negated, ['sensoryChange']);
    });

    it('names a concept negated in one clause and stated in another', () => {
      assert.deepEqual(read('No weakness last visit; now weakness').negated, []);
    });
  });

  describe('in question, or someone else', () => {
    for (const text of ['r/o ALS', '?ALS', 'Family history of ALS', 'possible motor neuron disease']) {
      it(`does not name "${text}" as the patient's`, () => {
        const reading = read(text);
        assert.deepEqual(reading.concepts, []);
        assert.deepEqual(reading.uncertain, ['motorNeuronDisease']);
      });
    }
  });

  describe('sites and sides', () => {
    it('reads the hamstring as the thigh, with its side', () => {
      assert.deepEqual(read('Twitching of left hamstring for 3 weeks').places, [{ part: 'thigh', side: 'left' }]);
    });

    it('reads each site of a list with its own side', () => {
      assert.deepEqual(read('Fasciculations in both thighs, both arms and the tongue').places, [
        { part: 'thigh', side: 'bilateral' },
        { part: 'upperLimb', side: 'bilateral' },
        { part: 'tongue' },
      ]);
    });

    it('reads "left eyelid twitching" at the eyelid, not the thigh', () => {
      assert.deepEqual(read('left eyelid twitching').places, [{ part: 'eyelid', side: 'left' }]);
    });

    it('lets the longest phrase win: biceps femoris is the thigh, biceps the upper arm', () => {
      assert.deepEqual(read('biceps femoris twitching').places, [{ part: 'thigh' }]);
      assert.deepEqual(read('biceps twitching').places, [{ part: 'upperArm' }]);
      assert.deepEqual(read('left lower leg').places, [{ part: 'lowerLeg', side: 'left' }]);
    });

    it('reads R and L as sides only in upper case, just before a site', () => {
      assert.deepEqual(read('Tingling R hand').places, [{ part: 'hand', side: 'right' }]);
      assert.deepEqual(read('weakness L5 distribution').places, []);
    });

    it('reads both feet, left and right thighs, and a side written after its site', () => {
      assert.deepEqual(read('numbness of both feet').places, [{ part: 'foot', side: 'bilateral' }]);
      assert.deepEqual(read('left and right thighs').places, [{ part: 'thigh', side: 'bilateral' }]);
      assert.deepEqual(read('Twitching thigh, left').places, [{ part: 'thigh', side: 'left' }]);
    });

    it('reads a leg with no part named as the lower limb', () => {
      assert.deepEqual(read('worsening weakness of right leg').places, [{ part: 'lowerLimb', side: 'right' }]);
    });

    for (const text of ['keep an eye on it; twitching', 'her sole complaint is twitching', 'on the other hand, twitching', 'face to face visit: twitching']) {
      it(`reads no site in the idiom of "${text}"`, () => assert.deepEqual(read(text).places, []));
    }

    it('leaves out sites a negation reaches', () => {
      assert.deepEqual(read('Twitching of left thigh, no weakness of the arm').places, [{ part: 'thigh', side: 'left' }]);
    });
  });

  describe('progression', () => {
    it('reads worsening weakness as progressive', () => assert.equal(read('worsening weakness of right leg').progressive, true));
    it('reads spreading twitching as progressive', () => assert.equal(read('twitching spreading to the calf').progressive, true));
    it('does not read "not worsening" as progressive', () => assert.equal(read('twitching, not worsening').progressive, false));
    it('is not progressive with no progression word', () => assert.equal(read('twitching of the thigh').progressive, false));
    it('reads "worse at night" as when, not progression', () => assert.equal(read('Twitching worse at night').progressive, false));
    it('reads "increasing training intensity" as activity, not progression', () =>
      assert.equal(read('Twitching after increasing training intensity').progressive, false));
    it('reads a progression word only in a clause that names a concept', () => assert.equal(read('Increasing stress at work; twitching').progressive, false));
    it('reads "weakness getting worse" as progressive', () => assert.equal(read('weakness getting worse').progressive, true));
  });

  describe('duration', () => {
    const cases: [string, number][] = [
      ['Twitching of left hamstring for 3 weeks', 21],
      ['twitching x 3 wks', 21],
      ['3-week history of twitching', 21],
      ['twitching for the past 10 days', 10],
      ['twitching since 2 months', 60],
      ['twitching for 1 month', 30],
      ['twitching for two months', 60],
      ['twitching for a year', 365],
      ['began 2 weeks ago', 14],
      ['thigh twitching, 3/52 hx', 21],
    ];
    for (const [text, days] of cases) {
      it(`reads "${text}" as ${days} days`, () => assert.equal(read(text).durationDays, days));
    }

    it('reads no duration where none is written, nor a date as one', () => {
      assert.equal(read('left thigh twitching').durationDays, undefined);
      assert.equal(read('seen 3/12/2026 for twitching').durationDays, undefined);
    });
  });

  describe('mayNameConcept', () => {
    it('tells at a glance that most texts name no concept', () => {
      assert.equal(mayNameConcept('Blood pressure'), false);
      assert.equal(mayNameConcept('Smoking status: never smoker'), false);
    });

    it('never misses a text readWords would read a concept in', () => {
      for (const text of ['Twitching of left hamstring', 'h/o ALS', 'PAD', 'no numbness', 'Pulled left hamstring']) {
        assert.equal(mayNameConcept(text), true, text);
      }
    });
  });

  describe('bounds', () => {
    it('quotes the words trimmed, at most 160 characters', () => {
      assert.equal(read('  Twitching   of left hamstring ').quote, 'Twitching of left hamstring');
      const long = read(`twitching ${'x'.repeat(400)}`).quote;
      assert.equal(long.length, QUOTE_LENGTH);
      assert.ok(long.endsWith('…'));
    });

    it('reads only the first 500 characters', () => {
      assert.deepEqual(read(`${' '.repeat(500)}twitching`).concepts, []);
    });
  });
});
