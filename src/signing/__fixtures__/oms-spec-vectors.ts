/**
 * OpenSSF Model Signing v1.0 vectors (standards §7). [SPEC] = from sigstore/model-transparency
 * `scripts/tests/v1.1.0-elliptic-key/` and ossf/model-signing-spec `test-vectors/v1.0/`;
 * [LOCAL] = computed for this project.
 */

/** [SPEC] the two signed files and their SHA-256 digests. */
export const SIGNME_FILES = [
  {
    path: 'signme-1',
    bytes: Buffer.from('7369676e6d652d310a', 'hex'), // "signme-1\n"
    digest: 'sha256:bc9a717db6064a32cbe9eae6fc40651dd6d36ef1757183f590eff2b1765d7ebc',
  },
  {
    path: 'signme-2',
    bytes: Buffer.from('7369676e6d652d32', 'hex'), // "signme-2"
    digest: 'sha256:32dcb1f8e1ae52d5963e56a6ba06ab58b424c15ed2a6b70d2feca1d089370028',
  },
] as const;

/** [SPEC] subject root digest over signme-1, signme-2. */
export const SIGNME_ROOT = '92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4';

/** [SPEC] the P-384 public key that signed `valid/key.bundle.json`, and its OMS key hint. */
export const SPEC_P384_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEsu6rZGBTjxtvRWPMixT+3HyndV0J0Ybt
aHZUcO4DEK+OJHO/4e32bb/fbJKSpRgcBsIpKLcVijUomyFOERbd7u+BTPSUjGZD
Qq6J7lTvp/EAXQGOKxW9RP0MGX3qAkvi
-----END PUBLIC KEY-----
`;
export const SPEC_P384_HINT = 'e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e';

/**
 * OMS v1.0 Appendix A: these two digests, listed there with subject `92745110…`; their real
 * root is `b941667a…` [LOCAL] (the appendix reused the signme root: an erratum).
 */
export const APPENDIX_A_RESOURCES = [
  {
    name: 'config.json',
    digest: '5e472403951781d18d5f790aa5b3316a5f535fc37a1052f6659c9c6af82e3643',
  },
  {
    name: 'weights.bin',
    digest: '4555555dc68d872c2270ba89ecc5f6f094812f65372b37e50071fe5168031c49',
  },
] as const;
export const APPENDIX_A_ROOT = 'b941667adf1337cbe83a15313561c531eb6b4d9f4dffd4bd073abd2b9893440b';
