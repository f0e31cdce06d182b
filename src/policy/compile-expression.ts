import { parse, plan, type CelInput, type CelResult } from '@bufbuild/cel';
import { APPEND_FUNCTION, BUDGET_FUNCTION, POLICY_CEL_ENV } from './cel-environment.js';
import { checkExpression, type Expr } from './cel-type-checker.js';
import { GATE_CONTEXT_VARIABLES } from './gate-context-type.js';
import { formatType, isDynamic, type PolicyType } from './policy-type.js';

/** A problem in one expression; `offset` counts UTF-16 code units from its first character. */
export interface ExpressionProblem {
  code: 'CEL_SYNTAX' | 'CEL_TYPE' | 'CEL_RESULT_NOT_BOOL' | 'CEL_TOO_COSTLY';
  offset: number;
  message: string;
}

/** A type-checked, planned expression, evaluated many times without re-parsing. */
export interface CompiledExpression {
  readonly source: string;
  /** `bool`, or `dyn` when the result is only known at run time (e.g. `version.params.x`). */
  readonly resultType: PolicyType;
  evaluate(bindings: Readonly<Record<string, CelInput>>): CelResult;
}

export type CompileResult =
  { ok: true; expression: CompiledExpression } | { ok: false; problems: ExpressionProblem[] };

/** Parses, type-checks against the gate context, instruments and plans one rule expression. */
export function compileExpression(source: string): CompileResult {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(error)] };
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const offsetOf = (id: bigint): number => positions[id.toString()] ?? 0;

  const { type, issues } = checkExpression(parsed.expr, GATE_CONTEXT_VARIABLES);
  const problems: ExpressionProblem[] = issues.map((issue) => ({
    code: issue.kind === 'cost' ? 'CEL_TOO_COSTLY' : 'CEL_TYPE',
    offset: offsetOf(issue.exprId),
    message: issue.message,
  }));
  if (type.kind !== 'bool' && !isDynamic(type)) {
    problems.push({
      code: 'CEL_RESULT_NOT_BOOL',
      offset: 0,
      message: `the expression must evaluate to bool, but its type is ${formatType(type)}`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  instrument(parsed.expr);
  const planned = plan(POLICY_CEL_ENV, parsed);
  return {
    ok: true,
    expression: {
      source,
      resultType: type,
      evaluate: (bindings) => planned(bindings),
    },
  };
}

function syntaxProblem(error: unknown): ExpressionProblem {
  if (error instanceof RangeError) {
    return { code: 'CEL_SYNTAX', offset: 0, message: 'the expression is nested too deeply' };
  }
  const detail = error as { rawMessage?: unknown; message?: unknown; location?: unknown };
  const location = detail.location as { start?: { offset?: unknown } } | undefined;
  const offset = typeof location?.start?.offset === 'number' ? location.start.offset : 0;
  const raw =
    typeof detail.rawMessage === 'string'
      ? detail.rawMessage
      : typeof detail.message === 'string'
        ? detail.message.replace(/^<input>:\d+:\d+: /, '')
        : 'syntax error';
  // The parser lists every token class it would accept; past a few that is noise.
  const message = raw.replace(/but expecting (.{60,})$/s, 'but expecting an operand or operator');
  return { code: 'CEL_SYNTAX', offset, message: `syntax error: ${message}` };
}

/**
 * Rewrites the planned AST (never the source): each comprehension's loop condition is wrapped in
 * the budget function, so every iteration is charged, and list accumulators append through the
 * in-place append function (see cel-environment.ts for why).
 */
function instrument(expr: Expr | undefined): void {
  if (expr === undefined) return;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'selectExpr':
      instrument(kind.value.operand);
      return;
    case 'callExpr':
      instrument(kind.value.target);
      kind.value.args.forEach(instrument);
      return;
    case 'listExpr':
      kind.value.elements.forEach(instrument);
      return;
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey') instrument(entry.keyKind.value);
        instrument(entry.value);
      }
      return;
    case 'comprehensionExpr': {
      const c = kind.value;
      [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].forEach(instrument);
      if (c.loopCondition !== undefined) {
        const condition: Expr = { ...c.loopCondition };
        c.loopCondition.exprKind = {
          case: 'callExpr',
          value: { $typeName: 'cel.expr.Expr.Call', function: BUDGET_FUNCTION, args: [condition] },
        };
      }
      rewriteAccumulatorAppend(c.loopStep, c.accuVar);
      return;
    }
    default:
      return;
  }
}

/** `@result + [x]` and `p ? @result + [x] : @result`, as the map and filter macros expand. */
function rewriteAccumulatorAppend(step: Expr | undefined, accumulator: string): void {
  if (step?.exprKind.case !== 'callExpr') return;
  const call = step.exprKind.value;
  if (call.function === '_?_:_') {
    call.args.slice(1).forEach((branch) => rewriteAccumulatorAppend(branch, accumulator));
    return;
  }
  const [left, right] = call.args;
  if (
    call.function === '_+_' &&
    left?.exprKind.case === 'identExpr' &&
    left.exprKind.value.name === accumulator &&
    right?.exprKind.case === 'listExpr'
  ) {
    call.function = APPEND_FUNCTION;
  }
}
