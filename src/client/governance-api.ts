import type {
  Promotion,
  PromotionStatus,
  RequestPromotionInput,
  ReviewItem,
} from '../approvals/index.js';
import type { Environment, EnvironmentInput } from '../environments/index.js';
import type { GateDecision, PolicyPack, PolicyPackSummary } from '../gates/index.js';
import { qs, seg, type HttpTransport } from './http-transport.js';

export type { Environment, EnvironmentInput, GateDecision, PolicyPack, PolicyPackSummary };
export type { Promotion, PromotionStatus, RequestPromotionInput, ReviewItem };

/** The body of PUT /environments/:name: an environment's whole configuration but its name. */
export type EnvironmentConfig = Omit<EnvironmentInput, 'name'>;

/** What a gate is asked to judge: a version of a model, for an environment. */
export interface GateCheckRequest {
  /** `[namespace/]name` or the model's id. */
  model: string;
  /** A sequence number, semantic version, alias or `latest`. */
  version: string;
  environment: string;
}

export interface PublishedPack {
  pack: PolicyPack;
  /** False when the content was identical to the latest version (nothing was recorded). */
  changed: boolean;
}

export interface PromotionQuery {
  status?: PromotionStatus;
  environment?: string;
  model?: string;
  /** `me`: only requests the caller could approve now, their approval inbox. */
  awaiting?: 'me';
  limit?: number;
}

/**
 * Environments, policy packs, gates, promotions and review items (server side:
 * src/server/routes/governance.ts). Reached as `client.governance`; method names are those of
 * the service functions they call (`checkGate`, `approvePromotion`, `overrideGate`, ...).
 */
export class GovernanceApi {
  constructor(private readonly http: HttpTransport) {}

  // ---- environments ----
  async listEnvironments(): Promise<Environment[]> {
    return (await this.http.json<{ items: Environment[] }>('GET', '/environments')).items;
  }
  getEnvironment(name: string): Promise<Environment> {
    return this.http.json('GET', `/environments/${seg(name)}`);
  }
  /** Creates or replaces the environment's whole configuration (its packs must exist). */
  putEnvironment(name: string, config: EnvironmentConfig): Promise<Environment> {
    return this.http.json('PUT', `/environments/${seg(name)}`, config);
  }
  deleteEnvironment(name: string): Promise<void> {
    return this.http.empty('DELETE', `/environments/${seg(name)}`);
  }

  // ---- policy packs ----
  /** The latest version of every pack. */
  async listPolicyPacks(): Promise<PolicyPackSummary[]> {
    return (await this.http.json<{ items: PolicyPackSummary[] }>('GET', '/policy-packs')).items;
  }
  getPolicyPack(name: string, version?: number): Promise<PolicyPack> {
    return this.http.json('GET', `/policy-packs/${seg(name)}${qs({ version })}`);
  }
  async policyPackHistory(name: string): Promise<PolicyPackSummary[]> {
    return (
      await this.http.json<{ items: PolicyPackSummary[] }>(
        'GET',
        `/policy-packs/${seg(name)}/history`,
      )
    ).items;
  }
  /** Publishes a pack's YAML source; POLICY_INVALID carries every problem in `details.problems`. */
  publishPolicyPack(source: string): Promise<PublishedPack> {
    return this.http.json('POST', '/policy-packs', { source });
  }
  /** Dry-runs one pack against a version: the decision is returned, nothing is recorded. */
  testPolicyPack(
    name: string,
    input: { model: string; version: string; environment?: string },
  ): Promise<GateDecision> {
    return this.http.json('POST', `/policy-packs/${seg(name)}/test`, input);
  }

  // ---- gates ----
  /** Evaluates and records a gate decision; a blocked gate is an answer, not an error. */
  checkGate(input: GateCheckRequest): Promise<GateDecision> {
    return this.http.json('POST', '/gates/check', input);
  }
  getGateDecision(id: string): Promise<GateDecision> {
    return this.http.json('GET', `/gates/decisions/${seg(id)}`);
  }
  async listGateDecisions(
    model: string,
    ref: string,
    environment?: string,
  ): Promise<GateDecision[]> {
    const page = await this.http.json<{ items: GateDecision[] }>(
      'GET',
      `/models/${seg(model)}/versions/${seg(ref)}/gate-decisions${qs({ environment })}`,
    );
    return page.items;
  }

  // ---- promotions ----
  /**
   * Requests a promotion. A blocked gate is an ApiError GATE_BLOCKED whose details carry
   * `promotionId` and the `decision` with every rule's result.
   */
  requestPromotion(input: RequestPromotionInput): Promise<Promotion> {
    return this.http.json('POST', '/promotions', input);
  }
  async listPromotions(query: PromotionQuery = {}): Promise<Promotion[]> {
    return (await this.http.json<{ items: Promotion[] }>('GET', `/promotions${qs({ ...query })}`))
      .items;
  }
  getPromotion(id: string): Promise<Promotion> {
    return this.http.json('GET', `/promotions/${seg(id)}`);
  }
  /** Separation of duties: the version's author, run owner or requester gets SEPARATION_OF_DUTIES. */
  approvePromotion(id: string, input: { reason?: string; role?: string } = {}): Promise<Promotion> {
    return this.http.json('POST', `/promotions/${seg(id)}/approve`, input);
  }
  /** The reason is required and recorded. */
  rejectPromotion(id: string, input: { reason: string }): Promise<Promotion> {
    return this.http.json('POST', `/promotions/${seg(id)}/reject`, input);
  }
  cancelPromotion(id: string): Promise<Promotion> {
    return this.http.json('POST', `/promotions/${seg(id)}/cancel`, undefined, true);
  }
  /** Break-glass: the justification (20+ characters) is ledgered and opens a review item. */
  overrideGate(id: string, input: { justification: string }): Promise<Promotion> {
    return this.http.json('POST', `/promotions/${seg(id)}/override`, input);
  }

  // ---- review items ----
  async listReviewItems(query: { status?: 'open' | 'resolved' } = {}): Promise<ReviewItem[]> {
    return (await this.http.json<{ items: ReviewItem[] }>('GET', `/review-items${qs(query)}`))
      .items;
  }
  resolveReviewItem(id: string, input: { resolution: string }): Promise<ReviewItem> {
    return this.http.json('POST', `/review-items/${seg(id)}/resolve`, input);
  }
}
