import { ValidationError } from '../../../lib/index.js';
import type { EuClassification } from '../../posture/types.js';
import {
  banApplies,
  validateEuAiActAnswers,
  type EuAiActAnswers,
  type EuAiActProblem,
} from './eu-ai-act-answers.js';
import {
  ANNEX_III_POINTS,
  DEROGATION_CONDITIONS,
  EU_AI_ACT_QUESTIONNAIRE_VERSION,
  EU_AI_ACT_QUESTIONS,
  OMNIBUS_BANS_APPLY_FROM,
  type EuAiActQuestion,
} from './eu-ai-act-questionnaire.js';

export type EuAiActClassificationResult =
  | { ok: true; classification: EuClassification; answers: EuAiActAnswers }
  | { ok: false; problems: EuAiActProblem[] };

/** When the high-risk obligations apply, by route, after Regulation (EU) 2026/1744 [S]. */
export const HIGH_RISK_APPLIES_FROM = {
  /** Art 6(2), Annex III: Ch III Sections 1–3 (postponed from 2 Aug 2026). */
  annexIII: '2027-12-02',
  /** Art 6(1), Annex I: AI in regulated products (postponed from 2 Aug 2027). */
  annexI: '2028-08-02',
} as const;

/** Art 50 applies from the general date of application (Art 113) [P]. */
export const TRANSPARENCY_APPLIES_FROM = '2026-08-02';
/** Art 50(2) grace for systems on the market before 2 Aug 2026 (Reg 2026/1744) [S]. */
const MARKING_GRACE_UNTIL = '2026-12-02';

const COUNSEL = 'confirm with counsel';

/**
 * Classifies a system under the EU AI Act from the questionnaire's answers, as of `asOf` (an ISO
 * date or time; a time counts by its UTC date). Pure: the date decides which bans count and how
 * the reasoning words the application dates, nothing else.
 *
 * The order is the Act's: Art 5 bans (prohibited); Art 6(1) Annex I (high); Art 6(2) Annex III,
 * where profiling always means high (Art 6(3), last subparagraph) and otherwise the Art 6(3)
 * derogation can lift it; then Art 50 duties (limited) or none (minimal). A high-risk system keeps
 * its Art 50 duties. The answers must first validate (`validateEuAiActAnswers`); if they do not,
 * every problem is returned instead. Throws a ValidationError only on a malformed `asOf`, which
 * is the caller's bug, not the respondent's.
 */
export function classifyEuAiAct(answers: unknown, asOf: string): EuAiActClassificationResult {
  const date = isoDateOf(asOf);
  const validated = validateEuAiActAnswers(answers, date);
  if (!validated.ok) return validated;
  const a = validated.answers;
  const reasoning: string[] = [];
  const done = (
    tier: EuClassification['tier'],
    annexIIIPoint: string | null,
    transparencyDuties: string[],
  ): EuAiActClassificationResult => ({
    ok: true,
    classification: {
      tier,
      reasoning,
      annexIIIPoint,
      transparencyDuties,
      questionnaireVersion: EU_AI_ACT_QUESTIONNAIRE_VERSION,
    },
    answers: a,
  });

  // Art 5: prohibited practices.
  const bans = EU_AI_ACT_QUESTIONS.filter((q) => q.prohibition !== undefined);
  const yes = bans.filter((q) => a[q.id] === true);
  const inForce = yes.filter((q) => banApplies(q, date));
  for (const q of yes) reasoning.push(banSentence(q, banApplies(q, date)));
  if (inForce.length > 0) {
    reasoning.push(
      'The system is a prohibited AI practice: it may not be placed on the market, put into service or used in the Union (Art 5(1)); fines reach €35M or 7% of worldwide annual turnover (Art 99(3)).',
    );
    return done('prohibited', null, []);
  }
  reasoning.push(
    yes.length === 0
      ? `Art 5(1): none of the ${bans.length} prohibited practices applies (each answered no).`
      : `Art 5(1): no prohibited practice that applies on ${formatDate(date)} was answered yes.`,
  );

  // Art 6(1) and Art 6(2): the high-risk routes.
  let tier: 'high' | null = null;
  let annexIIIPoint: string | null = null;
  if (a.annexIProduct === true) {
    tier = 'high';
    reasoning.push(
      "Art 6(1): the answer to 'annexIProduct' is yes — the system is, or is a safety component of, a product under the Union harmonisation legislation of Annex I that requires a third-party conformity assessment — so it is high-risk.",
      `High-risk obligations on the Annex I route ${applyPhrase(HIGH_RISK_APPLIES_FROM.annexI, date)} (postponed from 2 Aug 2027 by Regulation (EU) 2026/1744) [S] — ${COUNSEL}.`,
    );
  } else {
    reasoning.push(
      "Art 6(1): the answer to 'annexIProduct' is no, so the Annex I route does not apply.",
    );
    if (a.annexIIIArea === 'none' || a.annexIIIPoint === undefined) {
      reasoning.push(
        "Art 6(2): the answer to 'annexIIIArea' is none, so the intended purpose falls in no Annex III area.",
      );
    } else {
      const point = a.annexIIIPoint;
      const info: { title: string; excludes?: string } = ANNEX_III_POINTS[point];
      const excluded = info.excludes === undefined ? '' : ` (excluding ${info.excludes})`;
      reasoning.push(
        `Art 6(2), Annex III point ${point}: the answers to 'annexIIIArea' (${a.annexIIIArea}) and 'annexIIIPoint' (${point}) place the intended purpose under ${info.title}${excluded}.`,
      );
      if (a.profilesNaturalPersons === true) {
        tier = 'high';
        reasoning.push(
          "Art 6(3), last subparagraph: the answer to 'profilesNaturalPersons' is yes; an Annex III system that profiles natural persons is always high-risk, so the Art 6(3) derogation is not available.",
        );
      } else if (a.derogationCondition !== undefined && a.derogationCondition !== 'none') {
        const { point: letter, description } = DEROGATION_CONDITIONS[a.derogationCondition];
        const chosen = `the answer to 'derogationCondition' is ${a.derogationCondition} (${description})`;
        if (a.noSignificantRisk === true) {
          reasoning.push(
            `Art 6(3)${letter}: ${chosen}, the answer to 'profilesNaturalPersons' is no, and the answer to 'noSignificantRisk' is yes (no significant risk of harm to health, safety or fundamental rights), so the system is not high-risk despite its Annex III purpose.`,
            `Art 6(4): document this assessment before the system is placed on the market or put into service and give it to the national competent authorities on request; the registration under Art 49(2) that the original text requires may have been removed by Regulation (EU) 2026/1744 [U] — ${COUNSEL}.`,
          );
        } else {
          tier = 'high';
          reasoning.push(
            `Art 6(3): although ${chosen}, the answer to 'noSignificantRisk' is no, so the derogation does not apply.`,
          );
        }
      } else {
        tier = 'high';
        reasoning.push(
          "Art 6(3): the answer to 'profilesNaturalPersons' is no, but the answer to 'derogationCondition' is none, so none of the derogation conditions (a)–(d) holds.",
        );
      }
      if (tier === 'high') {
        annexIIIPoint = point;
        reasoning.push(
          `The system is high-risk under Art 6(2), Annex III point ${point}.`,
          `High-risk obligations on the Annex III route (Ch III Sections 1–3) ${applyPhrase(HIGH_RISK_APPLIES_FROM.annexIII, date)} (postponed from 2 Aug 2026 by Regulation (EU) 2026/1744) [S] — ${COUNSEL}.`,
        );
        const fria = friaSentence(point);
        if (fria !== undefined) reasoning.push(fria);
      }
    }
  }

  // Art 50: transparency duties, for high-risk systems too.
  const duties = EU_AI_ACT_QUESTIONS.filter(
    (q) => q.transparencyDuty !== undefined && a[q.id] === true,
  );
  for (const q of duties) {
    reasoning.push(
      `${q.citation}: the answer to '${q.id}' is yes, so ${q.transparencyDuty?.requires}.`,
    );
  }
  if (duties.length > 0) {
    reasoning.push(
      `Art 50 duties ${applyPhrase(TRANSPARENCY_APPLIES_FROM, date)}, and are met at the latest at the first interaction or exposure (Art 50(5)).`,
    );
    if (a.generatesSyntheticContent === true && date < MARKING_GRACE_UNTIL) {
      reasoning.push(
        `Systems placed on the market before 2 Aug 2026 have until 2 Dec 2026 to apply the Art 50(2) marking (Regulation (EU) 2026/1744) [S] — ${COUNSEL}.`,
      );
    }
  } else {
    reasoning.push(
      'Art 50: every transparency question was answered no, so no Art 50 duty applies.',
    );
  }
  const transparencyDuties = duties.map((q) => q.transparencyDuty?.duty ?? q.citation);

  if (tier === 'high') {
    if (duties.length > 0)
      reasoning.push('As a high-risk system it also carries the Art 50 duties above.');
    return done('high', annexIIIPoint, transparencyDuties);
  }
  if (duties.length > 0) {
    reasoning.push(
      'The system is limited-risk: neither prohibited nor high-risk, with Art 50 transparency duties.',
    );
    return done('limited', null, transparencyDuties);
  }
  reasoning.push(
    'The system is minimal-risk: neither prohibited nor high-risk and without Art 50 duties; AI literacy (Art 4) still applies, and voluntary codes of conduct (Art 95) may be followed.',
  );
  return done('minimal', null, []);
}

/** `asOf` as a YYYY-MM-DD date (UTC for a date-time). */
function isoDateOf(asOf: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf) && !Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    const date = new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10);
    if (date === asOf) return asOf;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(asOf)) {
    const time = Date.parse(asOf);
    if (!Number.isNaN(time)) return new Date(time).toISOString().slice(0, 10);
  }
  throw new ValidationError(`asOf '${asOf.slice(0, 40)}' is not an ISO date or date-time`, [
    { code: 'invalid_format', path: ['asOf'], message: 'an ISO date (YYYY-MM-DD) or date-time' },
  ]);
}

function banSentence(q: EuAiActQuestion, applies: boolean): string {
  const ban = q.prohibition;
  if (ban === undefined) return '';
  const omnibus = ban.appliesFrom === OMNIBUS_BANS_APPLY_FROM;
  const added = omnibus ? ', added by Regulation (EU) 2026/1744,' : '';
  const tag = ban.tag === 'S' ? ` [S] — ${COUNSEL}` : '';
  if (applies) {
    return `Art 5(1)(${ban.point})${added} prohibits ${ban.practice} and has applied since ${formatDate(ban.appliesFrom)}${tag}; the answer to '${q.id}' is yes.`;
  }
  return `Art 5(1)(${ban.point})${added} prohibits ${ban.practice} from ${formatDate(ban.appliesFrom)}${tag}; the answer to '${q.id}' is yes, so the system becomes prohibited on that date, and until then it is classified on the remaining answers.`;
}

/** Art 27(1): who must carry out a fundamental rights impact assessment for this point. */
function friaSentence(point: string): string | undefined {
  if (point === '2') return undefined; // Art 27(1) excludes Annex III point 2.
  if (point === '5(b)' || point === '5(c)') {
    return `Art 27(1): every deployer of an Annex III point ${point} system must carry out a fundamental rights impact assessment before first use.`;
  }
  return 'Art 27(1): deployers that are bodies governed by public law or private entities providing public services must carry out a fundamental rights impact assessment before first use.';
}

function applyPhrase(from: string, asOf: string): string {
  return asOf >= from ? `have applied since ${formatDate(from)}` : `apply from ${formatDate(from)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2027-12-02` → `2 Dec 2027`, the way the reference and the reports write dates. */
function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}
