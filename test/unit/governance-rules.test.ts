import { ConsentBasis, GovernedMaterial as M, TransferMechanism as T } from '../../src/modules/governance/governance.enums';
import { governanceProblem } from '../../src/modules/governance/transfer-rules';

const base = {
  materials: [M.PATHOGEN_ISOLATE],
  consentBasis: null,
  ethicsApprovalRef: null,
  transferMechanism: T.NOT_PERSONAL_DATA,
  pseudonymised: false,
  storageCountry: 'KE',
};

describe('data governance checks', () => {
  it('pathogen isolates alone are not personal data', () => expect(governanceProblem(base)).toBeNull());
  it('human specimens and clinical data need a consent basis', () => {
    expect(governanceProblem({ ...base, materials: [M.HUMAN_SPECIMEN], transferMechanism: T.SCC })?.[0]).toBe('input.consentBasis');
    expect(governanceProblem({ ...base, materials: [M.CLINICAL_DATA], transferMechanism: T.SCC })?.[0]).toBe('input.consentBasis');
  });
  it('genomic data need a transfer mechanism, even pseudonymised', () => {
    expect(governanceProblem({ ...base, materials: [M.GENOMIC_DATA], pseudonymised: true })).toEqual([
      'input.transferMechanism',
      expect.stringMatching(/^refused: human genomic data/),
    ]);
    expect(governanceProblem({ ...base, materials: [M.GENOMIC_DATA], transferMechanism: T.DEROGATION })).toBeNull();
  });
  it('adequacy only where a decision (or the EEA) covers the storage country', () => {
    expect(governanceProblem({ ...base, materials: [M.GENOMIC_DATA], transferMechanism: T.ADEQUACY, storageCountry: 'CH' })).toBeNull();
    expect(governanceProblem({ ...base, materials: [M.GENOMIC_DATA], transferMechanism: T.ADEQUACY, storageCountry: 'NO' })).toBeNull();
    expect(governanceProblem({ ...base, materials: [M.GENOMIC_DATA], transferMechanism: T.ADEQUACY, storageCountry: 'IN' })?.[1]).toMatch(
      /no adequacy decision covers IN/,
    );
  });
  it('a consent waiver names its ethics approval', () => {
    expect(governanceProblem({ ...base, materials: [M.HUMAN_SPECIMEN], transferMechanism: T.SCC, consentBasis: ConsentBasis.ETHICS_WAIVER })?.[0]).toBe(
      'input.ethicsApprovalRef',
    );
  });
});
