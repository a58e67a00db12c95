/** The scalars of the contract: `DateTime` (ISO 8601 instant), `Date` (calendar date), `JSON`. */
export { GraphQLDateTime as DateTimeScalar, GraphQLDate as DateScalar, GraphQLJSON as JSONScalar } from 'graphql-scalars';
