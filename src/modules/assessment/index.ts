/** The assessment module: what it registers with the server (see src/graphql/module.ts). */
import { defineModule } from '../../graphql/module';
import { RiskPolicy, TransactionAssessmentRecord } from './assessment.entity';
import { AssessmentResolver, MemberRequirementResolver, TransactionEntryMatchResolver } from './assessment.resolver';
import { AssessmentService } from './assessment.service';
import {
  ConsortiumPolicyCarrierResolver,
  ConsortiumPolicyRiskResolver,
  MemberTierDeviationResolver,
  TransparencyStatsAssessmentResolver,
} from './policy.resolver';

declare module '../../graphql/context' {
  interface Services {
    assessment: AssessmentService;
  }
}

export const assessmentModule = defineModule({
  name: 'assessment',
  entities: [RiskPolicy, TransactionAssessmentRecord],
  resolvers: [
    AssessmentResolver,
    MemberRequirementResolver,
    TransactionEntryMatchResolver,
    ConsortiumPolicyCarrierResolver,
    ConsortiumPolicyRiskResolver,
    MemberTierDeviationResolver,
    TransparencyStatsAssessmentResolver,
  ],
  services: ({ deps }) => ({ assessment: new AssessmentService(deps) }),
});
