import assert from 'node:assert/strict';
import { CONCEPT } from '../../src/knowledge/codes';
import { INGREDIENTS, ingredientInWords, ingredientOfConcept, MEDICINE_CLASSES } from '../../src/knowledge/medicines';
import { RXNORM } from '../../src/knowledge/systems';

describe('knowledge/medicines', () => {
  describe('the ingredients with an RxNorm code', () => {
    it('are exactly the four the terminology reference verifies, each under its own name', () => {
      const coded = INGREDIENTS.filter((i) => i.concept !== undefined).map((i) => [i.name, CONCEPT[i.concept!].codes.map((c) => `${c.system}|${c.code}`)]);
      assert.deepEqual(coded, [
        ['furosemide', [`${RXNORM}|4603`]],
        ['hydrochlorothiazide', [`${RXNORM}|5487`]],
        ['omeprazole', [`${RXNORM}|7646`]],
        ['pantoprazole', [`${RXNORM}|40790`]],
      ]);
    });

    it('are found from their concept', () => {
      assert.equal(ingredientOfConcept('pantoprazole')?.medicineClass, 'proton-pump-inhibitor');
      assert.equal(ingredientOfConcept('caffeine'), undefined);
    });
  });

  describe('the classes', () => {
    it('say diuretics lower potassium and magnesium, and proton pump inhibitors magnesium only', () => {
      assert.deepEqual(MEDICINE_CLASSES['loop-diuretic'].lowers, ['potassium', 'magnesium']);
      assert.deepEqual(MEDICINE_CLASSES.thiazide.lowers, ['potassium', 'magnesium']);
      assert.deepEqual(MEDICINE_CLASSES['proton-pump-inhibitor'].lowers, ['magnesium']);
    });
  });

  describe('ingredientInWords', () => {
    it('finds the ingredient in a product name, whatever its case', () => {
      assert.equal(ingredientInWords('Furosemide 40 MG Oral Tablet')?.name, 'furosemide');
      assert.equal(ingredientInWords('hydrochlorothiazide 25 MG / lisinopril 20 MG Oral Tablet')?.name, 'hydrochlorothiazide');
    });

    it('matches whole words only: esomeprazole is not omeprazole, dexlansoprazole is not lansoprazole', () => {
      assert.equal(ingredientInWords('Esomeprazole 20 MG')?.name, 'esomeprazole');
      assert.equal(ingredientInWords('dexlansoprazole 60 MG')?.name, 'dexlansoprazole');
    });

    it('finds nothing in words that name none', () => {
      assert.equal(ingredientInWords('Metformin 500 MG Oral Tablet'), undefined);
    });
  });
});
