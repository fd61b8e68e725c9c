/**
 * Body regions, as the revised El Escorial criteria divide the body (Brooks et al., Amyotroph
 * Lateral Scler Other Motor Neuron Disord 2000;1:293): bulbar (tongue, face, jaw, throat),
 * cervical (neck, arms, hands), thoracic (back, abdomen, chest wall) and lumbosacral (lower back,
 * legs, feet). Fasciculations in two or more regions are widespread; two sites of one limb are not.
 */
export type Region = 'bulbar' | 'cervical' | 'thoracic' | 'lumbosacral';
