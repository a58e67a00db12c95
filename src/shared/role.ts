import { registerEnumType } from 'type-graphql';

/** Who a caller is (DESIGN.md §3). PUBLIC is the anonymous caller. */
export enum Role {
  SECRETARIAT = 'SECRETARIAT',
  REGULATOR = 'REGULATOR',
  PANELIST = 'PANELIST',
  ANALYST = 'ANALYST',
  PUBLIC = 'PUBLIC',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'The role a principal acts in.',
  valuesConfig: {
    SECRETARIAT: { description: 'Consortium secretariat: policy, taxonomy, emergency declarations, panel appointments.' },
    REGULATOR: { description: 'Acts for exactly one member jurisdiction: its lists, decisions, requests, answers and disputes.' },
    PANELIST: { description: 'Sits on dispute panels; sees the cases it sits on.' },
    ANALYST: { description: 'Reads lists and harmonized views.' },
    PUBLIC: { description: 'Anonymous: published lists and the public register only.' },
  },
});

export const ALL_ROLES = Object.values(Role);
export const AUTHENTICATED_ROLES = ALL_ROLES.filter((r) => r !== Role.PUBLIC);
