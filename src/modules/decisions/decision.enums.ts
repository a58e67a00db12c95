import { registerEnumType } from 'type-graphql';

export enum LicenceOutcome {
  GRANTED = 'GRANTED',
  GRANTED_WITH_CONDITIONS = 'GRANTED_WITH_CONDITIONS',
  DENIED = 'DENIED',
}
registerEnumType(LicenceOutcome, {
  name: 'LicenceOutcome',
  description: 'Outcome of a licence decision.',
  valuesConfig: {
    GRANTED: { description: 'Granted.' },
    GRANTED_WITH_CONDITIONS: { description: 'Granted with conditions.' },
    DENIED: { description: 'Denied; other members may not grant an essentially identical transaction without consulting first.' },
  },
});

export enum ConsultationOutcome {
  PROCEED = 'PROCEED',
  REFRAIN = 'REFRAIN',
}
registerEnumType(ConsultationOutcome, {
  name: 'ConsultationOutcome',
  description: 'What the granting member decided after consulting the denying member.',
  valuesConfig: {
    PROCEED: { description: 'It will grant despite the denial (the denying member may contest this in a dispute).' },
    REFRAIN: { description: 'It will not grant.' },
  },
});
