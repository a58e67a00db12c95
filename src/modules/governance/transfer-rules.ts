/**
 * The checks an attestation must pass, pure so that they are unit-tested.
 *
 * Where personal data from the EEA may go on an adequacy decision (GDPR Art. 45): the EEA
 * itself and the countries the European Commission has found adequate. Source: European
 * Commission, "Adequacy decisions"
 * <https://commission.europa.eu/law/law-topic/data-protection/international-dimension-data-protection/adequacy-decisions_en>
 * (Andorra, Argentina, Canada (commercial organisations), Faroe Islands, Guernsey, Israel,
 * Isle of Man, Japan, Jersey, New Zealand, Republic of Korea, Switzerland, United Kingdom,
 * United States (organisations certified under the EU-US Data Privacy Framework only),
 * Uruguay). The partial decisions (Canada, United States) count here; the attesting member
 * answers for the recipient being in their scope. Any other storage country needs SCC or a
 * derogation.
 */
import { ConsentBasis, GovernedMaterial, TransferMechanism } from './governance.enums';

const EEA = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
];
const ADEQUATE = ['AD', 'AR', 'CA', 'FO', 'GG', 'IL', 'IM', 'JP', 'JE', 'NZ', 'KR', 'CH', 'GB', 'US', 'UY'];
export const ADEQUACY_COUNTRIES: ReadonlySet<string> = new Set([...EEA, ...ADEQUATE]);

/** Materials that are personal data about people (human specimens carry genetic data too). */
const PERSONAL: readonly GovernedMaterial[] = [GovernedMaterial.HUMAN_SPECIMEN, GovernedMaterial.GENOMIC_DATA, GovernedMaterial.CLINICAL_DATA];

export interface GovernanceFacts {
  materials: GovernedMaterial[];
  consentBasis: ConsentBasis | null;
  ethicsApprovalRef: string | null;
  transferMechanism: TransferMechanism;
  pseudonymised: boolean;
  storageCountry: string;
}

/** The first problem, as [field, reason], or null when the attestation holds together. */
export function governanceProblem(f: GovernanceFacts): [string, string] | null {
  const has = (x: GovernedMaterial) => f.materials.includes(x);
  if ((has(GovernedMaterial.HUMAN_SPECIMEN) || has(GovernedMaterial.CLINICAL_DATA)) && !f.consentBasis) {
    return ['input.consentBasis', 'human specimens and clinical data need a consent basis'];
  }
  if (f.consentBasis === ConsentBasis.ETHICS_WAIVER && !f.ethicsApprovalRef) {
    return ['input.ethicsApprovalRef', 'a consent waiver needs the reference of the ethics approval that granted it'];
  }
  const personal = f.materials.some((x) => PERSONAL.includes(x));
  if (personal && f.transferMechanism === TransferMechanism.NOT_PERSONAL_DATA) {
    const what = has(GovernedMaterial.GENOMIC_DATA)
      ? 'human genomic data are personal data even when pseudonymised'
      : 'human specimens and clinical data are personal data';
    return [
      'input.transferMechanism',
      `refused: ${what}; a transfer to ${f.storageCountry} needs a transfer mechanism (adequacy, standard contractual clauses or a derogation)`,
    ];
  }
  if (personal && f.transferMechanism === TransferMechanism.ADEQUACY && !ADEQUACY_COUNTRIES.has(f.storageCountry)) {
    return [
      'input.transferMechanism',
      `refused: no adequacy decision covers ${f.storageCountry}; personal data stored there need standard contractual clauses or a derogation`,
    ];
  }
  return null;
}
