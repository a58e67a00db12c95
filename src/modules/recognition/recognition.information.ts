/**
 * Information requests: a concerned member that has not answered asks the requesting member
 * for information and the review clock stops (within the policy's number and days of clock
 * stops); the answer restarts it and moves the deadline by the stopped time.
 */
import type { ServiceDeps } from '../../shared/service-deps';
import { ForbiddenError, InvalidTransitionError } from '../../shared/errors';
import { requiredText } from '../../shared/validate';
import { actorOf, type AuthPrincipal } from '../../shared/actor';
import { auditChange } from '../audit/audit-chain';
import { Consortium } from '../jurisdictions/consortium.entity';
import { RecognitionStatus } from './recognition.enums';
import { InformationRequest, type RecognitionRequest } from './recognition-request.entity';
import { recognitionMachine } from './recognition.states';
import type { RecognitionFrame } from './recognition.frame';

const DAY = 86_400_000;

export class RecognitionInformation {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly frame: RecognitionFrame,
  ) {}

  /** A concerned member that has not answered asks for information: the clock stops. */
  async requestInformation(principal: AuthPrincipal | null, requestId: string, question: string): Promise<RecognitionRequest> {
    const q = requiredText(question, 'question', 5000);
    return this.frame.transition(principal, requestId, async (m, request, parties, p) => {
      const from = request.status;
      recognitionMachine.next(from, 'REQUEST_INFO', parties);
      const consortium = await m.getRepository(Consortium).findOneByOrFail({ id: request.consortiumId });
      if (request.clockStops >= consortium.policy.maxClockStops) {
        throw new InvalidTransitionError(
          'RecognitionRequest',
          from,
          'REQUEST_INFO',
          `the policy allows at most ${consortium.policy.maxClockStops} clock stops per request`,
        );
      }
      const allowance = consortium.policy.maxClockStopDays * DAY - request.stoppedMs;
      if (allowance <= 0) {
        throw new InvalidTransitionError(
          'RecognitionRequest',
          from,
          'REQUEST_INFO',
          `the policy's ${consortium.policy.maxClockStopDays} days of clock stops are used up`,
        );
      }
      const now = this.deps.clock.now();
      const clockResumesAt = new Date(now.getTime() + allowance);
      const info = m.getRepository(InformationRequest);
      await info.save(info.create({ requestId: request.id, askedBy: p.jurisdiction!, question: q, askedAt: now }));
      await this.frame.move(m, request, 'REQUEST_INFO', parties, actorOf(principal), {
        set: { clockStoppedAt: now, clockResumesAt, clockStops: request.clockStops + 1 },
        after: { askedBy: p.jurisdiction, clockResumesAt },
        rationale: q,
      });
    });
  }

  /** The requesting member answers: the clock restarts and the deadline moves by the stopped time. */
  async provideInformation(principal: AuthPrincipal | null, requestId: string, answer: string): Promise<RecognitionRequest> {
    const a = requiredText(answer, 'answer', 10000);
    return this.frame.transition(principal, requestId, async (m, request, parties) => {
      const info = m.getRepository(InformationRequest);
      const open = await info.findOne({ where: { requestId: request.id }, order: { askedAt: 'DESC' } });
      if (!open || open.answer !== null) {
        throw new InvalidTransitionError('RecognitionRequest', request.status, 'PROVIDE_INFO', 'there is no open information request to answer');
      }
      if (!parties.includes('REQUESTER')) throw new ForbiddenError('only the requesting member answers information requests');
      open.answer = a;
      if (request.status === RecognitionStatus.CLOCK_STOPPED) {
        await this.frame.resumeClock(m, request, open, 'PROVIDE_INFO', parties, actorOf(principal), a);
      } else {
        // The clock already restarted by itself; the answer is still recorded.
        await info.save(open);
        await auditChange(m, actorOf(principal), this.deps.clock, request, 'RECOGNITION_REQUEST.INFORMATION_PROVIDED_LATE', {
          after: { informationRequestId: open.id },
          rationale: a,
        });
      }
    });
  }
}
