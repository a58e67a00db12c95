/**
 * The risk assessment of a transaction: six
 * factors, each a value in [0, 1] with its evidence, weighted by the consortium's
 * published policy into a score 0–100, a level and a proposed tier. Pure.
 */
import { LicensingTier } from '../control-lists/control-list.enums';
import { LicensingRequirement } from '../licensing/licensing.enums';
import { type DenialRecord, type EntryFact, type GroupFact, type MemberRequirement } from './assess';
import { EndUseCategory, RiskFactorName, RiskLevel } from './assessment.enums';

export interface RiskPolicyData {
  weights: Record<RiskFactorName, number>;
  /** Lowest score of each level above LOW. */
  levelThresholds: { MEDIUM: number; HIGH: number; CRITICAL: number };
  /** Lowest score proposed STANDARD / ENHANCED. */
  standardFromScore: number;
  enhancedFromScore: number;
  /** Days after a grant at ENHANCED when post-shipment verifications are due. */
  postShipmentCheckDays: number[];
  /** pg_trgm similarity from which two end-user names (same country) are near-identical. */
  nearDuplicateSimilarity: number;
}

export const DEFAULT_RISK_POLICY: RiskPolicyData = {
  weights: {
    SEVERITY_OF_MISUSE: 25,
    DIVERSION_LIKELIHOOD: 20,
    SOPHISTICATION: 10,
    RECIPIENT_TRACK_RECORD: 20,
    END_USE_PLAUSIBILITY: 15,
    COMPLIANCE_INFRASTRUCTURE: 10,
  },
  levelThresholds: { MEDIUM: 25, HIGH: 50, CRITICAL: 75 },
  standardFromScore: 25,
  enhancedFromScore: 65,
  postShipmentCheckDays: [30, 90, 180],
  nearDuplicateSimilarity: 0.6,
};

export interface RiskFactor {
  name: RiskFactorName;
  value: number;
  weight: number;
  evidence: string[];
}

export interface RiskResult {
  score: number;
  level: RiskLevel;
  factors: RiskFactor[];
  proposedTier: LicensingTier;
  tierReasons: string[];
}

export interface EndUserHistory {
  /** False for anonymous callers: the public gets no end-user history. */
  visible: boolean;
  endUserGiven: boolean;
  endUserCountry: string | null;
  denials: DenialRecord[];
  grants: number;
  verifications: { jurisdiction: string; verifiedAt: string; validUntil: string | null }[];
}

export interface RiskInput {
  destination: string;
  endUse: EndUseCategory;
  members: MemberRequirement[];
  facts: EntryFact[];
  groups: Map<string, GroupFact>;
  /** Members' denials to this destination on record (any end user). */
  destinationDenials: number;
  history: EndUserHistory;
}

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 100) / 100;
const TIER_VALUE: Record<LicensingTier, number> = { DECLARATION: 0.2, STANDARD: 0.5, ENHANCED: 0.9 };
const END_USE_VALUE: Record<EndUseCategory, number> = {
  RESEARCH: 0.2,
  DIAGNOSTICS: 0.2,
  CLINICAL: 0.2,
  VACCINE_PRODUCTION: 0.3,
  INDUSTRIAL: 0.4,
  UNKNOWN: 0.6,
  MILITARY: 0.9,
  WMD_RELATED: 1,
};

export function assessRisk(input: RiskInput, policy: RiskPolicyData): RiskResult {
  const factors: RiskFactor[] = [];
  const add = (name: RiskFactorName, value: number, evidence: string[]) =>
    factors.push({ name, value: round(value), weight: policy.weights[name] ?? 0, evidence });

  // Severity of misuse: the controls on the items and their reasons for control.
  const applying = input.members.flatMap((m) => m.matches.filter((x) => x.applies).map((x) => ({ member: m.jurisdiction, match: x })));
  const entryIds = new Set(applying.map((a) => a.match.entryId));
  const entries = input.facts.filter((f) => entryIds.has(f.entryId));
  const known = input.members.filter((m) => m.requirement !== LicensingRequirement.UNKNOWN || m.matches.length);
  const controlling = new Set(applying.map((a) => a.member));
  let severity: number;
  const sevEvidence: string[] = [];
  if (entries.length) {
    const reasons = new Set(entries.flatMap((e) => e.reasonsForControl));
    const regimes = new Set(entries.flatMap((e) => e.regimeReferences));
    severity = reasons.has('CB') || regimes.has('AG') ? 0.8 : reasons.has('NS') || reasons.has('RS') || reasons.has('MT') || regimes.has('WA') ? 0.6 : 0.5;
    severity += 0.2 * (controlling.size / Math.max(1, input.members.length));
    const numbers = [...new Set(entries.map((e) => `${e.listJurisdiction} ${e.controlNumber}`))];
    sevEvidence.push(`controlled by ${numbers.join(', ')} in ${controlling.size} of ${input.members.length} members`);
    if (reasons.size) sevEvidence.push(`reasons for control: ${[...reasons].sort().join(', ')}`);
    if (regimes.size) sevEvidence.push(`regimes: ${[...regimes].sort().join(', ')}`);
  } else if (
    known.length &&
    input.members.every((m) => m.requirement === LicensingRequirement.NOT_CONTROLLED || m.requirement === LicensingRequirement.UNKNOWN) &&
    input.members.some((m) => m.requirement === LicensingRequirement.NOT_CONTROLLED)
  ) {
    severity = 0.1;
    sevEvidence.push('below every threshold, or not listed, in every member whose list covers the items');
  } else {
    severity = 0.3;
    sevEvidence.push("no member's list is known to cover the items");
  }
  add(RiskFactorName.SEVERITY_OF_MISUSE, severity, sevEvidence);

  // Diversion likelihood: destination governance (sourced country groups) and the members' denials to it.
  const embargoes = [...input.groups.values()].filter((g) => g.embargo && g.destinations.includes(input.destination));
  const ag = input.groups.get('AG/AG_PARTICIPANTS');
  let diversion: number;
  const divEvidence: string[] = [];
  if (embargoes.length) {
    diversion = 0.9;
    divEvidence.push(`${input.destination} is on ${embargoes.map((g) => g.key).join(', ')}`);
  } else if (ag) {
    const participant = ag.destinations.includes(input.destination);
    diversion = participant ? 0.15 : 0.5;
    divEvidence.push(
      participant
        ? `${input.destination} takes part in the Australia Group (AG/AG_PARTICIPANTS)`
        : `${input.destination} does not take part in the Australia Group (AG/AG_PARTICIPANTS)`,
    );
  } else {
    diversion = 0.5;
    divEvidence.push('no governance indicator is recorded for the destination');
  }
  if (input.destinationDenials > 0) {
    diversion += Math.min(0.3, 0.1 * input.destinationDenials);
    divEvidence.push(`${input.destinationDenials} denial(s) by members to ${input.destination} on record`);
  }
  add(RiskFactorName.DIVERSION_LIKELIHOOD, diversion, divEvidence);

  // Sophistication: how advanced the items are, as the members tier their controlling entries.
  const tiers = entries.map((e) => e.tier);
  const top = tiers.includes(LicensingTier.ENHANCED)
    ? LicensingTier.ENHANCED
    : tiers.includes(LicensingTier.STANDARD)
      ? LicensingTier.STANDARD
      : tiers.length
        ? LicensingTier.DECLARATION
        : null;
  add(RiskFactorName.SOPHISTICATION, top ? TIER_VALUE[top] : 0.2, [top ? `most restrictive tier of the controlling entries: ${top}` : 'no controlling entry']);

  // Recipient track record.
  const h = input.history;
  if (!h.visible) add(RiskFactorName.RECIPIENT_TRACK_RECORD, 0.5, ['end-user history is shown to consortium members only']);
  else if (!h.endUserGiven) add(RiskFactorName.RECIPIENT_TRACK_RECORD, 0.5, ['no end user given']);
  else if (h.denials.length) {
    add(
      RiskFactorName.RECIPIENT_TRACK_RECORD,
      1,
      h.denials.map(
        (d) =>
          `denial ${d.decisionId} by ${d.jurisdiction} on ${d.decidedAt.slice(0, 10)} (${d.taxonomyCodes.join(', ')}) to ${d.exactEndUser ? 'this end user' : `near-identical "${d.endUserName}"`}`,
      ),
    );
  } else if (h.grants > 0) add(RiskFactorName.RECIPIENT_TRACK_RECORD, 0.2, [`${h.grants} grant(s) and no denial on record`]);
  else add(RiskFactorName.RECIPIENT_TRACK_RECORD, 0.5, ['no decision on record for this end user']);

  // End-use plausibility.
  const useEvidence = [`declared end use: ${input.endUse}`];
  let use = END_USE_VALUE[input.endUse];
  if (h.visible && h.endUserCountry && h.endUserCountry !== input.destination) {
    use += 0.2;
    useEvidence.push(`the end user is in ${h.endUserCountry}, not in the destination ${input.destination}`);
  }
  add(RiskFactorName.END_USE_PLAUSIBILITY, use, useEvidence);

  // Compliance infrastructure: verification on record.
  if (!h.visible) add(RiskFactorName.COMPLIANCE_INFRASTRUCTURE, 0.5, ['end-user verifications are shown to consortium members only']);
  else if (h.verifications.length) {
    add(
      RiskFactorName.COMPLIANCE_INFRASTRUCTURE,
      0.1,
      h.verifications.map((v) => `verified by ${v.jurisdiction} on ${v.verifiedAt.slice(0, 10)}${v.validUntil ? `, valid until ${v.validUntil}` : ''}`),
    );
  } else add(RiskFactorName.COMPLIANCE_INFRASTRUCTURE, 0.6, [h.endUserGiven ? 'no valid verification of the end user on record' : 'no end user given']);

  const totalWeight = factors.reduce((s, f) => s + f.weight, 0) || 1;
  const score = Math.round((100 * factors.reduce((s, f) => s + f.weight * f.value, 0)) / totalWeight);
  const t = policy.levelThresholds;
  const level = score >= t.CRITICAL ? RiskLevel.CRITICAL : score >= t.HIGH ? RiskLevel.HIGH : score >= t.MEDIUM ? RiskLevel.MEDIUM : RiskLevel.LOW;

  const reasons: string[] = [];
  const denialOrWmd = input.endUse === EndUseCategory.WMD_RELATED || input.members.some((m) => m.requirement === LicensingRequirement.PRESUMPTION_OF_DENIAL);
  const licenceNeeded = input.members.some(
    (m) => m.requirement === LicensingRequirement.INDIVIDUAL_LICENCE || m.requirement === LicensingRequirement.PRESUMPTION_OF_DENIAL,
  );
  let proposedTier: LicensingTier;
  if (score >= policy.enhancedFromScore || denialOrWmd) {
    proposedTier = LicensingTier.ENHANCED;
    if (score >= policy.enhancedFromScore) reasons.push(`risk score ${score} ≥ ${policy.enhancedFromScore} (policy)`);
    if (denialOrWmd) reasons.push(input.endUse === EndUseCategory.WMD_RELATED ? 'WMD-related end use' : 'a member presumes denial for this export');
    reasons.push('exhaustive review with post-shipment verification');
  } else if (score < policy.standardFromScore && !licenceNeeded) {
    proposedTier = LicensingTier.DECLARATION;
    reasons.push(`risk score ${score} < ${policy.standardFromScore} (policy) and no member requires an individual licence`);
  } else {
    proposedTier = LicensingTier.STANDARD;
    reasons.push(
      score >= policy.standardFromScore
        ? `risk score ${score} between ${policy.standardFromScore} and ${policy.enhancedFromScore} (policy)`
        : `risk score ${score} is low, but a member requires an individual licence`,
    );
  }
  const heaviest = [...factors].sort((a, b) => b.weight * b.value - a.weight * a.value).slice(0, 2);
  reasons.push(`largest contributions: ${heaviest.map((f) => `${f.name} (${f.value} × ${f.weight})`).join(', ')}`);
  return { score, level, factors, proposedTier, tierReasons: reasons };
}
