/**
 * Recognition requests, their responses and the audit events they imply, built in Node
 * from a seeded PRNG; a closed outcome also goes to the public register.
 */
import { randomUUID } from 'node:crypto';
import type { Catalogue, GenerationContext } from './generate-context';
import { DAY, md5Uuid, NOUNS, prng } from './words';

export async function generateRecognition(ctx: GenerationContext, catalogue: Catalogue): Promise<void> {
  const { db, scale, now, bar, phase, audit } = ctx;
  const { consortiumId, members, listAt } = catalogue;
  const E = scale.entriesPerList;
  const estMappings = Math.round(scale.members * E * 1.4);

  bar.update({ phase: 'recognition' });
  const rand = prng(20260301);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const regulator = (code: string) => ({ actorId: `bench-regulator-${code.toLowerCase()}`, actorRole: 'REGULATOR', actorJurisdiction: code });
  for (const m of members) {
    audit.push({
      occurredAt: listAt,
      ...regulator(m.code),
      action: 'CONTROL_LIST.IMPORTED',
      subjectType: 'ControlListVersion',
      subjectId: md5Uuid(`bench-version-${m.code}`),
      before: null,
      after: { listId: md5Uuid(`bench-list-${m.code}`), label: 'bench-1', format: 'bench', entries: E },
      rationale: null,
    });
    audit.push({
      occurredAt: new Date(listAt.getTime() + 60_000),
      ...regulator(m.code),
      action: 'CONTROL_LIST_VERSION.PUBLISHED',
      subjectType: 'ControlListVersion',
      subjectId: md5Uuid(`bench-version-${m.code}`),
      before: { status: 'DRAFT', supersedes: null },
      after: { status: 'PUBLISHED', effectiveFrom: '2026-01-01', carriedMappings: 0, staleMappings: 0 },
      rationale: null,
    });
  }
  type Status = 'DRAFT' | 'SUBMITTED' | 'UNDER_REVIEW' | 'RECOGNIZED' | 'PARTIALLY_RECOGNIZED' | 'DECLINED' | 'LAPSED' | 'WITHDRAWN';
  const closedMix: [Status, number][] = [
    ['DRAFT', 0.03],
    ['RECOGNIZED', 0.3],
    ['PARTIALLY_RECOGNIZED', 0.22],
    ['DECLINED', 0.15],
    ['LAPSED', 0.18],
    ['WITHDRAWN', 0.12],
  ];
  const req = {
    id: [] as string[],
    requesting: [] as string[],
    concerned: [] as string[],
    subject: [] as string[],
    justification: [] as string[],
    status: [] as string[],
    submitted: [] as (Date | null)[],
    deadline: [] as (Date | null)[],
    closed: [] as (Date | null)[],
    withdrawal: [] as (string | null)[],
    createdBy: [] as string[],
    created: [] as Date[],
  };
  const resp = {
    id: [] as string[],
    request: [] as string[],
    jurisdiction: [] as string[],
    decision: [] as string[],
    rationale: [] as (string | null)[],
    conditions: [] as string[],
    criteria: [] as string[],
    by: [] as string[],
    at: [] as Date[],
  };
  const reg = {
    id: [] as string[],
    subject: [] as string[],
    title: [] as string[],
    summary: [] as string[],
    rationale: [] as string[],
    jurisdictions: [] as string[],
    details: [] as string[],
    at: [] as Date[],
  };
  for (let r = 0; r < scale.requests; r++) {
    const requester = members[r % members.length];
    const others = members.filter((m) => m.code !== requester.code).map((m) => m.code);
    const k = Math.min(others.length, 2 + Math.floor(rand() * 6));
    const concerned = [...others]
      .sort(() => rand() - 0.5)
      .slice(0, k)
      .sort();
    let status: Status;
    const u = rand();
    if (u < scale.openShare) status = u < scale.openShare * 0.45 ? 'SUBMITTED' : 'UNDER_REVIEW';
    else {
      let v = rand();
      status = closedMix[closedMix.length - 1][0];
      for (const [s, w] of closedMix) {
        if (v < w) {
          status = s;
          break;
        }
        v -= w;
      }
    }
    const open = status === 'SUBMITTED' || status === 'UNDER_REVIEW';
    const ageDays = status === 'DRAFT' ? rand() * 30 : open ? 1 + rand() * 59 : status === 'LAPSED' ? 95 + rand() * 100 : 10 + rand() * 190;
    const created = new Date(now.getTime() - ageDays * DAY);
    const submitted = status === 'DRAFT' ? null : new Date(created.getTime() + 3600_000);
    const deadline = submitted ? new Date(submitted.getTime() + 90 * DAY) : null;
    const id = randomUUID();
    const subjectId = md5Uuid(`bench-map-${requester.j}-${Math.floor(rand() * E)}-0`);
    const justification = `Bench request ${r}: ${requester.code} asks recognition of its classification of ${pick(NOUNS)}s.`;
    const actor = regulator(requester.code);
    audit.push({
      occurredAt: created,
      ...actor,
      action: 'RECOGNITION_REQUEST.FILED',
      subjectType: 'RecognitionRequest',
      subjectId: id,
      before: null,
      after: { status: 'DRAFT', subjectKind: 'CLASSIFICATION', subjectId, concerned },
      rationale: justification,
    });
    if (submitted) {
      audit.push({
        occurredAt: submitted,
        ...actor,
        action: 'RECOGNITION_REQUEST.SUBMIT',
        subjectType: 'RecognitionRequest',
        subjectId: id,
        before: { status: 'DRAFT' },
        after: { status: 'SUBMITTED', deadline },
        rationale: null,
      });
    }
    // How many answer, and how.
    let answers = 0;
    if (status === 'UNDER_REVIEW') answers = 1 + Math.floor(rand() * (k - 1));
    else if (status === 'RECOGNIZED' || status === 'PARTIALLY_RECOGNIZED' || status === 'DECLINED') answers = k;
    else if (status === 'LAPSED' || status === 'WITHDRAWN') answers = Math.floor(rand() * k);
    const decisions: string[] = [];
    for (let i = 0; i < answers; i++) {
      if (status === 'RECOGNIZED') decisions.push(rand() < 0.75 ? 'RECOGNIZE' : 'RECOGNIZE_WITH_CONDITIONS');
      else if (status === 'DECLINED') decisions.push('DECLINE');
      else if (status === 'PARTIALLY_RECOGNIZED')
        decisions.push(i === 0 ? 'DECLINE' : i === 1 ? 'RECOGNIZE' : pick(['RECOGNIZE', 'DECLINE', 'RECOGNIZE_WITH_CONDITIONS']));
      else decisions.push(pick(['RECOGNIZE', 'RECOGNIZE', 'RECOGNIZE_WITH_CONDITIONS', 'DECLINE']));
    }
    const endOfAnswers = open
      ? now.getTime() - 60_000
      : status === 'LAPSED'
        ? deadline!.getTime() - DAY
        : Math.min(now.getTime() - 60_000, submitted ? submitted.getTime() + 60 * DAY : 0);
    const gap = submitted ? (endOfAnswers - submitted.getTime()) / (answers + 1) : 0;
    let current: Status = 'SUBMITTED';
    let lastAt = submitted;
    let recognitions = 0;
    const respondents = [...concerned].sort(() => rand() - 0.5).slice(0, answers);
    for (let i = 0; i < answers; i++) {
      const at = new Date(submitted!.getTime() + gap * (i + 1));
      lastAt = at;
      const decision = decisions[i];
      if (decision !== 'DECLINE') recognitions += 1;
      const rationale =
        decision === 'RECOGNIZE' ? null : decision === 'DECLINE' ? 'Criteria 2 and 4 are not met (bench).' : 'Recognized subject to end-use checks (bench).';
      const conditions = decision === 'RECOGNIZE_WITH_CONDITIONS' ? ['post-shipment verification'] : [];
      const criteria = decision === 'DECLINE' ? ['C2', 'C4'] : [];
      const respId = randomUUID();
      const who = respondents[i];
      resp.id.push(respId);
      resp.request.push(id);
      resp.jurisdiction.push(who);
      resp.decision.push(decision);
      resp.rationale.push(rationale);
      resp.conditions.push(conditions.join('|'));
      resp.criteria.push(criteria.join('|'));
      resp.by.push(regulator(who).actorId);
      resp.at.push(at);
      audit.push({
        occurredAt: at,
        ...regulator(who),
        action: 'RECOGNITION_REQUEST.RESPONDED',
        subjectType: 'RecognitionRequest',
        subjectId: id,
        before: null,
        after: { responseId: respId, jurisdiction: who, decision, conditions, criteria },
        rationale,
      });
      const last = i + 1 === k;
      if (last) {
        const event = recognitions === k ? 'RESOLVE_RECOGNIZED' : recognitions > 0 ? 'RESOLVE_PARTIAL' : 'RESOLVE_DECLINED';
        audit.push({
          occurredAt: at,
          ...regulator(who),
          action: `RECOGNITION_REQUEST.${event}`,
          subjectType: 'RecognitionRequest',
          subjectId: id,
          before: { status: current },
          after: { status, recognitions, concerned: k },
          rationale: null,
        });
      }
      current = 'UNDER_REVIEW';
    }
    let closed: Date | null = null;
    let withdrawal: string | null = null;
    if (status === 'RECOGNIZED' || status === 'PARTIALLY_RECOGNIZED' || status === 'DECLINED') closed = lastAt;
    if (status === 'LAPSED') {
      closed = deadline;
      audit.push({
        occurredAt: deadline!,
        actorId: null,
        actorRole: 'SYSTEM',
        actorJurisdiction: null,
        action: 'RECOGNITION_REQUEST.LAPSE',
        subjectType: 'RecognitionRequest',
        subjectId: id,
        before: { status: current },
        after: { status: 'LAPSED', deadline, silent: concerned.filter((c) => !respondents.includes(c)), policy: 'LAPSE' },
        rationale: null,
      });
    }
    if (status === 'WITHDRAWN') {
      closed = new Date(Math.min(now.getTime() - 30_000, (lastAt ?? created).getTime() + DAY));
      withdrawal = 'Superseded by a new licence (bench).';
      audit.push({
        occurredAt: closed,
        ...actor,
        action: 'RECOGNITION_REQUEST.WITHDRAW',
        subjectType: 'RecognitionRequest',
        subjectId: id,
        before: { status: submitted ? current : 'DRAFT' },
        after: { status: 'WITHDRAWN' },
        rationale: withdrawal,
      });
    }
    // A closed outcome (RESOLVE_* or LAPSE) goes to the public register, as publishOutcome writes it.
    if (closed && status !== 'WITHDRAWN') {
      const answered = respondents
        .map((who, i) => ({
          who,
          decision: decisions[i],
          at: resp.at[resp.at.length - answers + i],
          conditions: decisions[i] === 'RECOGNIZE_WITH_CONDITIONS' ? ['post-shipment verification'] : [],
          criteria: decisions[i] === 'DECLINE' ? ['C2', 'C4'] : [],
        }))
        .sort((a, b) => a.who.localeCompare(b.who));
      const silent = concerned.filter((c) => !respondents.includes(c));
      const summary =
        [
          answered.map((a) => `${a.who}: ${a.decision}${a.conditions.length ? ` (conditions: ${a.conditions.join('; ')})` : ''}`).join('; '),
          silent.length ? `no answer from ${silent.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ') || 'no answers';
      reg.id.push(randomUUID());
      reg.subject.push(id);
      reg.title.push(`${requester.code} request for recognition of its classification: ${status}`);
      reg.summary.push(summary);
      reg.rationale.push(
        answered
          .filter((a) => a.decision !== 'RECOGNIZE')
          .map((a) => `${a.who}: ${a.decision === 'DECLINE' ? 'Criteria 2 and 4 are not met (bench).' : 'Recognized subject to end-use checks (bench).'}`)
          .join('\n'),
      );
      reg.jurisdictions.push([requester.code, ...concerned].join('|'));
      reg.details.push(
        JSON.stringify({
          status,
          subjectKind: 'CLASSIFICATION',
          submittedAt: submitted,
          closedAt: closed,
          answers: answered.map((a) => ({ jurisdiction: a.who, decision: a.decision, conditions: a.conditions, criteria: a.criteria, respondedAt: a.at })),
          silent,
        }),
      );
      reg.at.push(closed);
    }
    req.id.push(id);
    req.requesting.push(requester.code);
    req.concerned.push(concerned.join('|'));
    req.subject.push(subjectId);
    req.justification.push(justification);
    req.status.push(status);
    req.submitted.push(submitted);
    req.deadline.push(deadline);
    req.closed.push(closed);
    req.withdrawal.push(withdrawal);
    req.createdBy.push(actor.actorId);
    req.created.push(created);
  }
  bar.setTotal(scale.nodes + members.length * E + estMappings + req.id.length + resp.id.length + reg.id.length + audit.length);
  const BATCH = 2000;
  for (let s = 0; s < req.id.length; s += BATCH) {
    const sl = <T>(xs: T[]) => xs.slice(s, s + BATCH);
    await db.query(
      `INSERT INTO recognition_request (id, consortium_id, requesting_jurisdiction, concerned_jurisdiction_codes, subject_kind, effect, subject_id, justification,
         status, submitted_at, deadline, closed_at, withdrawal_reason, created_by_id, created_at)
       SELECT id, $1, rq, string_to_array(cc, '|'), 'CLASSIFICATION', 'CLASSIFICATION_ADOPTED', subj, just, st, sub, dl, cl, wd, cb, cr
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[],
                   $11::text[], $12::text[], $13::timestamptz[]) AS t(id, rq, cc, subj, just, st, sub, dl, cl, wd, cb, cr)`,
      [
        consortiumId,
        sl(req.id),
        sl(req.requesting),
        sl(req.concerned),
        sl(req.subject),
        sl(req.justification),
        sl(req.status),
        sl(req.submitted),
        sl(req.deadline),
        sl(req.closed),
        sl(req.withdrawal),
        sl(req.createdBy),
        sl(req.created),
      ],
    );
    bar.increment(Math.min(BATCH, req.id.length - s), { phase: 'recognition requests' });
  }
  for (let s = 0; s < resp.id.length; s += BATCH) {
    const sl = <T>(xs: T[]) => xs.slice(s, s + BATCH);
    await db.query(
      `INSERT INTO recognition_response (id, request_id, jurisdiction_code, decision, rationale, conditions, criteria, responded_by_id, responded_at)
       SELECT id, rq, j, d, r, string_to_array(co, '|'), string_to_array(cr, '|'), b, a
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) AS t(id, rq, j, d, r, co, cr, b, a)`,
      [
        sl(resp.id),
        sl(resp.request),
        sl(resp.jurisdiction),
        sl(resp.decision),
        sl(resp.rationale),
        sl(resp.conditions),
        sl(resp.criteria),
        sl(resp.by),
        sl(resp.at),
      ],
    );
    bar.increment(Math.min(BATCH, resp.id.length - s), { phase: 'recognition responses' });
  }
  for (let s = 0; s < reg.id.length; s += BATCH) {
    const sl = <T>(xs: T[]) => xs.slice(s, s + BATCH);
    await db.query(
      `INSERT INTO register_entry (id, kind, consortium_id, subject_id, title, summary, rationale, jurisdictions, details, published_at)
       SELECT id, 'RECOGNITION_OUTCOME', $1, subj, ti, su, ra, string_to_array(js, '|'), de::jsonb, at
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) AS t(id, subj, ti, su, ra, js, de, at)`,
      [consortiumId, sl(reg.id), sl(reg.subject), sl(reg.title), sl(reg.summary), sl(reg.rationale), sl(reg.jurisdictions), sl(reg.details), sl(reg.at)],
    );
    bar.increment(Math.min(BATCH, reg.id.length - s), { phase: 'public register' });
  }
  phase('recognition');
}
