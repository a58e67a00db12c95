import { HumanitarianWaiverStatus as S, WaiverRecognitionStatus as R } from '../../src/modules/waivers/waiver.enums';
import { waiverMachine, waiverRecognitionMachine } from '../../src/modules/waivers/waiver.states';

describe('humanitarian waiver states', () => {
  it('FILED/ACTIVE → REVOKED by the sponsor only, EXPIRED and ACTIVE by the scheduler only', () => {
    expect(waiverMachine.next(S.FILED, 'ACTIVATE', ['SYSTEM'])).toBe(S.ACTIVE);
    expect(waiverMachine.next(S.ACTIVE, 'REVOKE', ['SPONSOR'])).toBe(S.REVOKED);
    expect(waiverMachine.next(S.FILED, 'EXPIRE', ['SYSTEM'])).toBe(S.EXPIRED);
    expect(() => waiverMachine.next(S.ACTIVE, 'REVOKE', ['SYSTEM'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => waiverMachine.next(S.FILED, 'ACTIVATE', ['SPONSOR'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => waiverMachine.next(S.ACTIVE, 'ACTIVATE', ['SYSTEM'])).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
  it('revoked and expired waivers are terminal; a recognition ends once', () => {
    expect(waiverMachine.states.filter((s) => waiverMachine.isTerminal(s)).sort()).toEqual([S.EXPIRED, S.REVOKED]);
    expect(waiverRecognitionMachine.next(R.RECOGNIZED, 'END', ['SYSTEM'])).toBe(R.ENDED);
    expect(waiverRecognitionMachine.isTerminal(R.ENDED)).toBe(true);
  });
});
