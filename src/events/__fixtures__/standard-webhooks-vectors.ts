/**
 * [SPEC] The signing vector of the Standard Webhooks reference library
 * (standard-webhooks/standard-webhooks `libraries/javascript/src/webhook.test.ts`,
 * "sign function works"). Any conforming signer must produce exactly this header value.
 */
export const REFERENCE_VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
} as const;
