import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { Principal } from './principal.entity';
import { Role } from '../../shared/role';

@Resolver(() => Principal)
export class PrincipalResolver {
  @Query(() => Principal, { nullable: true, description: 'The caller; null when anonymous.' })
  me(@Ctx() ctx: Context): Promise<Principal | null> {
    return ctx.services.principals.me(ctx.principal);
  }

  @Authorized(Role.SECRETARIAT)
  @Query(() => [Principal], { description: 'Principals, optionally by role and jurisdiction (secretariat only).' })
  principals(
    @Ctx() ctx: Context,
    @Arg('role', () => Role, { nullable: true }) role?: Role,
    @Arg('jurisdiction', () => String, { nullable: true }) jurisdiction?: string,
  ): Promise<Principal[]> {
    return ctx.services.principals.list({ role, jurisdiction });
  }

  @FieldResolver(() => Jurisdiction, { nullable: true, description: 'The jurisdiction a regulator acts for.' })
  jurisdiction(@Root() p: Principal, @Ctx() ctx: Context): Promise<Jurisdiction | null> | null {
    return p.jurisdictionCode ? ctx.loaders.jurisdiction.load(p.jurisdictionCode) : null;
  }
}
