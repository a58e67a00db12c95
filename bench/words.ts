/** Vocabularies of the bench dataset's texts, and the deterministic helpers its ids and draws come from. */
import { createHash } from 'node:crypto';

export const DAY = 86_400_000;

export const ADJECTIVES = [
  'continuous',
  'batch',
  'high-containment',
  'sterile',
  'disposable',
  'automated',
  'benchtop',
  'industrial',
  'sealed',
  'multi-parameter',
  'high-throughput',
  'modular',
];
export const NOUNS = [
  'fermenter',
  'bioreactor',
  'centrifuge',
  'cytometer',
  'sequencer',
  'synthesizer',
  'autoclave',
  'freeze-dryer',
  'spray-dryer',
  'biosafety cabinet',
  'isolator',
  'aerosol chamber',
  'cross-flow filter',
  'homogenizer',
  'incubator',
  'chromatograph',
  'mass spectrometer',
  'protective suit',
  'decontamination shower',
  'nucleic acid assembler',
];
export const SUFFIXES = ['system', 'unit', 'assembly', 'equipment', 'installation', 'module'];
export const AGENTS = [
  'pathogenic microorganisms',
  'viruses',
  'toxins',
  'genetic elements',
  'recombinant cells',
  'fungal spores',
  'prions',
  'bacterial cultures',
];
export const USES = ['cultivation', 'separation', 'containment', 'analysis', 'aerosolisation', 'purification', 'drying', 'assembly'];
export const TIERS = ['DECLARATION', 'STANDARD', 'ENHANCED'];

/** uuid from md5, exactly as PostgreSQL's md5(text)::uuid formats it. */
export function md5Uuid(s: string): string {
  const h = createHash('md5').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const p2 = (n: number) => String(n).padStart(2, '0');
export const p4 = (n: number) => String(n).padStart(4, '0');
