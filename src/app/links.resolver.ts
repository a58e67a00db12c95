/**
 * Field links between modules' GraphQL types, kept in the composition layer so that a
 * module need not import another module's entities to point at them: a dispute's
 * parties and third parties resolve to the jurisdictions module's `Jurisdiction`.
 */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DisputeParty, DisputeThirdPartyView } from '../modules/disputes/dispute.types';
import { Jurisdiction } from '../modules/jurisdictions/jurisdiction.entity';
import type { Context } from '../graphql/context';
import { defineModule } from '../graphql/module';

@Resolver(() => DisputeParty)
export class DisputePartyResolver {
  @FieldResolver(() => Jurisdiction, { nullable: true, description: 'The jurisdiction (null for the secretariat).' })
  jurisdiction(@Root() p: DisputeParty, @Ctx() ctx: Context): Promise<Jurisdiction | null> | null {
    return p.code ? ctx.loaders.jurisdiction.load(p.code) : null;
  }
}

@Resolver(() => DisputeThirdPartyView)
export class DisputeThirdPartyResolver {
  @FieldResolver(() => Jurisdiction, { nullable: true, description: 'The member.' })
  jurisdiction(@Root() p: DisputeThirdPartyView, @Ctx() ctx: Context): Promise<Jurisdiction | null> {
    return ctx.loaders.jurisdiction.load(p.code);
  }
}

export const linksModule = defineModule({
  name: 'links',
  resolvers: [DisputePartyResolver, DisputeThirdPartyResolver],
});
