/**
 * The assessment's members as a table: each member's requirement, its legal reference and
 * sources, the matched entries with each threshold ticked, the catch-all triggers and the
 * explanation.
 */
import { h } from './dom';
import type { AssessMatch, AssessMember } from '../operations/assess';

const REQUIREMENT_LABEL: Record<string, string> = {
  NO_LICENCE: 'No licence',
  GENERAL_AUTHORISATION: 'General authorisation',
  LICENCE_EXCEPTION: 'Licence exception',
  INDIVIDUAL_LICENCE: 'Individual licence',
  PRESUMPTION_OF_DENIAL: 'Presumption of denial',
  NOT_CONTROLLED: 'Not controlled',
  UNKNOWN: 'Not determined',
};

function requirementBadge(r: string): HTMLSpanElement {
  return h('span', { class: `requirement req-${r.toLowerCase().replace(/_/g, '-')}` }, REQUIREMENT_LABEL[r] ?? r);
}

function thresholdItem(t: { name: string; required: string; given: string | null; met: boolean | null }): HTMLLIElement {
  const cls = t.met === true ? 'threshold-met' : t.met === false ? 'threshold-not-met' : 'threshold-open';
  const word = t.met === true ? 'met' : t.met === false ? 'not met' : 'not given';
  return h('li', { class: cls }, `${t.name} ${t.required}: `, t.given ? `${t.given}, ` : '', h('strong', {}, word));
}

function matchCell(matches: AssessMatch[]): HTMLElement | string {
  if (!matches.length) return h('span', { class: 'muted' }, 'No entry of its list reaches these items');
  return h(
    'ul',
    {},
    matches.map((m) =>
      h(
        'li',
        {},
        h('span', { class: 'control-number' }, m.entry.controlNumber),
        ` ${m.listJurisdiction.code} — ${m.entry.title}`,
        m.viaTaxonomyCode !== m.taxonomyCode ? h('span', { class: 'muted' }, ` (via ${m.viaTaxonomyCode}, ${m.relation.toLowerCase()})`) : null,
        m.applies ? null : h('span', { class: 'muted' }, ' — below its thresholds'),
        m.thresholds.length ? h('ul', { class: 'thresholds' }, m.thresholds.map(thresholdItem)) : null,
      ),
    ),
  );
}

function referenceCell(m: AssessMember): HTMLElement {
  return h(
    'div',
    {},
    m.reference ? h('p', {}, m.reference) : h('span', { class: 'muted' }, '—'),
    m.confidence === 'secondary' ? h('p', { class: 'muted' }, 'From a secondary source.') : null,
    m.referenceUrls.length
      ? h(
          'ul',
          { class: 'reference-links' },
          m.referenceUrls.map((u, i) =>
            h('li', {}, h('a', { href: u, rel: 'noopener noreferrer external' }, `Source ${i + 1}`, h('span', { class: 'visually-hidden' }, ` (${u})`))),
          ),
        )
      : null,
  );
}

export function renderMembers(members: AssessMember[]): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Requirements per member' },
    h(
      'table',
      { class: 'assess-table', id: 'assess-members' },
      h('caption', { class: 'visually-hidden' }, 'What each member requires'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Member', 'Requirement', 'Legal reference', 'Entries and thresholds', 'Catch-all triggers', 'Why'].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        members.map((m) =>
          h(
            'tr',
            { 'data-member': m.jurisdiction.code },
            h('th', { scope: 'row' }, h('abbr', { title: m.jurisdiction.name }, m.jurisdiction.code)),
            h('td', {}, requirementBadge(m.requirement)),
            h('td', {}, referenceCell(m)),
            h('td', {}, matchCell(m.matches)),
            h(
              'td',
              {},
              m.catchAllTriggers.length
                ? h(
                    'ul',
                    {},
                    m.catchAllTriggers.map((t) => h('li', { class: 'trigger' }, t)),
                  )
                : h('span', { class: 'muted' }, 'None'),
            ),
            h(
              'td',
              {},
              h(
                'details',
                {},
                h('summary', {}, 'Explanation'),
                h(
                  'ul',
                  {},
                  m.explanation.map((e) => h('li', {}, e)),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
