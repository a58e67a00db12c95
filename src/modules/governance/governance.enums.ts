import { registerEnumType } from 'type-graphql';

export enum GovernedSubjectKind {
  LICENCE_DECISION = 'LICENCE_DECISION',
  RECOGNITION_REQUEST = 'RECOGNITION_REQUEST',
  FAST_TRACK_APPLICATION = 'FAST_TRACK_APPLICATION',
  HUMANITARIAN_WAIVER = 'HUMANITARIAN_WAIVER',
}
registerEnumType(GovernedSubjectKind, { name: 'GovernedSubjectKind', description: 'What a data-governance attestation is attached to.' });

export enum GovernedMaterial {
  HUMAN_SPECIMEN = 'HUMAN_SPECIMEN',
  PATHOGEN_ISOLATE = 'PATHOGEN_ISOLATE',
  GENOMIC_DATA = 'GENOMIC_DATA',
  CLINICAL_DATA = 'CLINICAL_DATA',
}
registerEnumType(GovernedMaterial, { name: 'GovernedMaterial', description: 'Materials and data that cross the border.' });

export enum ConsentBasis {
  BROAD = 'BROAD',
  SPECIFIC = 'SPECIFIC',
  ETHICS_WAIVER = 'ETHICS_WAIVER',
}
registerEnumType(ConsentBasis, { name: 'ConsentBasis', description: 'The consent basis for human specimens and clinical data.' });

export enum TransferMechanism {
  ADEQUACY = 'ADEQUACY',
  SCC = 'SCC',
  DEROGATION = 'DEROGATION',
  NOT_PERSONAL_DATA = 'NOT_PERSONAL_DATA',
}
registerEnumType(TransferMechanism, {
  name: 'TransferMechanism',
  description: 'The legal mechanism for transferring personal data (GDPR Chapter V).',
  valuesConfig: {
    ADEQUACY: { description: 'An adequacy decision covers the storage country (GDPR Art. 45).' },
    SCC: { description: 'Standard contractual clauses (GDPR Art. 46(2)(c)).' },
    DEROGATION: { description: 'A derogation for a specific situation (GDPR Art. 49).' },
    NOT_PERSONAL_DATA: { description: 'No personal data crosses the border.' },
  },
});

export enum BenefitSharing {
  NAGOYA_PIC_MAT = 'NAGOYA_PIC_MAT',
  PIP_SMTA2 = 'PIP_SMTA2',
  PABS = 'PABS',
  NONE = 'NONE',
}
registerEnumType(BenefitSharing, {
  name: 'BenefitSharing',
  description:
    'Access and benefit-sharing arrangement: Nagoya prior informed consent and mutually agreed terms, the PIP Framework SMTA2, the WHO PABS system, or none.',
});
