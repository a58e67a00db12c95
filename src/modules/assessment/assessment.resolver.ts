import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { TransactionInput } from './assessment.inputs';
import type { AssessmentView } from './assessment.service';
import { MemberRequirement, TransactionAssessment, TransactionEntryMatch } from './assessment.types';

@Resolver(() => TransactionAssessment)
export class AssessmentResolver {
  @Query(() => TransactionAssessment, {
    description:
      'For a proposed export (items with parameters, destination, end use, end user): what each member requires and why, the risk and a proposed tier. Anyone may call it; anonymous callers get no end-user history.',
  })
  async assessTransaction(@Arg('input', () => TransactionInput) input: TransactionInput, @Ctx() ctx: Context): Promise<TransactionAssessment> {
    const a: AssessmentView = await ctx.services.assessment.assess(ctx.principal, input);
    const recognitionIds = [...new Set(a.perMember.flatMap((p) => p.applicableRecognitionIds))];
    const requests = recognitionIds.length ? await ctx.services.assessment.recognitions(recognitionIds) : [];
    return {
      id: a.id,
      exportingJurisdictionCode: a.exportingJurisdiction,
      destination: a.destination,
      endUse: a.endUse,
      proposedTier: a.proposedTier,
      tierReasons: a.risk.tierReasons,
      explanation: a.explanation,
      risk: { score: a.risk.score, level: a.risk.level, factors: a.risk.factors },
      assessedAt: a.createdAt,
      perMember: a.perMember.map((p) => ({
        jurisdictionCode: p.jurisdiction,
        requirement: p.requirement,
        reference: p.reference,
        referenceUrls: p.referenceUrls,
        confidence: p.confidence,
        explanation: p.explanation,
        catchAllTriggers: p.catchAllTriggers,
        applicableRecognitions: requests.filter((r) => p.applicableRecognitionIds.includes(r.id)),
        applicableWaivers: p.applicableWaiverIds.map((id) => ({ id })),
        matches: p.matches.map((m) =>
          Object.assign(new TransactionEntryMatch(), {
            entryId: m.entryId,
            listJurisdictionCode: m.listJurisdiction,
            taxonomyCode: m.taxonomyCode,
            viaTaxonomyCode: m.viaCode,
            relation: m.relation,
            thresholds: m.thresholds,
            applies: m.applies,
            requirement: m.requirement,
            reference: m.reference,
          }),
        ),
      })),
    };
  }

  @FieldResolver(() => Jurisdiction, { description: 'The exporting jurisdiction.' })
  async exportingJurisdiction(@Root() a: TransactionAssessment, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(a.exportingJurisdictionCode))!;
  }
}

@Resolver(() => MemberRequirement)
export class MemberRequirementResolver {
  @FieldResolver(() => Jurisdiction, { description: 'The member.' })
  async jurisdiction(@Root() m: MemberRequirement, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(m.jurisdictionCode))!;
  }
}

@Resolver(() => TransactionEntryMatch)
export class TransactionEntryMatchResolver {
  @FieldResolver(() => ControlEntry, { description: 'The entry.' })
  async entry(@Root() m: TransactionEntryMatch, @Ctx() ctx: Context): Promise<ControlEntry> {
    return (await ctx.loaders.controlEntry.load(m.entryId))!;
  }

  @FieldResolver(() => Jurisdiction, { description: 'Whose list the entry is on.' })
  async listJurisdiction(@Root() m: TransactionEntryMatch, @Ctx() ctx: Context): Promise<Jurisdiction> {
    return (await ctx.loaders.jurisdiction.load(m.listJurisdictionCode))!;
  }
}
